import { after, before } from 'node:test';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../test/postgres.js';
import { contentStoreContract } from './content-store.contract.js';
import { PostgresContentStore } from './postgres-content-store.js';

// The shared store, on a real PostgreSQL (Debian's) started on a free port: a new database for `open`, the same one
// for `reopen` (a restart, or a second instance).
let server: TestPostgres;
before(async () => {
  server = await startPostgres();
});
after(() => server?.stop());

let n = 0;
const urlOf = (i: number) => server.url.replace(/\/postgres$/, `/content_${i}`);
contentStoreContract(
  'PostgreSQL',
  async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE content_${++n}`);
    await admin.end();
    return PostgresContentStore.open(urlOf(n));
  },
  async () => PostgresContentStore.open(urlOf(n)),
);
