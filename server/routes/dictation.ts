import websocket from '@fastify/websocket';
// For its route option `helmet` only (the plugin does not register helmet; a host may).
import type {} from '@fastify/helmet';
import type { FastifyPluginAsync } from 'fastify';
import {
  CLOSE_CODE_FOR_END_REASON,
  CloseCode,
  DICTATION_SOCKET_PATH,
  EndReason,
  ErrorCode,
  MAX_FRAME_BYTES,
} from '../../protocol/index.js';
import { AppError, StoreUnavailableError } from '../errors.js';
import { addressGroup } from '../users/login-throttle.js';

/** `GET <prefix>/dictation`: the authenticated WebSocket. Upgrades only with a live session (401 otherwise). */
const dictationRoutes: FastifyPluginAsync = async (app) => {
  const { sockets, sessions, mode } = app.dictation;

  // A host that registered @fastify/websocket itself keeps its options; the plugin's preClose hook still closes the
  // dictation sockets with 1012 first.
  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, {
      options: {
        maxPayload: MAX_FRAME_BYTES,
        // One message event per macrotask: a client whose TCP read held thousands of frames cannot hold the event
        // loop for all of them while other users' keep-alives wait.
        allowSynchronousEvents: false,
      },
      // ws has already sent the right close frame (e.g. 1009 for an oversized frame); terminating here would drop it.
      errorHandler(error, _socket, request) {
        request.log.debug({ err: error }, 'dictation socket error');
      },
      // Graceful shutdown: send what was recognised, then tell every client the service is restarting instead of
      // just dropping the link.
      preClose(done) {
        void sockets.closeAll(CloseCode.ServiceRestart).then(() => app.websocketServer.close(() => done()));
      },
    });
  }

  app.get(
    DICTATION_SOCKET_PATH,
    {
      websocket: true,
      preHandler: [app.dictation.checkOrigin, app.dictation.requireSession],
      // Security headers mean nothing on a 101 (ws writes its own); set on the upgrade's response object, which
      // @fastify/websocket keeps for the socket's life, they cost 2 KB a socket. Ignored by hosts without helmet.
      helmet: false,
    },
    async (socket, request) => {
      const { id, user } = request.dictationSession!;
      // @fastify/websocket keeps the request for the socket's life: it need not keep the session record too.
      request.dictationSession = null;
      // IPv6 counted by /64: a host gets a whole one, so per address would be per socket.
      sockets.attach(socket, { sessionId: id, user, ip: addressGroup(request.ip) });
      // The session may have ended while the upgrade was under way (its 'ended' event found no socket to close):
      // ask again now that the socket is registered, and close it with the reason if so.
      if (mode === 'multi-user') {
        await sessions.require(id).catch((err: unknown) => {
          // The store is out of reach: nothing says the session ended (if it did, the announcement or the resync
          // after the outage closes the socket).
          if (err instanceof StoreUnavailableError) return;
          // The 401 codes are the end reasons' names, except a logout's: no session at all.
          const code = err instanceof AppError ? err.code : EndReason.Terminated;
          const reason = (code === ErrorCode.NotAuthenticated ? EndReason.LoggedOut : code) as EndReason;
          socket.close(CLOSE_CODE_FOR_END_REASON[reason] ?? CloseCode.SessionTerminated, 'Session ended');
        });
      }
    },
  );
};

export default dictationRoutes;
