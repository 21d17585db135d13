import { Signer } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookies, serializeCookie, type CookieAttributes } from './cookie-header.js';
import type { SessionMode } from '../config.js';
import type { Clock } from '../clock.js';
import { notAuthenticated, sessionEndedError, type SessionService } from '../sessions/session-service.js';
import { EndReason } from '../../protocol/index.js';
import type { SessionRecord } from '../sessions/session-store.js';

export const SESSION_COOKIE = 'dictation_session';
const VERIFIED_COOKIES = 10_000;
export const LOCAL_USER = 'local';

export interface SessionCookieOptions {
  /** Default `dictation_session`. */
  name?: string;
  /** Default: the plugin's prefix (`/` when it has none). */
  path?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The live session, set by `requireSession`; `null` before it runs. */
    dictationSession: SessionRecord | null;
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

/**
 * The session cookie: signed with the plugin's own secret (whatever secret, if any, a host app's @fastify/cookie
 * has), HttpOnly, SameSite=Strict, Secure over TLS, on the plugin's path. `read` and `write` serve the plugin's other
 * cookie (the login throttle's known device) with the same attributes.
 */
export function sessionCookies(options: {
  secret: string;
  name: string;
  path: string;
  mode: SessionMode;
  sessions: SessionService;
  clock: Clock;
  /** Whether a user still exists: a session of one removed from the users file ends at its next request. */
  userExists?: (user: string) => boolean;
}) {
  if (options.secret.length < 32) throw new Error('dictation: the cookie secret needs at least 32 characters');
  const signer = new Signer(options.secret);
  const { name, path } = options;
  // The clearing header carries the same attributes as the cookie it clears (a browser may otherwise keep it).
  const attributes = (request: FastifyRequest, maxAge?: number): CookieAttributes => ({
    path,
    secure: request.protocol === 'https',
    ...(maxAge === undefined ? {} : { maxAge }),
  });
  // Over TLS on the whole origin, the `__Host-` prefix: the browser takes such a cookie only from this host, Secure,
  // with Path=/ and no Domain, so no sibling site of the domain can set or shadow it.
  const hostOnly = (request: FastifyRequest) => request.protocol === 'https' && path === '/';
  /** Every value the request carries for `cookie`, the `__Host-` one first. */
  const readAll = (request: FastifyRequest, cookie: string) => [
    ...readCookies(request.headers.cookie, `__Host-${cookie}`),
    ...readCookies(request.headers.cookie, cookie),
  ];
  /** The first value of `cookie` that this server signed, unsigned; a shadowing cookie of a sibling site is passed over. */
  const readSigned = (request: FastifyRequest, cookie: string): string | undefined => {
    for (const raw of readAll(request, cookie)) {
      const unsigned = signer.unsign(raw);
      if (unsigned.valid && unsigned.value) return unsigned.value;
    }
    return undefined;
  };
  const write = (request: FastifyRequest, reply: FastifyReply, cookie: string, value: string, maxAge?: number) => {
    // Fastify appends set-cookie headers rather than replacing them.
    reply.header('set-cookie', serializeCookie(hostOnly(request) ? `__Host-${cookie}` : cookie, value, attributes(request, maxAge)));
  };

  // Cookies whose signature was checked, so a page's every status check does not pay an HMAC again. Only valid
  // ones are kept (a forged cookie is checked each time), and at most VERIFIED_COOKIES of them.
  const verified = new Map<string, string>();
  const idOf = (request: FastifyRequest): string | undefined => {
    for (const raw of readAll(request, name)) {
      const known = verified.get(raw);
      if (known !== undefined) return known;
      const unsigned = signer.unsign(raw);
      if (!unsigned.valid || !unsigned.value) continue;
      if (verified.size >= VERIFIED_COOKIES) verified.delete(verified.keys().next().value!);
      verified.set(raw, unsigned.value);
      return unsigned.value;
    }
    return undefined;
  };

  return {
    signer,
    readSigned,
    write,
    /** The session id from the signed cookie, if it carries a valid signature. */
    idOf,
    /** preHandler: sets `request.dictationSession` to the live session, or answers 401 with the reason. */
    async requireSession(request: FastifyRequest): Promise<void> {
      if (options.mode === 'single-user') {
        request.dictationSession = localSession(options.clock());
        return;
      }
      const id = idOf(request);
      if (!id) throw notAuthenticated();
      const record = await options.sessions.require(id);
      if (options.userExists && !options.userExists(record.user)) {
        await options.sessions.end(id, EndReason.Terminated);
        throw sessionEndedError(EndReason.Terminated);
      }
      request.dictationSession = record;
    },
    set(request: FastifyRequest, reply: FastifyReply, id: string): void {
      write(request, reply, name, signer.sign(id));
    },
    clear(request: FastifyRequest, reply: FastifyReply): void {
      write(request, reply, name, '', 0);
      // One set before TLS was in front (or the other way round) goes too.
      const other = hostOnly(request) ? name : `__Host-${name}`;
      reply.header('set-cookie', serializeCookie(other, '', { ...attributes(request, 0), secure: other.startsWith('__Host-') }));
    },
  };
}

export type SessionCookies = ReturnType<typeof sessionCookies>;
