import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { VocabularyEntry } from '../../protocol/index.js';
import { ContentLimitError, ownerKey, type ContentLimits, type ContentStore, type Owner, type StoredAutoText, type StoredWord } from './content-store.js';
import { BUMP_REVISION, CREATE_MIGRATIONS_TABLE, MIGRATIONS } from './migrations.js';

interface WordRow {
  phrase: string;
  sounds_like: string | null;
  phones: string | null;
  updated_at: number;
}

const toWord = (row: WordRow): StoredWord => ({
  phrase: row.phrase,
  ...(row.sounds_like !== null ? { soundsLike: row.sounds_like } : {}),
  ...(row.phones !== null ? { phones: row.phones } : {}),
  updatedAt: row.updated_at,
});

/**
 * The embedded store: one SQLite file (WAL: readers never wait for the writer, a crash loses no committed entry).
 * better-sqlite3 is synchronous, and each call is a millisecond or less on an indexed key: the event loop is not
 * held long, and one process has one writer, so a count and the insert it allows are one transaction.
 */
export class SqliteContentStore implements ContentStore {
  readonly #db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#migrate();
  }

  #migrate(): void {
    this.#db.exec(CREATE_MIGRATIONS_TABLE);
    const done = new Set((this.#db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    MIGRATIONS.forEach((sql, i) => {
      const version = i + 1;
      if (done.has(version)) return;
      this.#db.transaction(() => {
        this.#db.exec(sql);
        this.#db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
      })();
    });
  }

  async words(owner: Owner): Promise<StoredWord[]> {
    const rows = this.#db.prepare('SELECT phrase, sounds_like, phones, updated_at FROM words WHERE owner = ? ORDER BY phrase').all(ownerKey(owner)) as WordRow[];
    return rows.map(toWord);
  }

  async putWord(owner: Owner, entry: VocabularyEntry, limits: ContentLimits): Promise<StoredWord> {
    const key = ownerKey(owner);
    const updatedAt = Date.now();
    this.#db.transaction(() => {
      const exists = this.#db.prepare('SELECT 1 FROM words WHERE owner = ? AND phrase = ?').get(key, entry.phrase);
      const { n } = this.#db.prepare('SELECT COUNT(*) AS n FROM words WHERE owner = ?').get(key) as { n: number };
      if (!exists && n >= limits.words) throw new ContentLimitError('words', limits.words);
      this.#db
        .prepare(
          `INSERT INTO words (owner, phrase, sounds_like, phones, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (owner, phrase) DO UPDATE SET sounds_like = excluded.sounds_like, phones = excluded.phones, updated_at = excluded.updated_at`,
        )
        .run(key, entry.phrase, entry.soundsLike ?? null, entry.phones ?? null, updatedAt);
      this.#bump(key);
    })();
    return { ...entry, updatedAt };
  }

  async deleteWord(owner: Owner, phrase: string): Promise<boolean> {
    return this.#delete('DELETE FROM words WHERE owner = ? AND phrase = ?', ownerKey(owner), phrase);
  }

  async replaceWords(owner: Owner, entries: VocabularyEntry[], limits: ContentLimits): Promise<void> {
    if (new Set(entries.map((e) => e.phrase)).size > limits.words) throw new ContentLimitError('words', limits.words);
    const key = ownerKey(owner);
    const updatedAt = Date.now();
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM words WHERE owner = ?').run(key);
      const insert = this.#db.prepare(
        `INSERT INTO words (owner, phrase, sounds_like, phones, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (owner, phrase) DO UPDATE SET sounds_like = excluded.sounds_like, phones = excluded.phones`,
      );
      for (const e of entries) insert.run(key, e.phrase, e.soundsLike ?? null, e.phones ?? null, updatedAt);
      this.#bump(key);
    })();
  }

  async autoTexts(owner: Owner): Promise<StoredAutoText[]> {
    const rows = this.#db.prepare('SELECT name, body, updated_at FROM auto_texts WHERE owner = ? ORDER BY name').all(ownerKey(owner)) as {
      name: string;
      body: string;
      updated_at: number;
    }[];
    return rows.map((r) => ({ name: r.name, body: r.body, updatedAt: r.updated_at }));
  }

  async putAutoText(owner: Owner, name: string, body: string, limits: ContentLimits): Promise<StoredAutoText> {
    const key = ownerKey(owner);
    const updatedAt = Date.now();
    this.#db.transaction(() => {
      const exists = this.#db.prepare('SELECT 1 FROM auto_texts WHERE owner = ? AND name = ?').get(key, name);
      const { n } = this.#db.prepare('SELECT COUNT(*) AS n FROM auto_texts WHERE owner = ?').get(key) as { n: number };
      if (!exists && n >= limits.autoTexts) throw new ContentLimitError('autoTexts', limits.autoTexts);
      this.#db
        .prepare(
          `INSERT INTO auto_texts (owner, name, body, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (owner, name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        )
        .run(key, name, body, updatedAt);
      this.#bump(key);
    })();
    return { name, body, updatedAt };
  }

  async deleteAutoText(owner: Owner, name: string): Promise<boolean> {
    return this.#delete('DELETE FROM auto_texts WHERE owner = ? AND name = ?', ownerKey(owner), name);
  }

  async revision(owners: readonly Owner[]): Promise<string> {
    const read = this.#db.prepare('SELECT revision FROM list_revisions WHERE owner = ?').pluck();
    return owners.map((o) => (read.get(ownerKey(o)) as number | undefined) ?? 0).join('.');
  }

  #delete(sql: string, key: string, name: string): boolean {
    return this.#db.transaction(() => {
      const deleted = this.#db.prepare(sql).run(key, name).changes > 0;
      if (deleted) this.#bump(key);
      return deleted;
    })();
  }

  #bump(key: string): void {
    this.#db.prepare(BUMP_REVISION('?')).run(key);
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
