import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCode } from '../../protocol/index.js';
import { AppError, STORE_RETRY_AFTER_SECONDS, StoreUnavailableError } from '../errors.js';

/** The shape of every error body, referenced by each route's response schemas as `errorBody#`. */
export const errorBodySchema = {
  $id: 'errorBody',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

/** One place that turns every failure into `{ error: { code, message } }`; 5xx details stay in the log. */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    // Once per app: registered at the root of this server and again inside the plugin's prefix (for a host app).
    if (!app.getSchema(errorBodySchema.$id)) app.addSchema(errorBodySchema);

    app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
      if (err instanceof StoreUnavailableError) {
        request.log.warn({ err: err.reason }, 'session store unavailable');
        reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS));
      }
      if (err instanceof AppError) {
        return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message } });
      }
      if (err.validation) {
        return reply.code(400).send({ error: { code: ErrorCode.ValidationError, message: err.message } });
      }
      const status = err.statusCode ?? 500;
      if (status === 429) {
        return reply
          .code(429)
          .send({ error: { code: ErrorCode.RateLimited, message: 'Too many attempts. Please wait a minute and try again.' } });
      }
      if (status >= 400 && status < 500) {
        // Fastify's own client errors (bad JSON, body too large, wrong content type) keep their code.
        return reply.code(status).send({ error: { code: err.code ?? 'BAD_REQUEST', message: err.message } });
      }
      request.log.error({ err }, 'request failed');
      return reply.code(500).send({ error: { code: ErrorCode.InternalError, message: 'Internal server error.' } });
    });

    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send({ error: { code: ErrorCode.NotFound, message: `No route for ${request.method} ${request.url}.` } });
    });
  },
  { name: 'error-handler' },
);
