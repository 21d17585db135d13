import type { Phrase } from '../shared/localize.js';
import type { AudioJournal } from './audio-journal.js';
import type { KeptUtterance, StoredTake, UnsavedText } from './journal-store.js';
import type { KeptStore } from './kept-store.js';
import { holdLock } from './take-lock.js';
import { countWords, createTake, type Anchor, type Inserted, type Take } from './take.js';
import type { EditableField } from './text-insertion.js';

export interface KeptRecoveryOptions {
  /** Who is logged in; null in single-user mode or signed out. */
  user(): string | null;
  currentField(): EditableField | null;
  findField(key: string): EditableField | null;
  insert(field: EditableField, raw: string, anchor: Anchor | null): Inserted | null;
  /** What was dictated into `field` before, utterance by utterance. */
  remember(field: EditableField, utterances: readonly KeptUtterance[]): void;
  /** Kept speech or text is about to be recovered; false when the page took it over or vetoed it. */
  confirmRecovery(kept: { field: string; audio: AudioJournal | null; text: string | null }): boolean;
  /** Whether the recorder has a take in hand (a stored one waits until it is done). */
  busy(): boolean;
  /** A stored take to transcribe now (`field` null: the page has no field for it yet; it stays pending). */
  adopt(take: Take<EditableField>): void;
  notice(phrase: Phrase): void;
}

/**
 * What an earlier page (a reload, a crash, a `login-url` redirect) kept in the durable journal, recovered after a
 * login: dictated text the page never confirmed saved is put back, and kept speech is transcribed, one take at a time.
 */
export class KeptRecovery {
  /** Stored takes found after a login, waiting their turn. */
  #queue: StoredTake[] = [];
  #checkedFor: string | null = null;
  /**
   * Takes this page finished (their text delivered): their durable copy, read before its deletion reached the store,
   * is never transcribed a second time.
   */
  readonly #finished = new Set<string>();

  readonly #kept: KeptStore;
  readonly #options: KeptRecoveryOptions;

  constructor(kept: KeptStore, options: KeptRecoveryOptions) {
    this.#kept = kept;
    this.#options = options;
  }

  /** After a login: looks once per user for what is kept, then recovers it. */
  async load(): Promise<void> {
    const user = this.#options.user();
    if (!user || this.#checkedFor === user) return;
    this.#checkedFor = user;
    let texts: UnsavedText[] = [];
    let takes: StoredTake[] = [];
    await this.#kept.as(user, async (store, owner) => {
      texts = await store.texts(owner);
      takes = await store.takes(owner);
    });
    if (this.#checkedFor !== user) return; // another user logged in meanwhile: none of it is theirs
    for (const unsaved of texts) this.#restoreText(unsaved);
    this.#queue.push(...takes.filter((take) => !this.#finished.has(take.id)));
    if (!this.#options.busy()) await this.next();
  }

  /** The take `id` is done here: whatever copy of it is found later is not recovered. */
  finished(id: string): void {
    this.#finished.add(id);
    this.#queue = this.#queue.filter((take) => take.id !== id);
  }

  /** Forgets what was found (the user's kept data was deleted, or the bar left the page). */
  reset(): void {
    this.#queue = [];
    this.#checkedFor = null;
  }

  /** The take in hand is done: the next stored one, if any. */
  async next(): Promise<void> {
    while (this.#queue.length && !this.#options.busy()) {
      const stored = this.#queue.shift()!;
      if (this.#finished.has(stored.id)) continue;
      if (stored.audio.samples === 0) {
        void this.#kept.withStore((store) => store.deleteTake(stored.id));
        continue;
      }
      // Another tab of this browser may be recovering it (or still recording it): leave it to that tab.
      const release = await holdLock(stored.id, { ifAvailable: true });
      if (release === null || this.#options.busy()) {
        release?.();
        continue;
      }
      if (!this.#options.confirmRecovery({ field: stored.field, audio: stored.audio, text: null })) {
        release();
        void this.#kept.withStore((store) => store.deleteTake(stored.id));
        continue;
      }
      const end = stored.audio.end;
      this.#options.adopt(
        createTake({
          id: stored.id,
          user: this.#checkedFor,
          kept: true,
          field: this.#options.findField(stored.field) ?? this.#options.currentField(),
          fieldKey: stored.field,
          createdAt: stored.createdAt,
          anchor: { before: stored.before, offset: stored.offset },
          journal: stored.audio,
          persisted: end,
          owedUntil: end,
          release,
        }),
      );
    }
  }

  /** Text dictated before the page went away and never confirmed saved: put back if the page did not keep it. */
  #restoreText(unsaved: UnsavedText): void {
    const field = this.#options.findField(unsaved.field);
    if (!field) return;
    const content = 'value' in field ? (field as HTMLTextAreaElement).value : (field.textContent ?? '');
    // Where the page kept it, or once it is put back: what was dictated there is known again, utterance by utterance.
    const remember = () => this.#options.remember(field, unsaved.utterances ?? []);
    if (normalise(content).includes(normalise(unsaved.text))) return remember(); // the page kept it
    if (!this.#options.confirmRecovery({ field: unsaved.field, audio: null, text: unsaved.text })) return;
    const inserted = this.#options.insert(field, unsaved.text, { before: unsaved.before, offset: unsaved.offset });
    if (inserted) {
      remember();
      this.#options.notice(['restored', countWords(unsaved.text)]);
    }
  }
}

/** Text as compared for "the page already has it": spacing and case do not matter. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
