import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODE_FOR_END_REASON,
  CLOSE_REASONS,
  CloseCode,
  EndReason,
  ErrorCode,
  MessageType,
  parseClientMessage,
  type FormatOptions,
  type ServerMessage,
} from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { Limits } from '../config.js';
import type { VocabularyFeed } from '../content/vocabulary-feed.js';
import { AppError } from '../errors.js';
import { SAMPLE_RATE, type RecognizerEngine } from '../recognizer/index.js';
import type { DetachCause, SessionService } from '../sessions/session-service.js';
import { addTo, detachCause, removeFrom, toBuffer, type Connection } from './connection.js';
import { InboundFlow } from './inbound-flow.js';
import { Recording } from './recording.js';
import { MemoryRecordingSlots, type RecordingSlots } from './recording-slots.js';
import { SocketFaults } from './socket-faults.js';
import { TokenBucket } from './token-bucket.js';

const CONNECTION = Symbol('connection');
type Owned = WebSocket & { [CONNECTION]: Connection };

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
  /** How text is written unless a page asks otherwise (FORMAT_*). */
  format: FormatOptions;
  /** Where the users' recording slots are counted (MAX_RECORDINGS_PER_USER); this process unless the store is shared. */
  recordingSlots?: RecordingSlots;
  /** The users' own words, for their recordings (none: the deployment's vocabulary only). */
  vocabulary?: VocabularyFeed;
  log: { warn(obj: object, msg: string): void };
}

/** Who opened a socket. */
export interface SocketOwner {
  sessionId: string;
  user: string;
  ip: string;
}

/**
 * Every open dictation socket, by session. Answers keep-alives, closes a session's sockets when it ends, and finds
 * silent sockets in one sweep (no timer per socket, so thousands of sockets cost one interval).
 */
export class SocketRegistry {
  // Arrays, not Sets: a session has a few sockets (MAX_SOCKETS_PER_SESSION), and a Set's table costs ~200 bytes.
  readonly #bySession = new Map<string, Connection[]>();
  /** The recording slot each recording connection holds, renewed by the sweep (MAX_RECORDINGS_PER_USER). */
  readonly #slots = new Map<Connection, string>();
  readonly #recordingSlots: RecordingSlots;
  #nextSlot = 0;
  /** Recording ids are unique across instances: this one's tag, then a counter. */
  readonly #instanceTag = randomUUID();
  readonly #socketsByIp = new Map<string, number>();
  /** Audio allowance per session: real time plus a burst (the replay of what a bar kept offline). */
  readonly #audioBySession = new Map<string, TokenBucket>();
  /** Fault injection for the demo and the tests (the dev routes). */
  readonly faults = new SocketFaults();
  readonly #flow: InboundFlow;

  readonly #messageRate = () => this.options.limits.messagesPerSecond;
  readonly #onMessage: (this: WebSocket, data: RawData, isBinary: boolean) => void;
  readonly #onClose: (this: WebSocket, code: number) => void;

  constructor(private readonly options: SocketRegistryOptions) {
    this.#recordingSlots = options.recordingSlots ?? new MemoryRecordingSlots();
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the listeners' own `this` is the socket
    const registry = this;
    this.#onMessage = function (data, isBinary) {
      const connection = (this as Owned)[CONNECTION];
      connection.lastHeardAt = registry.options.clock();
      if (!connection.closedFor) registry.#flow.receive(connection, data, isBinary);
    };
    this.#flow = new InboundFlow({
      messagesPerSecond: options.limits.messagesPerSecond,
      handle: (connection, data, isBinary) => this.#handle(connection, data, isBinary),
      tellThrottled: (connection) =>
        this.#send(connection, {
          type: MessageType.Error,
          code: ErrorCode.TooManyMessages,
          message: `More than ${options.limits.messagesPerSecond} messages a second: this connection's messages now wait their turn.`,
        }),
      exceeded: (connection) => this.#closeFor(connection, CloseCode.RateExceeded, EndReason.ConnectionLost),
    });
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
      held: false,
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

  #handle(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      const frame = toBuffer(data);
      if (connection.recording?.active) {
        // Audio beyond real time plus the burst is not dropped: what follows waits (a bar waits for the acks, which
        // come as the audio is handled, so it is slowed down; see InboundFlow for a client that does not wait).
        const behind = this.#audioAllowance(connection.sessionId).take(frame.length / 2 / SAMPLE_RATE);
        if (behind > 0) this.#flow.pause(connection, behind);
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
        this.#send(connection, { type: MessageType.KeepAliveAck, id: parsed.message.id });
        return;
      case MessageType.Start:
        // Frames that follow (audio may come at once) wait until the start is answered: the slot may be in Redis.
        this.#flow.hold(connection);
        void this.#recordingOf(connection)
          .start(parsed.message.format, parsed.message.commands)
          .finally(() => this.#flow.unhold(connection));
        return;
      case MessageType.Stop:
        void this.#recordingOf(connection).stop('stop', parsed.message.endSentence === true);
        return;
    }
  }

  #recordingOf(connection: Connection): Recording {
    if (connection.recording) return connection.recording;
    const { limits } = this.options;
    const { user } = connection;
    return (connection.recording = new Recording({
      engine: () => this.faults.engine(this.options.engine),
      maxRecordingSeconds: this.options.maxRecordingSeconds,
      idleMs: limits.recordingIdleSeconds * 1000,
      clock: this.options.clock,
      send: (message) => this.#send(connection, message),
      onAudio: () => this.#audioActivity(connection),
      claimSlot: () => {
        const id = `${this.#instanceTag}:${++this.#nextSlot}`;
        this.#slots.set(connection, id);
        return this.#recordingSlots.claim(user, id, limits.recordingsPerUser).then((taken) => {
          if (!taken) this.#slots.delete(connection);
          return taken;
        });
      },
      releaseSlot: () => {
        const id = this.#slots.get(connection);
        if (id === undefined) return;
        this.#slots.delete(connection);
        this.#recordingSlots.release(user, id);
      },
      recordingsPerUser: limits.recordingsPerUser,
      format: this.options.format,
      ...(this.options.vocabulary ? { vocabulary: (onChange) => this.options.vocabulary!.watch(user, onChange) } : {}),
      onVocabularyError: (err) => this.options.log.warn({ err }, "a user's own words could not be read: she dictates without them"),
    }));
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
    if (socket.readyState !== socket.OPEN || this.faults.isSilenced(connection.sessionId)) return;
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
    this.#flow.release(connection);
    const left = (this.#socketsByIp.get(connection.ip) ?? 1) - 1;
    if (left > 0) this.#socketsByIp.set(connection.ip, left);
    else this.#socketsByIp.delete(connection.ip);
    if (removeFrom(this.#bySession, connection.sessionId, connection) > 0) return;
    this.faults.forget(connection.sessionId);
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

  /** The slots held, read only by a store that renews them (nothing is built for the in-process one). */
  *#heldSlots(): Generator<readonly [string, string]> {
    for (const [connection, id] of this.#slots) yield [connection.user, id];
  }

  /** Closes with 4003 every socket that sent nothing (not even a keep-alive) for two intervals. */
  sweep(): void {
    const now = this.options.clock();
    const deadline = now - 2 * this.options.keepAliveIntervalMs;
    this.#recordingSlots.renew(this.#heldSlots());
    for (const set of this.#bySession.values()) {
      for (const connection of set) {
        connection.recording?.stopIfIdle(now);
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
