import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '../../protocol/index.js';
import { AppError } from '../errors.js';

/**
 * Which browser pages may call the API and open the socket: the server's own origin and `allowedOrigins`.
 * Browsers always send `Origin` on WebSocket upgrades and cross-origin POSTs. A request with no Origin is not from
 * a browser page and cannot carry the browser's HttpOnly cookie, so it is let through.
 */
export function originCheck(allowedOrigins: string[]) {
  for (const origin of allowedOrigins) {
    if (new URL(origin).origin !== origin) throw new Error(`origin-check: "${origin}" is not a bare origin`);
  }
  const allowed = new Set(allowedOrigins);
  return {
    /** preHandler: rejects a browser request from a foreign origin (CSRF and cross-site WebSocket hijacking). */
    async checkOrigin(request: FastifyRequest): Promise<void> {
      const origin = request.headers.origin;
      if (origin === undefined || allowed.has(origin)) return;
      if (origin === `${request.protocol}://${request.host}`) return;
      throw new AppError(403, ErrorCode.ForbiddenOrigin, `Requests from ${origin} are not allowed.`);
    },
    /** Whether a page of this origin may call with credentials (CORS): the allowed origins only. */
    allows(origin: string): boolean {
      return allowed.has(origin);
    },
  };
}
