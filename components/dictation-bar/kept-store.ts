import { journalOwner, type JournalOwner } from './journal-owner.js';
import { JournalStore } from './journal-store.js';
import type { Anchor, Inserted, Take } from './take.js';
import type { EditableField } from './text-insertion.js';

/** Fetches the server's journal key for `user`'s live session (raw bytes), or null when there is none. */
export type JournalKeySource = (user: string) => Promise<Uint8Array<ArrayBuffer> | null>;

/**
 * The durable journal as the recorder uses it. A take is written as the user who dictated it, with the key that
 * user's live session fetched: a take outlives its session (speech kept through an outage is written after the
 * session ended), so the key stays in the page's memory until another user logs in here or the page goes. Without a
 * key, IndexedDB or WebCrypto, nothing is written and nothing fails: the take lives on in memory.
 *
 * Every call reaches the store in the order it was made (appends, trims, deletes), whatever it waits for.
 */
export class KeptStore {
  #store: Promise<JournalStore | null> | null = null;
  /** No IndexedDB or WebCrypto here: nothing is ever written. */
  #unavailable = false;
  /** The keys this page holds, by user: those whose takes may be in hand. */
  readonly #owners = new Map<string, Promise<JournalOwner | null>>();
  #queue: Promise<unknown> = Promise.resolve();
  readonly #fetchKey: JournalKeySource;
  readonly #anchorOf: (field: EditableField) => Anchor;

  /** `anchorOf`: where the next words go in a field, for a take that has no anchor of its own. */
  constructor(fetchKey: JournalKeySource, anchorOf: (field: EditableField) => Anchor) {
    this.#fetchKey = fetchKey;
    this.#anchorOf = anchorOf;
  }

  /** `user` has a live session here: their key is fetched now (once), before any outage could make it unreachable. */
  unlock(user: string): void {
    if (this.#owners.has(user)) return;
    const owner = this.#fetchKey(user)
      .then((raw) => (raw ? journalOwner(raw, location.pathname) : null))
      .catch(() => null);
    this.#owners.set(user, owner);
    // A failed fetch is tried again at the next live session.
    void owner.then((found) => found || this.#owners.get(user) !== owner || this.#owners.delete(user));
  }

  /** Drops every key but `keep`'s (another user logged in here, or, with null, the page is going). */
  lockAllBut(keep: string | null): void {
    for (const user of [...this.#owners.keys()]) if (user !== keep) this.#owners.delete(user);
  }

  /** Runs `operation` as `user` (in call order); false, and nothing run, without that user's key or a store. */
  as(user: string | null, operation: (store: JournalStore, owner: JournalOwner) => Promise<unknown>): Promise<boolean> {
    // The key as held now: a call made before the key is dropped still writes with it.
    const pending = user === null ? undefined : this.#owners.get(user);
    return this.#enqueue(async () => {
      const owner = await pending;
      const store = owner ? await this.#open() : null;
      if (!owner || !store) return false;
      return operation(store, owner).then(
        (result) => result !== false,
        () => false,
      );
    });
  }

  /** Runs an operation that needs no key (a take's trims and deletion, by its id), in call order. */
  withStore(operation: (store: JournalStore) => Promise<unknown>): Promise<void> {
    return this.#enqueue(async () => {
      const store = await this.#open();
      if (store) await operation(store).catch(() => undefined);
    });
  }

  /** Writes the audio the durable journal does not have yet (after the take's record: see `saveTakeInfo`). */
  persistAudio(take: Take): Promise<void> {
    // Nowhere to write it (single-user mode, no key for its user, no IndexedDB): `persisted` stays where it is, so
    // the first write that can happen takes everything kept.
    if (take.user === null || !this.#owners.has(take.user) || this.#unavailable) return Promise.resolve();
    const from = Math.max(take.persisted, take.journal.start);
    const [pcm] = take.journal.read(from, Number.MAX_SAFE_INTEGER);
    if (!pcm) return Promise.resolve();
    take.persisted = take.journal.end;
    return this.as(take.user, async (store, owner) => {
      if (!take.kept) return false;
      // False when its record is gone (the size bound deleted it): written again first, next time.
      return (take.kept = await store.appendAudio(owner, take.id, from, pcm));
    }).then((written) => {
      // Not written: everything kept goes at the next write (reading takes the first copy of each sample).
      if (!written) take.persisted = take.journal.start;
    });
  }

  /** Writes the audio the journal does not have yet, after the take's record (`withInfo`: that record updated too). */
  keep(take: Take<EditableField>, withInfo = false): Promise<void> {
    if (withInfo || !take.kept) void this.saveTakeInfo(take);
    return this.persistAudio(take);
  }

  /** Writes where the take's text goes (its field, and the place in it) and from which offset its audio is kept. */
  saveTakeInfo(take: Take<EditableField>): Promise<void> {
    const anchor = take.anchor ?? (take.field ? this.#anchorOf(take.field) : { before: '', offset: 0 });
    const info = { id: take.id, field: take.fieldKey, before: anchor.before, offset: anchor.offset, createdAt: take.createdAt };
    return this.as(take.user, async (store, owner) => {
      await store.saveTake(owner, info, take.journal.start);
      take.kept = true;
    }).then(() => undefined);
  }

  /** Text of the take went into its field: kept too, with the place it went to, until the page confirms a save. */
  keepText(take: Take, inserted: Inserted, alternatives?: readonly string[]): void {
    void this.as(take.user, (store, owner) => store.appendText(owner, take.fieldKey, inserted.text, inserted.at, alternatives));
  }

  /** The server delivered the text of the take's audio before `offset`. */
  forgetBefore(take: Take, offset: number): void {
    void this.withStore((store) => store.forgetBefore(take.id, offset));
  }

  /** The take is done (or discarded): nothing of it stays. */
  forget(takeId: string): void {
    void this.withStore((store) => store.deleteTake(takeId));
  }

  /** The page saved `user`'s work: the text they dictated so far is safe with it. */
  confirmSaved(user: string): void {
    void this.as(user, (store, owner) => store.deleteTexts(owner));
  }

  /** An explicit logout after the page's saves succeeded: all of `user`'s entries go (`textsOnly`: speech stays). */
  async forgetUser(user: string, textsOnly: boolean): Promise<void> {
    await this.as(user, (store, owner) => (textsOnly ? store.deleteTexts(owner) : store.deleteOwner(owner)));
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #open(): Promise<JournalStore | null> {
    return (this.#store ??= JournalStore.open().then((store) => {
      this.#unavailable = store === null;
      return store;
    }));
  }
}
