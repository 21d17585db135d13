import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { EndReason, ErrorCode } from '../../protocol/index.js';
import { AppError, StoreUnavailableError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { DetachCause, SessionRecord, SessionStore } from './session-store.js';

export type { DetachCause } from './session-store.js';

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

export function sessionEndedError(reason: EndReason): AppError {
  const { code, message } = END_REASON_ERROR[reason];
  return new AppError(401, code, message);
}

export const notAuthenticated = () => new AppError(401, ErrorCode.NotAuthenticated, 'You are not logged in.');

/** Sessions due at once are ended this many per store call (a sweep makes as many calls as it needs). */
const END_DUE_BATCH = 500;

/**
 * The session rules, independent of HTTP and sockets:
 * - real activity (login, extend, dictation audio) slides the idle window; reading the status does not;
 * - extend sets the expiry `extensionMs` from now unless it is later already (and counts as activity), capped by
 *   the absolute timeout: presses never stack; it never revives an ended session;
 * - a new login of a user ends that user's other sessions (`SESSION_REPLACED`);
 * - a session with no socket on any instance ends after `socketGraceMs` unless a socket re-attaches, with the reason
 *   its last socket went (`KEEPALIVE_TIMEOUT`, `PAGE_LEFT`, `CONNECTION_LOST`), so a page that comes back learns why.
 * Emits `ended` (SessionEndedEvent) once per session on every instance (by this instance's own hand, or announced by
 * the instance that ended it), so the socket layer can close its sockets.
 */
export class SessionService extends EventEmitter<{ ended: [SessionEndedEvent] }> {
  /** Names this process among the instances sharing the store. */
  readonly instanceId = randomUUID();
  /** Sessions with sockets on this instance, and their users. */
  readonly #here = new Map<string, string>();
  /** Sessions whose presence the store may not know (it was unreachable): told again by the next sweep. */
  readonly #unsynced = new Set<string>();
  #resyncAll = false;
  /** Ends asked for while the store was unreachable (a logout), made by the next sweep that reaches it. */
  readonly #endLater = new Map<string, EndReason>();

  constructor(
    readonly store: SessionStore,
    readonly timings: SessionTimings,
    readonly clock: Clock,
  ) {
    super();
    store.onEndedElsewhere((ended) => this.#ended(ended));
    store.onReconnected(() => {
      this.#resyncAll = true;
    });
  }

  async create(user: string): Promise<SessionRecord> {
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
    for (const ended of await this.store.create(record, now)) this.emit('ended', ended);
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
    return this.#slide(id, 0);
  }

  async extend(id: string): Promise<SessionRecord> {
    return this.#slide(id, this.timings.extensionMs);
  }

  async #slide(id: string, extendMs: number): Promise<SessionRecord> {
    // Checked first: a session past its expiry that no sweep has ended yet must not be revived by activity.
    await this.require(id);
    const record = await this.store.slide(id, this.clock(), this.timings.idleTimeoutMs, extendMs);
    return record ?? this.require(id);
  }

  /** Ends a session once (on every instance); later calls are no-ops. Keeps a tombstone until the absolute timeout. */
  async end(id: string, reason: EndReason): Promise<void> {
    const ended = await this.store.end(id, reason, this.clock());
    if (ended) this.#ended(ended);
  }

  /**
   * Ends it now, or, while the store cannot be reached, as soon as it can (the sweep tries again): a logout during an
   * outage must not leave a session that a copied cookie revives. False when it had to wait.
   */
  async endOrLater(id: string, reason: EndReason): Promise<boolean> {
    try {
      await this.end(id, reason);
      this.#endLater.delete(id);
      return true;
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      this.#endLater.set(id, reason);
      return false;
    }
  }

  /** The first socket of a session opened on this instance. */
  socketAttached(id: string, user: string): void {
    this.#here.set(id, user);
    this.#tellStore(id);
  }

  /** The last socket of a session on this instance went away, for `cause`. */
  lastSocketDetached(id: string, cause: DetachCause = EndReason.ConnectionLost): void {
    this.#here.delete(id);
    this.#detachCauses.set(id, cause);
    this.#tellStore(id);
  }

  /** Why each session's last socket here went, until the store has been told. */
  readonly #detachCauses = new Map<string, DetachCause>();

  /** Tells the store what this instance holds now; if it cannot be reached, the next sweep tells it again. */
  #tellStore(id: string): void {
    const present = this.#here.has(id);
    const cause = this.#detachCauses.get(id) ?? EndReason.ConnectionLost;
    this.#unsynced.delete(id);
    this.store
      .setPresence(id, this.instanceId, present, this.clock(), { graceMs: this.timings.socketGraceMs, cause })
      .then(
        () => {
          if (!present && !this.#here.has(id)) this.#detachCauses.delete(id);
        },
        () => this.#unsynced.add(id),
      );
  }

  /** Ends told here lately: the announcement and a resync after an outage may both tell of one end. */
  readonly #told = new Set<string>();

  #ended(ended: SessionEndedEvent): void {
    if (this.#told.has(ended.id)) return;
    this.#told.add(ended.id);
    if (this.#told.size > 10_000) this.#told.delete(this.#told.values().next().value!);
    this.#here.delete(ended.id);
    this.#detachCauses.delete(ended.id);
    this.#unsynced.delete(ended.id);
    this.emit('ended', ended);
  }

  /**
   * Ends what is due (expired sessions, sessions whose grace ran out), at a cost that depends on how many are due, not
   * on how many sessions there are. Also keeps this instance's heartbeat, and after the store was unreachable tells
   * it again which sessions have sockets here and closes those that ended meanwhile.
   */
  async sweep(): Promise<void> {
    const now = this.clock();
    if (!(await this.store.heartbeat(this.instanceId, now))) this.#resyncAll = true;
    if (this.#resyncAll) await this.#resync();
    for (const id of [...this.#unsynced]) this.#tellStore(id);
    for (const [id, reason] of [...this.#endLater]) await this.endOrLater(id, reason);
    for (;;) {
      const ended = await this.store.endDue(now, END_DUE_BATCH, this.timings.socketGraceMs);
      for (const one of ended) this.#ended(one);
      if (ended.length < END_DUE_BATCH) break;
    }
  }

  /**
   * After an outage: the store learns this instance's sockets again; sessions that ended meanwhile, or that the store
   * no longer has (a Redis restarted without persistence), are closed here.
   */
  async #resync(): Promise<void> {
    this.#resyncAll = false;
    for (const [id, user] of [...this.#here]) {
      let record: SessionRecord | undefined;
      try {
        record = await this.store.get(id);
      } catch {
        this.#resyncAll = true;
        return;
      }
      if (!record) this.#ended({ id, user, reason: EndReason.Terminated });
      else if (record.ended) this.#ended({ id, user, reason: record.ended.reason });
      else this.#tellStore(id);
    }
  }

  /** Stops this instance's heartbeat (its sockets are closed by then). */
  async close(): Promise<void> {
    await this.store.close(this.instanceId).catch(() => undefined);
  }
}
