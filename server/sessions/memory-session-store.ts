import { EndReason } from '../../protocol/index.js';
import { DueQueue } from './due-queue.js';
import type { ExpiryControl } from './expiry-control.js';
import type { Detach, EndedSession, SessionRecord, SessionStore } from './session-store.js';

/** A copy that shares nothing with the stored record (a structuredClone costs several times more on every check). */
function copy(record: SessionRecord): SessionRecord {
  const out = { ...record };
  if (record.ended) out.ended = { ...record.ended };
  if (record.detached) out.detached = { ...record.detached };
  return out;
}

/** When something next happens to a record: it expires, its grace runs out, or (ended) its tombstone goes. */
export function dueAt(record: SessionRecord): number {
  if (record.ended) return record.absoluteExpiresAt;
  return Math.min(record.expiresAt, record.detached?.until ?? Number.POSITIVE_INFINITY);
}

/**
 * In-process store: fast, and gone when the process exits (a restart logs everyone out, and says so). One process
 * owns it, so "atomic" is simply "synchronous between two awaits". Finding a user's sessions and what is due never
 * walks all sessions.
 */
export class MemorySessionStore implements SessionStore, ExpiryControl {
  readonly #records = new Map<string, SessionRecord>();
  /** User -> ids of their live sessions. */
  readonly #liveByUser = new Map<string, Set<string>>();
  /** Session id -> instances holding its sockets (one, unless tests share the store between apps). */
  readonly #presence = new Map<string, string[]>();
  readonly #due = new DueQueue();

  /** Records kept, live and tombstones (for tests and benchmarks). */
  get size(): number {
    return this.#records.size;
  }

  async create(record: SessionRecord, now: number): Promise<EndedSession[]> {
    const ended: EndedSession[] = [];
    for (const id of [...(this.#liveByUser.get(record.user) ?? [])]) {
      const replaced = this.#end(id, EndReason.Replaced, now);
      if (replaced) ended.push(replaced);
    }
    this.#records.set(record.id, copy(record));
    let ids = this.#liveByUser.get(record.user);
    if (!ids) this.#liveByUser.set(record.user, (ids = new Set()));
    ids.add(record.id);
    this.#due.scheduleBy(record.id, dueAt(record));
    return ended;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const record = this.#records.get(id);
    return record && copy(record);
  }

  async slide(id: string, now: number, idleMs: number, extendMs: number): Promise<SessionRecord | undefined> {
    const record = this.#live(id);
    if (!record) return undefined;
    record.lastActivityAt = now;
    // An extension sets the expiry from now, never past the absolute timeout: pressing it again does not stack.
    record.expiresAt = Math.min(Math.max(record.expiresAt, now + Math.max(idleMs, extendMs)), record.absoluteExpiresAt);
    return copy(record);
  }

  async setExpiry(id: string, expiresAt: number, absolute: boolean): Promise<SessionRecord | undefined> {
    const record = this.#live(id);
    if (!record) return undefined;
    record.expiresAt = expiresAt;
    if (absolute) record.absoluteExpiresAt = Math.min(record.absoluteExpiresAt, expiresAt);
    this.#due.scheduleBy(id, dueAt(record));
    return copy(record);
  }

  async end(id: string, reason: EndReason, now: number): Promise<EndedSession | undefined> {
    return this.#end(id, reason, now);
  }

  async setPresence(id: string, instance: string, present: boolean, now: number, detach: Detach): Promise<void> {
    const holders = this.#presence.get(id);
    const at = holders?.indexOf(instance) ?? -1;
    if (present && at < 0) {
      // A literal, not a push onto []: that would reserve room for 17.
      if (holders) holders.push(instance);
      else this.#presence.set(id, [instance]);
    }
    if (!present && holders && at >= 0) {
      holders.splice(at, 1);
      if (holders.length === 0) this.#presence.delete(id);
    }
    const record = this.#live(id);
    if (!record) {
      this.#presence.delete(id);
      return;
    }
    if (this.#presence.has(id)) {
      delete record.detached;
    } else if (!present && !record.detached) {
      record.detached = { at: now, until: now + detach.graceMs, cause: detach.cause };
      this.#due.scheduleBy(id, dueAt(record));
    }
  }

  // One instance: no other instance can die and leave sessions behind, so the grace of a reaped instance is unused.
  async endDue(now: number, limit: number, _graceMs?: number): Promise<EndedSession[]> {
    const ended: EndedSession[] = [];
    let id: string | undefined;
    while (ended.length < limit && (id = this.#due.takeDue(now)) !== undefined) {
      const record = this.#records.get(id);
      if (!record) continue;
      if (record.ended) {
        if (now >= record.absoluteExpiresAt) this.#records.delete(id);
        else this.#due.schedule(id, dueAt(record));
        continue;
      }
      // The time may have moved since the entry was queued (activity, a socket back): then it is only put back.
      const reason = now >= record.expiresAt ? EndReason.Expired : record.detached && now >= record.detached.until ? record.detached.cause : null;
      if (reason) {
        const one = this.#end(id, reason, now);
        if (one) ended.push(one);
      } else {
        this.#due.schedule(id, dueAt(record));
      }
    }
    return ended;
  }

  onEndedElsewhere(): void {
    // One process, nobody else ends sessions.
  }

  onReconnected(): void {
    // Never unreachable.
  }

  async heartbeat(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}

  async disconnect(): Promise<void> {}

  #live(id: string): SessionRecord | undefined {
    const record = this.#records.get(id);
    return record && !record.ended ? record : undefined;
  }

  #end(id: string, reason: EndReason, now: number): EndedSession | undefined {
    const record = this.#live(id);
    if (!record) return undefined;
    record.ended = { reason, at: now };
    delete record.detached;
    this.#presence.delete(id);
    const ids = this.#liveByUser.get(record.user);
    ids?.delete(id);
    if (ids?.size === 0) this.#liveByUser.delete(record.user);
    // Kept until its absolute timeout, so a stale cookie learns why; the queue entry comes out then (or earlier,
    // and is put back).
    this.#due.scheduleBy(id, dueAt(record));
    return { id, user: record.user, reason };
  }
}
