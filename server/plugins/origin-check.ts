import type { FastifyRequest } from 'fastify';
import type { FastifyCorsOptions } from '@fastify/cors';
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
    /** @fastify/cors: CORS headers (credentials included) only for an allowed origin; any other gets none at all. */
    cors(request: FastifyRequest, callback: (error: Error | null, options?: FastifyCorsOptions) => void): void {
      const origin = request.headers.origin;
      const ok = origin !== undefined && allowed.has(origin);
      callback(null, ok ? { origin, credentials: true, methods: ['GET', 'POST'] } : { origin: false });
    },
  };
}
