import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { EndReason, ErrorCode } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { SessionRecord, SessionStore } from './session-store.js';

export interface SessionTimings {
  idleTimeoutMs: number;
  extensionMs: number;
  absoluteTimeoutMs: number;
  socketGraceMs: number;
}

export interface SessionEndedEvent {
  id: string;
  user: string;
  reason: EndReason;
}

const END_REASON_ERROR: Record<EndReason, { code: ErrorCode; message: string }> = {
  LOGGED_OUT: { code: ErrorCode.NotAuthenticated, message: 'You are not logged in.' },
  SESSION_REPLACED: {
    code: ErrorCode.SessionReplaced,
    message: 'This session was ended because the same user logged in elsewhere.',
  },
  SESSION_EXPIRED: { code: ErrorCode.SessionExpired, message: 'Session expired. Please log in again.' },
  SESSION_TERMINATED: {
    code: ErrorCode.SessionTerminated,
    message: 'The session was ended by the server. Please log in again.',
  },
  KEEPALIVE_TIMEOUT: {
    code: ErrorCode.KeepAliveTimeout,
    message: 'The session ended because the server stopped hearing from the page (keep-alive timeout).',
  },
  PAGE_LEFT: {
    code: ErrorCode.PageLeft,
    message: 'The session ended because the page using it was closed or left.',
  },
  CONNECTION_LOST: {
    code: ErrorCode.ConnectionLost,
    message: 'The session ended because the connection to the page dropped and did not come back.',
  },
};

/** Why a session's last socket went away: what the session ends with if none comes back within the grace. */
export type DetachCause = typeof EndReason.KeepAliveTimeout | typeof EndReason.PageLeft | typeof EndReason.ConnectionLost;

export function sessionEndedError(reason: EndReason): AppError {
  const { code, message } = END_REASON_ERROR[reason];
  return new AppError(401, code, message);
}

export const notAuthenticated = () => new AppError(401, ErrorCode.NotAuthenticated, 'You are not logged in.');

/**
 * The session rules, independent of HTTP and sockets:
 * - real activity (login, extend, dictation audio) slides the idle window; reading the status does not;
 * - extend adds `extensionMs` to the expiry (and counts as activity), capped by the absolute timeout,
 *   and never revives an ended session;
 * - a new login of a user ends that user's other sessions (`SESSION_REPLACED`);
 * - a session whose last socket went away ends after `socketGraceMs` unless a socket re-attaches, with the reason
 *   the socket went (`KEEPALIVE_TIMEOUT`, `PAGE_LEFT`, `CONNECTION_LOST`), so a page that comes back learns why.
 * Emits `ended` (SessionEndedEvent) exactly once per session, so the socket layer can close its sockets.
 */
export class SessionService extends EventEmitter<{ ended: [SessionEndedEvent] }> {
  /** Session id -> when and why its last socket left. In-process on purpose: sockets are in-process too. */
  readonly #detachedSince = new Map<string, { at: number; cause: DetachCause }>();

  constructor(
    readonly store: SessionStore,
    readonly timings: SessionTimings,
    readonly clock: Clock,
  ) {
    super();
  }

  async create(user: string): Promise<SessionRecord> {
    for (const old of await this.store.liveSessionsOf(user)) {
      await this.end(old.id, EndReason.Replaced);
    }
    const now = this.clock();
    const absoluteExpiresAt = now + this.timings.absoluteTimeoutMs;
    const record: SessionRecord = {
      id: randomBytes(32).toString('base64url'),
      user,
      createdAt: now,
      lastActivityAt: now,
      expiresAt: Math.min(now + this.timings.idleTimeoutMs, absoluteExpiresAt),
      absoluteExpiresAt,
    };
    await this.store.set(record);
    return record;
  }

  /** The live session with this id, or an AppError(401) that says why not. Does not count as activity. */
  async require(id: string | undefined): Promise<SessionRecord> {
    if (!id) throw notAuthenticated();
    const record = await this.store.get(id);
    // An id we never issued, or one forgotten after a restart: the browser had a session that no longer exists.
    if (!record) throw sessionEndedError(EndReason.Terminated);
    if (record.ended) throw sessionEndedError(record.ended.reason);
    if (this.clock() >= record.expiresAt) {
      await this.end(record.id, EndReason.Expired);
      throw sessionEndedError(EndReason.Expired);
    }
    return record;
  }

  /** Real user activity: slides the idle window. */
  async touch(id: string): Promise<SessionRecord> {
    const record = await this.require(id);
    const now = this.clock();
    record.lastActivityAt = now;
    record.expiresAt = Math.min(Math.max(record.expiresAt, now + this.timings.idleTimeoutMs), record.absoluteExpiresAt);
    await this.store.set(record);
    return record;
  }

  async extend(id: string): Promise<SessionRecord> {
    const record = await this.require(id);
    const now = this.clock();
    record.lastActivityAt = now;
    record.expiresAt = Math.min(
      Math.max(record.expiresAt + this.timings.extensionMs, now + this.timings.idleTimeoutMs),
      record.absoluteExpiresAt,
    );
    await this.store.set(record);
    return record;
  }

  /** Ends a session once; later calls are no-ops. Keeps a tombstone until the absolute timeout. */
  async end(id: string, reason: EndReason): Promise<void> {
    const record = await this.store.get(id);
    if (!record || record.ended) return;
    record.ended = { reason, at: this.clock() };
    await this.store.set(record);
    this.#detachedSince.delete(id);
    this.emit('ended', { id, user: record.user, reason });
  }

  /** Test and demo hook: make a live session expire `inMs` from now. */
  /** Fault injection: the session expires `inMs` from now; `absolute` also moves its absolute timeout there. */
  async expireIn(id: string, inMs: number, absolute = false): Promise<SessionRecord> {
    const record = await this.require(id);
    record.expiresAt = this.clock() + inMs;
    if (absolute) record.absoluteExpiresAt = Math.min(record.absoluteExpiresAt, record.expiresAt);
    await this.store.set(record);
    return record;
  }

  /** Sessions waiting out their socket grace (for tests and metrics). */
  get detachedCount(): number {
    return this.#detachedSince.size;
  }

  socketAttached(id: string): void {
    this.#detachedSince.delete(id);
  }

  lastSocketDetached(id: string, cause: DetachCause = EndReason.ConnectionLost): void {
    this.#detachedSince.set(id, { at: this.clock(), cause });
  }

  /**
   * One pass over the store: ends expired sessions, ends sessions whose sockets did not come back within the
   * grace, and forgets tombstones once their session could not have lived anyway.
   */
  async sweep(): Promise<void> {
    const now = this.clock();
    for (const [id, { at, cause }] of this.#detachedSince) {
      if (now - at < this.timings.socketGraceMs) continue;
      // Forget it first: end() is a no-op for a session that already ended (say, by the logout that closed it).
      this.#detachedSince.delete(id);
      await this.end(id, cause);
    }
    for await (const record of this.store.all()) {
      if (record.ended) {
        if (now >= record.absoluteExpiresAt) await this.store.delete(record.id);
      } else if (now >= record.expiresAt) {
        await this.end(record.id, EndReason.Expired);
      }
    }
  }
}
