import fp from 'fastify-plugin';
import cors from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '../../protocol/index.js';
import { AppError } from '../errors.js';

export interface OriginCheckOptions {
  /** Origins other than the server's own that may call the API with credentials. */
  allowedOrigins: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: rejects a browser request from a foreign origin (CSRF and cross-site WebSocket hijacking). */
    checkOrigin: (request: FastifyRequest) => Promise<void>;
  }
}

/**
 * Browsers always send `Origin` on WebSocket upgrades and cross-origin POSTs. A request with no Origin is not from
 * a browser page and cannot carry the browser's HttpOnly cookie, so it is let through.
 */
export default fp<OriginCheckOptions>(
  async function originCheck(app, { allowedOrigins }) {
    for (const origin of allowedOrigins) {
      if (new URL(origin).origin !== origin) throw new Error(`origin-check: "${origin}" is not a bare origin`);
    }
    const allowed = new Set(allowedOrigins);

    // CORS headers (credentials included) only for an allowed origin; any other gets none at all.
    await app.register(cors, {
      delegator: (request, callback) => {
        const origin = request.headers.origin;
        const ok = origin !== undefined && allowed.has(origin);
        callback(null, ok ? { origin, credentials: true, methods: ['GET', 'POST'] } : { origin: false });
      },
    });

    app.decorate('checkOrigin', async (request: FastifyRequest) => {
      const origin = request.headers.origin;
      if (origin === undefined || allowed.has(origin)) return;
      if (origin === `${request.protocol}://${request.host}`) return;
      throw new AppError(403, ErrorCode.ForbiddenOrigin, `Requests from ${origin} are not allowed.`);
    });
  },
  { name: 'origin-check' },
);

