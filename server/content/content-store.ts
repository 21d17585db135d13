import type { VocabularyEntry } from '../../protocol/index.js';

/**
 * Whose list: a clinician's own, or a team's (managed by its admins). A user's entry wins over a team's of the same
 * phrase or name when the lists are merged for them.
 */
export type Owner = { kind: 'user'; id: string } | { kind: 'team'; id: string };

export interface StoredWord extends VocabularyEntry {
  updatedAt: number;
}

export interface StoredAutoText {
  /** What is said after "insert". */
  name: string;
  /** The text with its fields (`[ ]`, `[default]`, `[a|b|c]`: protocol/auto-texts.ts). */
  body: string;
  updatedAt: number;
}

/** How many entries one owner may have; a put beyond it is refused and changes nothing. */
export interface ContentLimits {
  words: number;
  autoTexts: number;
}

/** A put would take the owner past a limit: nothing was written. */
export class ContentLimitError extends Error {
  constructor(
    readonly what: 'words' | 'autoTexts',
    readonly limit: number,
  ) {
    super(`at most ${limit} ${what === 'words' ? 'words and phrases' : 'auto-texts'} per ${'list'}`);
    this.name = 'ContentLimitError';
  }
}

/**
 * Where clinicians' and teams' own words and auto-texts live: SQLite embedded (one file, `npm start` needs nothing),
 * PostgreSQL when several instances share them (`DATABASE_URL`). Both pass `content-store.contract.ts`. Entries are
 * checked before they get here (protocol/vocabulary-entries.ts, protocol/auto-texts.ts); a store enforces the count
 * limits itself, in the transaction that writes, so two instances cannot both add the last one allowed.
 */
export interface ContentStore {
  words(owner: Owner): Promise<StoredWord[]>;
  /** Adds or replaces the entry for `entry.phrase`. */
  putWord(owner: Owner, entry: VocabularyEntry, limits: ContentLimits): Promise<StoredWord>;
  /** Whether there was such a phrase. */
  deleteWord(owner: Owner, phrase: string): Promise<boolean>;
  /** Replaces the whole list (an import), all or nothing. */
  replaceWords(owner: Owner, entries: VocabularyEntry[], limits: ContentLimits): Promise<void>;
  autoTexts(owner: Owner): Promise<StoredAutoText[]>;
  /** Adds or replaces the auto-text called `name`. */
  putAutoText(owner: Owner, name: string, body: string, limits: ContentLimits): Promise<StoredAutoText>;
  deleteAutoText(owner: Owner, name: string): Promise<boolean>;
  /** A value that changes whenever any of these owners' lists change (one indexed read, cheap to ask often). */
  revision(owners: readonly Owner[]): Promise<string>;
  close(): Promise<void>;
}

/** An owner as one key column: `user:ana`, `team:cardiology`. */
export const ownerKey = (owner: Owner) => `${owner.kind}:${owner.id}`;
