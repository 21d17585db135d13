/**
 * The schema, as numbered steps both SQLite and PostgreSQL run (plain SQL both understand). A store applies the steps
 * its database has not seen, in order, each in a transaction, and records it in `schema_migrations`; a new step goes
 * at the end, never edits an old one. Times are milliseconds since the epoch (BIGINT: both read it as an integer).
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE words (
     owner TEXT NOT NULL,
     phrase TEXT NOT NULL,
     sounds_like TEXT,
     phones TEXT,
     updated_at BIGINT NOT NULL,
     PRIMARY KEY (owner, phrase)
   );
   CREATE TABLE auto_texts (
     owner TEXT NOT NULL,
     name TEXT NOT NULL,
     body TEXT NOT NULL,
     updated_at BIGINT NOT NULL,
     PRIMARY KEY (owner, name)
   );`,
  // Bumped by every write to an owner's lists, in its transaction: a live recording asks for one number per owner to
  // learn that the user's words changed (on any instance), rather than reading the lists again.
  `CREATE TABLE list_revisions (
     owner TEXT PRIMARY KEY,
     revision BIGINT NOT NULL
   );`,
];

/** Counts one more change to an owner's lists (the owner is the only parameter). */
export const BUMP_REVISION = (param: string) =>
  `INSERT INTO list_revisions (owner, revision) VALUES (${param}, 1) ON CONFLICT (owner) DO UPDATE SET revision = list_revisions.revision + 1`;

export const CREATE_MIGRATIONS_TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)';
