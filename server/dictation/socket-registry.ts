import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODE_FOR_END_REASON,
  CloseCode,
  EndReason,
  MessageType,
  parseClientMessage,
  type ServerMessage,
} from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { UnavailableEngine, type RecognizerEngine } from '../recognizer/index.js';
import type { DetachCause, SessionService } from '../sessions/session-service.js';
import { Recording } from './recording.js';

interface Connection {
  socket: WebSocket;
  sessionId: string;
  lastHeardAt: number;
  recording: Recording;
  /** When audio last counted as session activity (the store is written at most every ACTIVITY_WRITE_MS). */
  activityAt: number;
  /** Closed by the sweep for silence (4003): if the session ends after the grace, that is why. */
  silent: boolean;
}


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
  log: { warn(obj: object, msg: string): void };
}

const CLOSE_REASONS: Partial<Record<number, string>> = {
  [CloseCode.LoggedOut]: 'Logged out',
  [CloseCode.SignedInElsewhere]: 'Signed in elsewhere',
  [CloseCode.SessionExpired]: 'Session expired',
  [CloseCode.KeepAliveTimeout]: 'Keep-alive timeout',
  [CloseCode.SessionTerminated]: 'Session terminated',
  [CloseCode.PageLeft]: 'Page left',
  [CloseCode.ServiceRestart]: 'Service restarting',
  [CloseCode.InternalError]: 'Internal error',
};

/**
 * Every open dictation socket, by session. Answers keep-alives, closes a session's sockets when it ends, and finds
 * silent sockets in one sweep (no timer per socket, so thousands of sockets cost one interval).
 */
export class SocketRegistry {
  readonly #bySession = new Map<string, Set<Connection>>();
  /** Sessions whose keep-alives go unanswered on purpose (fault injection for the demo and tests). */
  readonly #muted = new Set<string>();
  /** Stands in for the engine while the dev panel has recognition turned off. */
  #disabledEngine: RecognizerEngine | null = null;

  constructor(private readonly options: SocketRegistryOptions) {
    options.sessions.on('ended', ({ id, reason }) => void this.closeSession(id, CLOSE_CODE_FOR_END_REASON[reason]));
  }

  attach(socket: WebSocket, sessionId: string): void {
    const connection: Connection = {
      socket,
      sessionId,
      lastHeardAt: this.options.clock(),
      activityAt: Number.NEGATIVE_INFINITY,
      silent: false,
      recording: new Recording({
        engine: () => this.#disabledEngine ?? this.options.engine,
        maxRecordingSeconds: this.options.maxRecordingSeconds,
        send: (message) => this.#send(socket, message),
        onAudio: () => this.#audioActivity(connection),
      }),
    };
    let set = this.#bySession.get(sessionId);
    if (!set) this.#bySession.set(sessionId, (set = new Set()));
    set.add(connection);
    if (this.options.tracksSessions) this.options.sessions.socketAttached(sessionId);

    socket.on('message', (data, isBinary) => this.#onMessage(connection, data, isBinary));
    socket.once('close', (code) => this.#detach(connection, code));
  }

  #onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    connection.lastHeardAt = this.options.clock();
    if (isBinary) {
      connection.recording.audio(toBuffer(data));
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      this.#send(connection.socket, parsed.error);
      return;
    }
    switch (parsed.message.type) {
      case MessageType.KeepAlive:
        if (!this.#muted.has(connection.sessionId)) {
          this.#send(connection.socket, { type: MessageType.KeepAliveAck, id: parsed.message.id });
        }
        return;
      case MessageType.Start:
        connection.recording.start();
        return;
      case MessageType.Stop:
        void connection.recording.stop('stop');
        return;
    }
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

  #send(socket: WebSocket, message: ServerMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  #detach(connection: Connection, code: number): void {
    connection.recording.abort();
    const set = this.#bySession.get(connection.sessionId);
    if (!set) return;
    set.delete(connection);
    if (set.size > 0) return;
    this.#bySession.delete(connection.sessionId);
    this.#muted.delete(connection.sessionId);
    if (this.options.tracksSessions) this.options.sessions.lastSocketDetached(connection.sessionId, detachCause(connection, code));
  }

  /** Sends what was recognised so far (bounded by FLUSH_TIMEOUT_MS), then closes the session's sockets. */
  async closeSession(sessionId: string, code: number): Promise<void> {
    const reason = code === CloseCode.ServiceRestart ? 'shutdown' : 'session-ended';
    await Promise.all(
      [...(this.#bySession.get(sessionId) ?? [])].map(async ({ socket, recording }) => {
        await recording.stop(reason);
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

  /** Live recordings, for the logs and the dev panel. */
  get recordings(): number {
    let n = 0;
    for (const set of this.#bySession.values()) for (const c of set) if (c.recording.active) n++;
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
          connection.silent = true;
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
  if (connection.silent) return EndReason.KeepAliveTimeout;
  // A close frame (4005 from a page going away, 1000 from a bar taken off the page, 1001 from the browser) means the
  // page stopped on purpose; 1006 means no close frame came: the network or the browser died.
  return code === CloseCode.Abnormal ? EndReason.ConnectionLost : EndReason.PageLeft;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
