import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODE_FOR_END_REASON,
  CloseCode,
  EndReason,
  ErrorCode,
  MessageType,
  parseClientMessage,
  type ServerMessage,
} from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { Limits } from '../config.js';
import { AppError } from '../errors.js';
import { SAMPLE_RATE, UnavailableEngine, type RecognizerEngine } from '../recognizer/index.js';
import type { DetachCause, SessionService } from '../sessions/session-service.js';
import { Recording } from './recording.js';
import { TokenBucket } from './token-bucket.js';

interface Connection {
  socket: WebSocket;
  sessionId: string;
  user: string;
  ip: string;
  lastHeardAt: number;
  /** Made at the first `start` (or audio frame): most sockets never record, and a Recording is not small. */
  recording: Recording | null;
  /** When audio last counted as session activity (the store is written at most every ACTIVITY_WRITE_MS). */
  activityAt: number;
  /** Set when the server closes the socket itself: if the session ends after the grace, that is why. */
  closedFor: DetachCause | null;
  /** Frames received (all kinds): past the rate the socket is paused. */
  messages: TokenBucket;
  /** Error replies: a client sending garbage gets a few, not one per frame. Made at the first error. */
  errors: TokenBucket | null;
  /** TOO_MANY_MESSAGES was said for the current burst. */
  throttled: boolean;
  /**
   * Frames that arrived while the socket is over its allowance: handled in order when it is back within it. Null
   * while it is not. The socket keeps being read meanwhile, so a client that leaves is noticed at once.
   */
  deferred: [RawData, boolean][] | null;
  deferredBytes: number;
  resumeTimer: NodeJS.Timeout | null;
  pausedUntil: number;
}

const CONNECTION = Symbol('connection');
type Owned = WebSocket & { [CONNECTION]: Connection };

/** A socket that is behind its message or audio allowance by more than this many seconds is closed (4008). */
const MAX_THROTTLE_SECONDS = 10;
/** Frames waiting while a socket is over its allowance: a bar has at most its 4 s audio window (128 KiB) in flight. */
const MAX_DEFERRED_BYTES = 1024 * 1024;
/** Error replies: this many at once, then one a second. */
const ERROR_REPLY_BURST = 10;
const oneASecond = () => 1;

/** Audio is activity, but writing the session store for every 100 ms frame would be wasteful. */
const ACTIVITY_WRITE_MS = 10_000;

export interface SocketRegistryOptions {
  sessions: SessionService;
  clock: Clock;
  keepAliveIntervalMs: number;
  /** In single-user mode sockets do not hold a session, so their going away ends nothing. */
  tracksSessions: boolean;
  engine: RecognizerEngine;
  maxRecordingSeconds: number;
  limits: Limits;
  log: { warn(obj: object, msg: string): void };
}

/** Who opened a socket. */
export interface SocketOwner {
  sessionId: string;
  user: string;
  ip: string;
}

const CLOSE_REASONS: Partial<Record<number, string>> = {
  [CloseCode.LoggedOut]: 'Logged out',
  [CloseCode.SignedInElsewhere]: 'Signed in elsewhere',
  [CloseCode.SessionExpired]: 'Session expired',
  [CloseCode.KeepAliveTimeout]: 'Keep-alive timeout',
  [CloseCode.SessionTerminated]: 'Session terminated',
  [CloseCode.PageLeft]: 'Page left',
  [CloseCode.NotReading]: 'Not reading',
  [CloseCode.TooManyConnections]: 'Too many connections',
  [CloseCode.RateExceeded]: 'Rate exceeded',
  [CloseCode.ServiceRestart]: 'Service restarting',
  [CloseCode.InternalError]: 'Internal error',
};

/**
 * Every open dictation socket, by session. Answers keep-alives, closes a session's sockets when it ends, and finds
 * silent sockets in one sweep (no timer per socket, so thousands of sockets cost one interval).
 */
export class SocketRegistry {
  // Arrays, not Sets: a session has a few sockets (MAX_SOCKETS_PER_SESSION), and a Set's table costs ~200 bytes.
  readonly #bySession = new Map<string, Connection[]>();
  /** User -> the connections that started a recording (for MAX_RECORDINGS_PER_USER); idle sockets are not in it. */
  readonly #recordersByUser = new Map<string, Connection[]>();
  readonly #socketsByIp = new Map<string, number>();
  /** Audio allowance per session: real time plus a burst (the replay of what a bar kept offline). */
  readonly #audioBySession = new Map<string, TokenBucket>();
  /** Sessions whose keep-alives go unanswered on purpose (fault injection for the demo and tests). */
  readonly #muted = new Set<string>();
  /** Stands in for the engine while the dev panel has recognition turned off. */
  #disabledEngine: RecognizerEngine | null = null;

