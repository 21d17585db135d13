import type { SessionRecord, SessionStore } from './session-store.js';

/** In-process store: fast, and gone when the process exits (a restart logs everyone out, and says so). */
export class MemorySessionStore implements SessionStore {
  readonly #records = new Map<string, SessionRecord>();

  async get(id: string): Promise<SessionRecord | undefined> {
    const record = this.#records.get(id);
    return record && structuredClone(record);
  }

  async set(record: SessionRecord): Promise<void> {
    this.#records.set(record.id, structuredClone(record));
  }

  async delete(id: string): Promise<void> {
    this.#records.delete(id);
  }

  async liveSessionsOf(user: string): Promise<SessionRecord[]> {
    return [...this.#records.values()].filter((r) => r.user === user && !r.ended).map((r) => structuredClone(r));
  }

  async *all(): AsyncIterable<SessionRecord> {
    for (const record of [...this.#records.values()]) yield structuredClone(record);
  }
}
