import type { EndReason } from '../../protocol/index.js';

/** One login. Times are epoch milliseconds. */
export interface SessionRecord {
  id: string;
  user: string;
  createdAt: number;
  lastActivityAt: number;
  expiresAt: number;
  /** Hard cap: no activity or extension moves `expiresAt` past this. */
  absoluteExpiresAt: number;
  /** Set once the session has ended; the record is kept as a tombstone so a stale cookie gets the exact reason. */
  ended?: { reason: EndReason; at: number };
}

/**
 * Where sessions live. Async so that a shared store (Redis) can implement it; the in-memory one is the default.
 * Implementations store copies: callers never mutate a record that is in the store.
 */
export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  set(record: SessionRecord): Promise<void>;
  delete(id: string): Promise<void>;
  /** Live (not ended) sessions of one user. */
  liveSessionsOf(user: string): Promise<SessionRecord[]>;
  /** Every record, live or tombstone, for the sweep. */
  all(): AsyncIterable<SessionRecord>;
}
