import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '../../protocol/index.js';
import { AppError } from '../errors.js';

/** Host names a DNS-rebinding page cannot take: loopback addresses, and names that only ever mean loopback. */
const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export interface OwnOrigins {
  /** The server's own public origins, when configured: then only these count as the server's own. */
  publicOrigins: string[];
  /**
   * Without them, whether a page at `scheme://Host` counts as the server's own whatever the Host. In multi-user mode
   * it may (the session cookie is SameSite=Strict to the real host, so a page at a rebound name has no session);
   * in single-user mode, with no login at all, only at a loopback Host.
   */
  anyHost: boolean;
}

/**
 * Which browser pages may call the API and open the socket: the server's own origin and `allowedOrigins`.
 * Browsers always send `Origin` on WebSocket upgrades and cross-origin POSTs. A request with no Origin is not from
 * a browser page and cannot carry the browser's HttpOnly cookie, so it is let through.
 */
export function originCheck(allowedOrigins: string[], own: OwnOrigins = { publicOrigins: [], anyHost: true }) {
  for (const origin of allowedOrigins) {
    if (new URL(origin).origin !== origin) throw new Error(`origin-check: "${origin}" is not a bare origin`);
  }
  const allowed = new Set(allowedOrigins);
  const publicOrigins = new Set(own.publicOrigins);
  const isOwn = (origin: string, host: string) =>
    publicOrigins.size > 0 ? publicOrigins.has(origin) : own.anyHost || LOOPBACK.test(host);
  return {
    /** preHandler: rejects a browser request from a foreign origin (CSRF and cross-site WebSocket hijacking). */
    async checkOrigin(request: FastifyRequest): Promise<void> {
      const origin = request.headers.origin;
      if (origin === undefined || allowed.has(origin)) return;
      if (origin === `${request.protocol}://${request.host}` && isOwn(origin, request.host)) return;
      throw new AppError(403, ErrorCode.ForbiddenOrigin, `Requests from ${origin} are not allowed.`);
    },
    /** Whether a page of this origin may call with credentials (CORS): the allowed origins only. */
    allows(origin: string): boolean {
      return allowed.has(origin);
    },
  };
}
