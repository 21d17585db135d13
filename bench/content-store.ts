/**
 * How fast the store answers a user's lists (issue 24: at most 5 ms p95 with 10,000 users of 500 words each, SQLite,
 * this machine). Fills a store (a real SQLite file; PostgreSQL from Debian's package with `postgres`), then reads
 * random users' words and auto-texts, one at a time, as the server does when a stream opens or the panel lists them.
 *
 *   npx tsx bench/content-store.ts [users] [words]            (default 10000 500, SQLite)
 *   npx tsx bench/content-store.ts postgres [users] [words]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ContentStore, Owner } from '../server/content/index.js';
import { PostgresContentStore } from '../server/content/postgres-content-store.js';
import { SqliteContentStore } from '../server/content/sqlite-content-store.js';
import { startPostgres } from '../server/test/postgres.js';

const args = process.argv.slice(2);
const postgres = args[0] === 'postgres';
const [users = 10_000, words = 500] = args.filter((a) => a !== 'postgres').map(Number);
const READS = 2000;
const LIMITS = { words: 100_000, autoTexts: 100_000 };

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'content-bench-'));
  const pg = postgres ? await startPostgres() : null;
  const file = join(dir, 'content.db');
  const store: ContentStore = pg ? await PostgresContentStore.open(pg.url) : new SqliteContentStore(file);
  try {
    const started = performance.now();
    for (let u = 0; u < users; u++) {
      const owner: Owner = { kind: 'user', id: `user${u}` };
      await store.replaceWords(owner, Array.from({ length: words }, (_, w) => ({ phrase: `word${w} of user${u}` })), LIMITS);
      if (u % 10 === 0) await store.putAutoText(owner, 'normal chest exam', 'Chest [clear|wheeze] bilaterally. Heart [regular].', LIMITS);
    }
    const fillSeconds = (performance.now() - started) / 1000;
    const times: number[] = [];
    const autoTextTimes: number[] = [];
    for (let i = 0; i < READS; i++) {
      const owner: Owner = { kind: 'user', id: `user${Math.floor(Math.random() * users)}` };
      let t = performance.now();
      const list = await store.words(owner);
      times.push(performance.now() - t);
      if (list.length !== words) throw new Error(`read ${list.length} words, not ${words}`);
      t = performance.now();
      await store.autoTexts(owner);
      autoTextTimes.push(performance.now() - t);
    }
    const size = pg ? '' : `, file ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB`;
    console.log(`${pg ? 'PostgreSQL' : 'SQLite'}: ${users} users x ${words} words, filled in ${fillSeconds.toFixed(0)} s${size}`);
    console.log(`  a user's words (${words}): p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms (${READS} reads)`);
    console.log(`  a user's auto-texts: p50 ${percentile(autoTextTimes, 50).toFixed(2)} ms, p95 ${percentile(autoTextTimes, 95).toFixed(2)} ms`);
  } finally {
    await store.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