  readonly #messageRate = () => this.options.limits.messagesPerSecond;
  readonly #onMessage: (this: WebSocket, data: RawData, isBinary: boolean) => void;
  readonly #onClose: (this: WebSocket, code: number) => void;

  constructor(private readonly options: SocketRegistryOptions) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the listeners' own `this` is the socket
    const registry = this;
    this.#onMessage = function (data, isBinary) {
      registry.#receive((this as Owned)[CONNECTION], data, isBinary);
    };
    this.#onClose = function (code) {
      registry.#detach((this as Owned)[CONNECTION], code);
    };
    options.sessions.on('ended', ({ id, reason }) => {
      this.#audioBySession.delete(id);
      void this.closeSession(id, CLOSE_CODE_FOR_END_REASON[reason]);
    });
  }

  /** Takes an upgraded socket, or closes it at once with 4007 when its session or address has too many. */
  attach(socket: WebSocket, { sessionId, user, ip }: SocketOwner): void {
    const { limits } = this.options;
    const sessionSockets = this.#bySession.get(sessionId)?.length ?? 0;
    const ipSockets = this.#socketsByIp.get(ip) ?? 0;
    if (sessionSockets >= limits.socketsPerSession || ipSockets >= limits.socketsPerIp) {
      const which = sessionSockets >= limits.socketsPerSession ? `${limits.socketsPerSession} per session` : `${limits.socketsPerIp} per address`;
      socket.close(CloseCode.TooManyConnections, `Too many connections (${which})`);
      return;
    }
    const connection: Connection = {
      socket,
      sessionId,
      user,
      ip,
      lastHeardAt: this.options.clock(),
      activityAt: Number.NEGATIVE_INFINITY,
      closedFor: null,
      messages: new TokenBucket(this.#messageRate, 2 * limits.messagesPerSecond),
      errors: null,
      throttled: false,
      deferred: null,
      deferredBytes: 0,
      resumeTimer: null,
      pausedUntil: 0,
      recording: null,
    };
    addTo(this.#bySession, sessionId, connection);
    this.#socketsByIp.set(ip, ipSockets + 1);
    if (this.options.tracksSessions && this.#bySession.get(sessionId)!.length === 1) this.options.sessions.socketAttached(sessionId, user);

    // One pair of listeners for every socket (ws calls them with the socket as `this`), not two closures each.
    (socket as Owned)[CONNECTION] = connection;
    socket.on('message', this.#onMessage);
    socket.once('close', this.#onClose);
  }

  /**
   * Counts every frame against the socket's allowance as it arrives. Past it, frames wait their turn until the socket
   * is back within it (said once per burst); far past it (10 s behind, or 1 MiB waiting) the socket is closed, 4008.
   */
  #receive(connection: Connection, data: RawData, isBinary: boolean): void {
    connection.lastHeardAt = this.options.clock();
    if (connection.closedFor) return;
    const behind = connection.messages.take(1);
    if (behind > MAX_THROTTLE_SECONDS) {
      this.#closeFor(connection, CloseCode.RateExceeded, EndReason.ConnectionLost);
      return;
    }
    if (behind === 0) {
      connection.throttled = false;
    } else if (!connection.throttled) {
      connection.throttled = true;
      this.#send(connection, {
        type: MessageType.Error,
        code: ErrorCode.TooManyMessages,
        message: `More than ${this.options.limits.messagesPerSecond} messages a second: this connection's messages now wait their turn.`,
      });
    }
    if (connection.deferred) {
      connection.deferred.push([data, isBinary]);
      connection.deferredBytes += rawLength(data);
      // A bar never has more than its audio window in flight; a client that sends far past it ignores the flow control.
      if (connection.deferredBytes > MAX_DEFERRED_BYTES) {
        this.#closeFor(connection, CloseCode.RateExceeded, EndReason.ConnectionLost);
        return;
      }
    } else {
      this.#handle(connection, data, isBinary);
    }
    if (behind > 0) this.#pause(connection, behind);
  }

  #handle(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      const frame = toBuffer(data);
      if (connection.recording?.active) {
        // Audio beyond real time plus the burst is not dropped: what follows waits (a bar waits for the acks, which
        // come as the audio is handled, so it is slowed down; see #receive for a client that does not wait).
        const behind = this.#audioAllowance(connection.sessionId).take(frame.length / 2 / SAMPLE_RATE);
        if (behind > 0) this.#pause(connection, behind);
      }
      this.#recordingOf(connection).audio(frame);
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      this.#send(connection, parsed.error);
      return;
    }
    switch (parsed.message.type) {
      case MessageType.KeepAlive:
        if (!this.#muted.has(connection.sessionId)) {
          this.#send(connection, { type: MessageType.KeepAliveAck, id: parsed.message.id });
        }
        return;
      case MessageType.Start:
        this.#recordingOf(connection).start();
        return;
      case MessageType.Stop:
        void this.#recordingOf(connection).stop('stop');
        return;
    }
  }

  #recordingOf(connection: Connection): Recording {
    if (connection.recording) return connection.recording;
    const { limits } = this.options;
    const { user } = connection;
    return (connection.recording = new Recording({
      engine: () => this.#disabledEngine ?? this.options.engine,
      maxRecordingSeconds: this.options.maxRecordingSeconds,
      send: (message) => this.#send(connection, message),
      onAudio: () => this.#audioActivity(connection),
      mayStart: () => {
        addTo(this.#recordersByUser, user, connection);
        // This connection is not recording yet: the others count.
        return this.#recordingsIn(this.#recordersByUser.get(user)) < limits.recordingsPerUser;
      },
      recordingsPerUser: limits.recordingsPerUser,
    }));
  }

  /** Frames wait in `deferred` for `seconds` (or longer, if they already do). */
  #pause(connection: Connection, seconds: number): void {
    const until = performance.now() + seconds * 1000;
    if (until <= connection.pausedUntil) return;
    connection.pausedUntil = until;
    connection.deferred ??= [];
    if (connection.resumeTimer) clearTimeout(connection.resumeTimer);
    connection.resumeTimer = setTimeout(() => this.#resume(connection), seconds * 1000);
  }

  #resume(connection: Connection): void {
    connection.resumeTimer = null;
    const waiting = connection.deferred ?? [];
    connection.deferred = null;
    connection.deferredBytes = 0;
    for (let i = 0; i < waiting.length; i++) {
      if (connection.closedFor) return;
      // Handling one may put the socket over its allowance again: the rest waits, in order.
      if (connection.deferred) {
        const rest = waiting.slice(i);
        (connection.deferred as [RawData, boolean][]).unshift(...rest);
        connection.deferredBytes += rest.reduce((n, [data]) => n + rawLength(data), 0);
        return;
      }
      this.#handle(connection, ...waiting[i]!);
    }
  }

  #audioAllowance(sessionId: string): TokenBucket {
    let bucket = this.#audioBySession.get(sessionId);
    if (!bucket) {
      // Real time for each recording the session runs (at least one), plus the burst.
      const rate = () => Math.max(1, this.#recordingsIn(this.#bySession.get(sessionId)));
      this.#audioBySession.set(sessionId, (bucket = new TokenBucket(rate, this.options.limits.audioBurstSeconds)));
    }
    return bucket;
  }

  #recordingsIn(connections: Connection[] | undefined): number {
    let n = 0;
    for (const c of connections ?? []) if (c.recording?.active) n++;
    return n;
  }

  #audioActivity(connection: Connection): void {
    const now = this.options.clock();
    if (!this.options.tracksSessions || now - connection.activityAt < ACTIVITY_WRITE_MS) return;
    connection.activityAt = now;
    // A session that just ended is closed by its 'ended' event; nothing to do here.
    this.options.sessions.touch(connection.sessionId).catch((err: unknown) => {
      if (!(err instanceof AppError)) this.options.log.warn({ err }, 'could not record audio activity');
    });
  }

  /**
   * Sends unless the client stopped reading: past the send-buffer bound the socket is closed (4006) instead of
   * queueing without end. Error replies are rationed (a client sending garbage learns it from the first few).
   */
  #send(connection: Connection, message: ServerMessage): void {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (message.type === MessageType.Error && !(connection.errors ??= new TokenBucket(oneASecond, ERROR_REPLY_BURST)).tryTake(1)) return;
    if (socket.bufferedAmount > this.options.limits.sendBufferBytes) {
      this.#closeFor(connection, CloseCode.NotReading, EndReason.ConnectionLost);
      return;
    }
    socket.send(JSON.stringify(message));
  }

  /** The server closes a socket for what the client did; a client that does not read gets 2 s, then is cut off. */
  #closeFor(connection: Connection, code: number, cause: DetachCause): void {
    connection.closedFor = cause;
    connection.recording?.abort();
    connection.socket.close(code, CLOSE_REASONS[code]);
    setTimeout(() => connection.socket.terminate(), 2000).unref();
  }

  #detach(connection: Connection, code: number): void {
    connection.recording?.abort();
    if (connection.resumeTimer) clearTimeout(connection.resumeTimer);
    removeFrom(this.#recordersByUser, connection.user, connection);
    const left = (this.#socketsByIp.get(connection.ip) ?? 1) - 1;
    if (left > 0) this.#socketsByIp.set(connection.ip, left);
    else this.#socketsByIp.delete(connection.ip);
    if (removeFrom(this.#bySession, connection.sessionId, connection) > 0) return;
    this.#muted.delete(connection.sessionId);
    if (this.options.tracksSessions) this.options.sessions.lastSocketDetached(connection.sessionId, detachCause(connection, code));
  }

  /** Sends what was recognised so far (bounded by FLUSH_TIMEOUT_MS), then closes the session's sockets. */
  async closeSession(sessionId: string, code: number): Promise<void> {
    const reason = code === CloseCode.ServiceRestart ? 'shutdown' : 'session-ended';
    await Promise.all(
      [...(this.#bySession.get(sessionId) ?? [])].map(async ({ socket, recording }) => {
        await recording?.stop(reason);
        socket.close(code, CLOSE_REASONS[code]);
      }),
    );
  }

  /** Fault injection: drops the session's sockets without a close frame (the browser sees 1006). */
  dropSession(sessionId: string): void {
    for (const { socket } of this.#bySession.get(sessionId) ?? []) socket.terminate();
  }

  async closeAll(code: number): Promise<void> {
    await Promise.all([...this.#bySession.keys()].map((sessionId) => this.closeSession(sessionId, code)));
  }

  /** Open sockets, for the logs and the tests. */
  get sockets(): number {
    let n = 0;
    for (const list of this.#bySession.values()) n += list.length;
    return n;
  }

  /** Live recordings, for the logs and the dev panel. */
  get recordings(): number {
    let n = 0;
    for (const set of this.#bySession.values()) for (const c of set) if (c.recording?.active) n++;
    return n;
  }

  /** Fault injection: new recordings find the recognizer unavailable (running ones go on). */
  setRecognizerEnabled(enabled: boolean): void {
    this.#disabledEngine = enabled ? null : new UnavailableEngine('Speech recognition was turned off from the dev panel.');
  }

  setMuted(sessionId: string, muted: boolean): void {
    if (muted) this.#muted.add(sessionId);
    else this.#muted.delete(sessionId);
  }

  /** Closes with 4003 every socket that sent nothing (not even a keep-alive) for two intervals. */
  sweep(): void {
    const deadline = this.options.clock() - 2 * this.options.keepAliveIntervalMs;
    for (const set of this.#bySession.values()) {
      for (const connection of set) {
        if (connection.lastHeardAt < deadline) {
          connection.closedFor = EndReason.KeepAliveTimeout;
          connection.socket.close(CloseCode.KeepAliveTimeout, CLOSE_REASONS[CloseCode.KeepAliveTimeout]);
          // The close handshake may never finish on a dead link; don't count it twice.
          connection.lastHeardAt = Number.POSITIVE_INFINITY;
          setTimeout(() => connection.socket.terminate(), 2000).unref();
        }
      }
    }
  }
}

/** What the session ends with if this was its last socket and none comes back within the grace. */
function detachCause(connection: Connection, code: number): DetachCause {
  if (connection.closedFor) return connection.closedFor;
  // A close frame (4005 from a page going away, 1000 from a bar taken off the page, 1001 from the browser) means the
  // page stopped on purpose; 1006 means no close frame came: the network or the browser died.
  return code === CloseCode.Abnormal ? EndReason.ConnectionLost : EndReason.PageLeft;
}

function addTo<K>(map: Map<K, Connection[]>, key: K, connection: Connection): void {
  const list = map.get(key);
  if (!list) map.set(key, [connection]);
  else if (!list.includes(connection)) list.push(connection);
}

/** Returns how many are left under the key. */
function removeFrom<K>(map: Map<K, Connection[]>, key: K, connection: Connection): number {
  const list = map.get(key);
  if (!list) return 0;
  const at = list.indexOf(connection);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
  return list.length;
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
