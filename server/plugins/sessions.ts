import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionMode } from '../config.js';
import type { Clock } from '../clock.js';
import { SessionService, notAuthenticated, type SessionTimings } from '../sessions/session-service.js';
import type { SessionRecord, SessionStore } from '../sessions/session-store.js';

export const SESSION_COOKIE = 'dictation_session';
export const LOCAL_USER = 'local';

export interface SessionsOptions {
  store: SessionStore;
  timings: SessionTimings;
  clock: Clock;
  mode: SessionMode;
  cookieSecret: string;
  /** Disconnect the store when the app closes (it was made for this app). */
  ownsStore?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionService;
    sessionMode: SessionMode;
    /** preHandler: sets `request.session` to the live session, or answers 401 with the reason. */
    requireSession: (request: FastifyRequest) => Promise<void>;
    setSessionCookie: (request: FastifyRequest, reply: FastifyReply, id: string) => void;
    clearSessionCookie: (request: FastifyRequest, reply: FastifyReply) => void;
  }
  interface FastifyRequest {
    /** The live session, set by `requireSession`; `null` before it runs. */
    session: SessionRecord | null;
    /** The session id from the signed cookie, if it carried a valid signature. */
    sessionIdFromCookie(): string | undefined;
  }
}

/** In single-user mode every request is the local user, and the session never expires. */
function localSession(now: number): SessionRecord {
  return {
    id: 'local',
    user: LOCAL_USER,
    createdAt: now,
    lastActivityAt: now,
    expiresAt: Number.POSITIVE_INFINITY,
    absoluteExpiresAt: Number.POSITIVE_INFINITY,
  };
}

export default fp<SessionsOptions>(
  async function sessions(app, options) {
    if (options.cookieSecret.length < 32) throw new Error('sessions: cookieSecret needs at least 32 characters');
    await app.register(cookie, { secret: options.cookieSecret });

    const service = new SessionService(options.store, options.timings, options.clock);
    service.on('ended', ({ user, reason }) => app.log.info({ user, reason }, 'session ended'));
    // After the sockets were closed (websocket preClose): this instance stops its heartbeat in a shared store.
    app.addHook('onClose', async () => {
      await service.close();
      if (options.ownsStore) await options.store.disconnect();
    });
    app.decorate('sessions', service);
    app.decorate('sessionMode', options.mode);
    app.decorateRequest('session', null);
    app.decorateRequest('sessionIdFromCookie', function (this: FastifyRequest) {
      const raw = this.cookies[SESSION_COOKIE];
      if (!raw) return undefined;
      const unsigned = this.unsignCookie(raw);
      return unsigned.valid && unsigned.value ? unsigned.value : undefined;
    });

    app.decorate('requireSession', async (request: FastifyRequest) => {
      if (options.mode === 'single-user') {
        request.session = localSession(options.clock());
        return;
      }
      const id = request.sessionIdFromCookie();
      if (!id) throw notAuthenticated();
      request.session = await service.require(id);
    });

    // The clearing header carries the same attributes as the cookie it clears (a browser may otherwise keep it).
    const cookieOptions = (request: FastifyRequest) =>
      ({ path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' }) as const;

    app.decorate('setSessionCookie', (request: FastifyRequest, reply: FastifyReply, id: string) => {
      reply.setCookie(SESSION_COOKIE, id, { ...cookieOptions(request), signed: true });
    });

    app.decorate('clearSessionCookie', (request: FastifyRequest, reply: FastifyReply) => {
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
    });
  },
  { name: 'sessions' },
);
