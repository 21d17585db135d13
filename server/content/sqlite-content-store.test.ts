import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentStoreContract } from './content-store.contract.js';
import { SqliteContentStore } from './sqlite-content-store.js';

// The embedded store, on a real SQLite file per test (a new one for `open`, the same one for `reopen`).
const dir = mkdtempSync(join(tmpdir(), 'content-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
contentStoreContract(
  'SQLite',
  async () => new SqliteContentStore(join(dir, `db-${++n}`, 'content.db')),
  async () => new SqliteContentStore(join(dir, `db-${n}`, 'content.db')),
);
