import pg from 'pg';
import type { VocabularyEntry } from '../../protocol/index.js';
import { ContentLimitError, ownerKey, type ContentLimits, type ContentStore, type Owner, type StoredAutoText, type StoredWord } from './content-store.js';
import { BUMP_REVISION, CREATE_MIGRATIONS_TABLE, MIGRATIONS } from './migrations.js';

// BIGINT comes back as a string by default (it may exceed 2^53); milliseconds since the epoch do not.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * The shared store: PostgreSQL, for several instances (`DATABASE_URL`). Each write that a limit guards takes a
 * transaction-scoped advisory lock on its owner, so two instances adding an owner's last allowed entry at once
 * cannot both succeed; reads take no lock.
 */
export class PostgresContentStore implements ContentStore {
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Connects and brings the schema up to date (under a lock: instances starting together migrate once). */
  static async open(url: string): Promise<PostgresContentStore> {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle client that loses its server must not crash the process: the next query reports it.
    pool.on('error', () => {});
    const store = new PostgresContentStore(pool);
    await store.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7370001)');
      await client.query(CREATE_MIGRATIONS_TABLE);
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const [i, sql] of MIGRATIONS.entries()) {
        if (done.has(i + 1)) continue;
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [i + 1, Date.now()]);
      }
    });
    return store;
  }

  async #transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Serialises this owner's guarded writes across every instance until the transaction ends. */
  #lockOwner(client: pg.PoolClient, key: string) {
    return client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
  }

  async words(owner: Owner): Promise<StoredWord[]> {
    const { rows } = await this.#pool.query<{ phrase: string; sounds_like: string | null; phones: string | null; updated_at: number }>(
      'SELECT phrase, sounds_like, phones, updated_at FROM words WHERE owner = $1 ORDER BY phrase COLLATE "C"',
      [ownerKey(owner)],
    );
    return rows.map((r) => ({
      phrase: r.phrase,
      ...(r.sounds_like !== null ? { soundsLike: r.sounds_like } : {}),
      ...(r.phones !== null ? { phones: r.phones } : {}),
      updatedAt: r.updated_at,
    }));
  }

  async putWord(owner: Owner, entry: VocabularyEntry, limits: ContentLimits): Promise<StoredWord> {
    const key = ownerKey(owner);
    const updatedAt = Date.now();
    await this.#transaction(async (client) => {
      await this.#lockOwner(client, key);
      const exists = (await client.query('SELECT 1 FROM words WHERE owner = $1 AND phrase = $2', [key, entry.phrase])).rowCount! > 0;
      const n = Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM words WHERE owner = $1', [key])).rows[0]!.n);
      if (!exists && n >= limits.words) throw new ContentLimitError('words', limits.words);
      await client.query(
        `INSERT INTO words (owner, phrase, sounds_like, phones, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (owner, phrase) DO UPDATE SET sounds_like = excluded.sounds_like, phones = excluded.phones, updated_at = excluded.updated_at`,
        [key, entry.phrase, entry.soundsLike ?? null, entry.phones ?? null, updatedAt],
      );
      await client.query(BUMP_REVISION('$1'), [key]);
    });
    return { ...entry, updatedAt };
  }

  async deleteWord(owner: Owner, phrase: string): Promise<boolean> {
    return this.#delete('DELETE FROM words WHERE owner = $1 AND phrase = $2', ownerKey(owner), phrase);
  }

  async replaceWords(owner: Owner, entries: VocabularyEntry[], limits: ContentLimits): Promise<void> {
    if (new Set(entries.map((e) => e.phrase)).size > limits.words) throw new ContentLimitError('words', limits.words);
    const key = ownerKey(owner);
    const updatedAt = Date.now();
    await this.#transaction(async (client) => {
      await this.#lockOwner(client, key);
      await client.query('DELETE FROM words WHERE owner = $1', [key]);
      for (const e of entries) {
        await client.query(
          `INSERT INTO words (owner, phrase, sounds_like, phones, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (owner, phrase) DO UPDATE SET sounds_like = excluded.sounds_like, phones = excluded.phones`,
          [key, e.phrase, e.soundsLike ?? null, e.phones ?? null, updatedAt],
        );
      }
      await client.query(BUMP_REVISION('$1'), [key]);
    });
  }

  async autoTexts(owner: Owner): Promise<StoredAutoText[]> {
    const { rows } = await this.#pool.query<{ name: string; body: string; updated_at: number }>(
      'SELECT name, body, updated_at FROM auto_texts WHERE owner = $1 ORDER BY name COLLATE "C"',
      [ownerKey(owner)],
    );
    return rows.map((r) => ({ name: r.name, body: r.body, updatedAt: r.updated_at }));
  }

  async putAutoText(owner: Owner, name: string, body: string, limits: ContentLimits): Promise<StoredAutoText> {
    const key = ownerKey(owner);
    const updatedAt = Date.now();
    await this.#transaction(async (client) => {
      await this.#lockOwner(client, key);
      const exists = (await client.query('SELECT 1 FROM auto_texts WHERE owner = $1 AND name = $2', [key, name])).rowCount! > 0;
      const n = Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM auto_texts WHERE owner = $1', [key])).rows[0]!.n);
      if (!exists && n >= limits.autoTexts) throw new ContentLimitError('autoTexts', limits.autoTexts);
      await client.query(
        `INSERT INTO auto_texts (owner, name, body, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (owner, name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        [key, name, body, updatedAt],
      );
      await client.query(BUMP_REVISION('$1'), [key]);
    });
    return { name, body, updatedAt };
  }

  async deleteAutoText(owner: Owner, name: string): Promise<boolean> {
    return this.#delete('DELETE FROM auto_texts WHERE owner = $1 AND name = $2', ownerKey(owner), name);
  }

  async revision(owners: readonly Owner[]): Promise<string> {
    const keys = owners.map(ownerKey);
    const { rows } = await this.#pool.query<{ owner: string; revision: number }>('SELECT owner, revision FROM list_revisions WHERE owner = ANY($1)', [keys]);
    const byOwner = new Map(rows.map((r) => [r.owner, r.revision]));
    return keys.map((k) => byOwner.get(k) ?? 0).join('.');
  }

  #delete(sql: string, key: string, name: string): Promise<boolean> {
    return this.#transaction(async (client) => {
      const deleted = (await client.query(sql, [key, name])).rowCount! > 0;
      if (deleted) await client.query(BUMP_REVISION('$1'), [key]);
      return deleted;
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
