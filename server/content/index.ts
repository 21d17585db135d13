import type { ContentConfig } from '../config.js';
import type { ContentStore } from './content-store.js';

export * from './content-store.js';

/** The configured store: PostgreSQL with `DATABASE_URL`, else the SQLite file (loaded only when used). */
export async function createContentStore(config: ContentConfig): Promise<ContentStore> {
  if (config.databaseUrl) {
    const { PostgresContentStore } = await import('./postgres-content-store.js');
    return PostgresContentStore.open(config.databaseUrl);
  }
  const { SqliteContentStore } = await import('./sqlite-content-store.js');
  return new SqliteContentStore(config.sqliteFile);
}
