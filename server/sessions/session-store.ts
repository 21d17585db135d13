import type { EndReason } from '../../protocol/index.js';

/** Why a session's last socket went away: what the session ends with if none comes back within the grace. */
export type DetachCause = EndReason.KeepAliveTimeout | EndReason.PageLeft | EndReason.ConnectionLost;

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
  /** Set while no server instance holds a socket of the session: it ends at `until` unless one comes back. */
  detached?: { at: number; until: number; cause: DetachCause };
}

/** A session that one store operation ended, with the reason. */
export interface EndedSession {
  id: string;
  user: string;
  reason: EndReason;
}

/** How long a session may live without a socket: the grace, and why its last socket left. */
export interface Detach {
  graceMs: number;
  cause: DetachCause;
}

/**
 * Where sessions live: in this process (the default) or in Redis, shared by every server instance.
 *
 * Every operation that changes a session is atomic in the store, so two instances can never both keep a replaced
 * session alive, lose each other's extensions, or end one session twice: the instance whose call ended it gets it
 * back and is the only one to announce it. Expiry costs O(sessions due): the store keeps sessions ordered by the time
 * something is due (expiry, end of the socket grace, forgetting the tombstone).
 *
 * Implementations return copies: callers never mutate a record that is in the store.
 */
export interface SessionStore {
  /** Stores a new live session and ends its user's other live sessions (SESSION_REPLACED) in the same step. */
  create(record: SessionRecord, now: number): Promise<EndedSession[]>;
  get(id: string): Promise<SessionRecord | undefined>;
  /**
   * Activity on a live session: `lastActivityAt = now` and
   * `expiresAt = min(max(expiresAt + extendMs, now + idleMs), absoluteExpiresAt)`. Undefined if it is not live.
   */
  slide(id: string, now: number, idleMs: number, extendMs: number): Promise<SessionRecord | undefined>;
  /** Ends a live session. The ended session if this call ended it; undefined if it had ended already or is unknown. */
  end(id: string, reason: EndReason, now: number): Promise<EndedSession | undefined>;
  /**
   * Whether `instance` holds sockets of the session. When no instance holds one any more, the session is detached
   * and ends at `now + detach.graceMs` unless a socket comes back (on any instance).
   */
  setPresence(id: string, instance: string, present: boolean, now: number, detach: Detach): Promise<void>;
  /**
   * Ends what is due at `now` (expired sessions, sessions whose grace ran out) and forgets tombstones past their
   * absolute timeout; at most `limit` sessions a call. A shared store also gives up instances whose heartbeat
   * stopped (killed, or cut off): their sessions are detached with `graceMs`. Returns the sessions this call ended.
   */
  endDue(now: number, limit: number, graceMs: number): Promise<EndedSession[]>;
  /** Sessions ended by other instances (a shared store only). */
  onEndedElsewhere(listener: (ended: EndedSession) => void): void;
  /**
   * Called after the store was unreachable and is back: what this instance told it meanwhile may be lost, and it may
   * have missed ends announced meanwhile.
   */
  onReconnected(listener: () => void): void;
  /** This instance is alive; false if the store had given it up for dead (its presence must be told again). */
  heartbeat(instance: string, now: number): Promise<boolean>;
  /** This instance stops: its heartbeat is removed (its sockets were closed and detached before). */
  close(instance: string): Promise<void>;
  /** Lets go of the connections, if any (after `close`). */
  disconnect(): Promise<void>;
}
