import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODE_FOR_END_REASON,
  CloseCode,
  ErrorCode,
  MessageType,
  parseClientMessage,
  type ServerMessage,
} from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { SessionService } from '../sessions/session-service.js';

interface Connection {
  socket: WebSocket;
  sessionId: string;
  lastHeardAt: number;
}

export interface SocketRegistryOptions {
  sessions: SessionService;
  clock: Clock;
  keepAliveIntervalMs: number;
  /** In single-user mode sockets do not hold a session, so their going away ends nothing. */
  tracksSessions: boolean;
}

const CLOSE_REASONS: Partial<Record<number, string>> = {
  [CloseCode.LoggedOut]: 'Logged out',
  [CloseCode.SignedInElsewhere]: 'Signed in elsewhere',
  [CloseCode.SessionExpired]: 'Session expired',
  [CloseCode.KeepAliveTimeout]: 'Keep-alive timeout',
  [CloseCode.SessionTerminated]: 'Session terminated',
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

  constructor(private readonly options: SocketRegistryOptions) {
    options.sessions.on('ended', ({ id, reason }) => this.closeSession(id, CLOSE_CODE_FOR_END_REASON[reason]));
  }

  attach(socket: WebSocket, sessionId: string): void {
    const connection: Connection = { socket, sessionId, lastHeardAt: this.options.clock() };
    let set = this.#bySession.get(sessionId);
    if (!set) this.#bySession.set(sessionId, (set = new Set()));
    set.add(connection);
    if (this.options.tracksSessions) this.options.sessions.socketAttached(sessionId);

    socket.on('message', (data, isBinary) => this.#onMessage(connection, data, isBinary));
    socket.once('close', () => this.#detach(connection));
  }

  #onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    connection.lastHeardAt = this.options.clock();
    if (isBinary) {
      this.#send(connection.socket, {
        type: MessageType.Error,
        code: ErrorCode.UnknownMessage,
        message: 'Binary frames are not accepted on this socket yet.',
      });
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      this.#send(connection.socket, parsed.error);
      return;
    }
    // The only client message so far; the switch grows with the protocol.
    switch (parsed.message.type) {
      case MessageType.KeepAlive:
        if (!this.#muted.has(connection.sessionId)) {
          this.#send(connection.socket, { type: MessageType.KeepAliveAck, id: parsed.message.id });
        }
    }
  }

  #send(socket: WebSocket, message: ServerMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  #detach(connection: Connection): void {
    const set = this.#bySession.get(connection.sessionId);
    if (!set) return;
    set.delete(connection);
    if (set.size > 0) return;
    this.#bySession.delete(connection.sessionId);
    this.#muted.delete(connection.sessionId);
    if (this.options.tracksSessions) this.options.sessions.lastSocketDetached(connection.sessionId);
  }

  closeSession(sessionId: string, code: number): void {
    for (const { socket } of this.#bySession.get(sessionId) ?? []) socket.close(code, CLOSE_REASONS[code]);
  }

  closeAll(code: number): void {
    for (const sessionId of this.#bySession.keys()) this.closeSession(sessionId, code);
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
          connection.socket.close(CloseCode.KeepAliveTimeout, CLOSE_REASONS[CloseCode.KeepAliveTimeout]);
          // The close handshake may never finish on a dead link; don't count it twice.
          connection.lastHeardAt = Number.POSITIVE_INFINITY;
          setTimeout(() => connection.socket.terminate(), 2000).unref();
        }
      }
    }
  }
}
