import { JournalStore } from './journal-store.js';
import type { Anchor, Take } from './take.js';

/**
 * The durable journal as the recorder uses it: opened once, keyed by the logged-in user and this page, and never
 * a reason for a recording to fail (without IndexedDB, or signed out, every call is a no-op).
 */
export class KeptStore {
  #store: Promise<JournalStore | null> | null = null;
  /** The owner key of one user, computed once, so calls made in order reach the store in order. */
  #owner: { user: string; ready: Promise<[JournalStore, string] | null> } | null = null;

  readonly #user: () => string | null;

  constructor(user: () => string | null) {

    this.#user = user;}

  /** Runs `operation` for the logged-in user, or for `user` when given; resolves when done, never rejects. */
  async run(operation: (store: JournalStore, owner: string) => Promise<unknown>, user = this.#user()): Promise<void> {
    if (!user) return;
    if (this.#owner?.user !== user) {
      const ready = Promise.all([this.#open(), JournalStore.owner(user, location.pathname)]).then(([store, owner]) =>
        store ? ([store, owner] as [JournalStore, string]) : null,
      );
      this.#owner = { user, ready };
    }
    const ready = await this.#owner.ready;
    if (ready) await operation(...ready).catch(() => undefined);
  }

  /** Writes the audio the durable journal does not have yet. */
  persistAudio(take: Take): Promise<void> {
    const from = Math.max(take.persisted, take.journal.start);
    const [pcm] = take.journal.read(from, Number.MAX_SAFE_INTEGER);
    take.persisted = take.journal.end;
    return pcm ? this.run((store) => store.appendAudio(take.id, from, pcm)) : Promise.resolve();
  }

  /** Writes where the take's text goes (its field, and the place in it) and from which offset its audio is kept. */
  saveTakeInfo(take: Take, anchor: Anchor): Promise<void> {
    const info = { id: take.id, field: take.fieldKey, before: anchor.before, offset: anchor.offset, createdAt: take.createdAt };
    return this.run((store, owner) => store.saveTake(owner, info, take.journal.start));
  }

  #open(): Promise<JournalStore | null> {
    return (this.#store ??= JournalStore.open());
  }
}
