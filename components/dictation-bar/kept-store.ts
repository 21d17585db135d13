import { JournalStore } from './journal-store.js';

/**
 * The durable journal as the recorder uses it: opened once, keyed by the logged-in user and this page, and never
 * a reason for a recording to fail (without IndexedDB, or signed out, every call is a no-op).
 */
export class KeptStore {
  #store: Promise<JournalStore | null> | null = null;
  /** The owner key of one user, computed once, so calls made in order reach the store in order. */
  #owner: { user: string; ready: Promise<[JournalStore, string] | null> } | null = null;

  constructor(private readonly user: () => string | null) {}

  /** Runs `operation` for the logged-in user, or for `user` when given; resolves when done, never rejects. */
  async run(operation: (store: JournalStore, owner: string) => Promise<unknown>, user = this.user()): Promise<void> {
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

  #open(): Promise<JournalStore | null> {
    return (this.#store ??= JournalStore.open());
  }
}
