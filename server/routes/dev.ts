import type { FastifyPluginAsync } from 'fastify';
import { CloseCode, ErrorCode } from '../../protocol/index.js';
import { expireIn } from '../sessions/expiry-control.js';

export interface DevRoutesOptions {
  /** Restarts the service for real (close everything with 1012, start again). Absent when nothing can restart it. */
  restart?: () => void;
}

const errorRef = { $ref: 'errorBody#' } as const;
const CLOSABLE = [
  CloseCode.LoggedOut,
  CloseCode.SignedInElsewhere,
  CloseCode.SessionExpired,
  CloseCode.KeepAliveTimeout,
  CloseCode.SessionTerminated,
  CloseCode.InternalError,
  CloseCode.ServiceRestart,
  // Not a close frame: the TCP connection is dropped, as a proxy or load balancer reset does.
  CloseCode.Abnormal,
];

/**
 * `<prefix>/dev/*`: failure modes a visitor (or a browser test) can trigger for real, so every status message can be
 * seen. Registered only outside production.
 */
const devRoutes: FastifyPluginAsync<DevRoutesOptions> = async (app, { restart }) => {
  const { checkOrigin, requireSession, sockets, sessions, recognizer } = app.dictation;
  const guarded = { preHandler: [checkOrigin, requireSession] };

  // Lets the demo page know the panel is available to this user (404 where these routes do not exist).
  app.get(
    '/',
    {
      preHandler: requireSession,
      schema: {
        response: { 200: { type: 'object', properties: { restart: { type: 'boolean' }, recognizer: { type: 'string' } } }, 401: errorRef },
      },
    },
    async () => {
      const status = recognizer.status();
      return { restart: Boolean(restart), recognizer: status.available ? recognizer.name : `unavailable: ${status.reason}` };
    },
  );

  app.post(
    '/restart',
    { ...guarded, schema: { response: { 202: { type: 'null' }, 401: errorRef, 501: errorRef } } },
    async (_request, reply) => {
      if (!restart) return reply.code(501).send({ error: { code: ErrorCode.NotSupported, message: 'This server cannot restart itself.' } });
      // Answer first, then restart: the restart closes this very connection.
      setTimeout(restart, 50);
      return reply.code(202).send();
    },
  );

  // The server goes on working but nothing it sends reaches this session's sockets: a dead link, seen from the page.
  app.post<{ Body: { silent: boolean } }>(
    '/silence-link',
    {
      ...guarded,
      schema: {
        body: { type: 'object', required: ['silent'], additionalProperties: false, properties: { silent: { type: 'boolean' } } },
        response: { 204: { type: 'null' }, 400: errorRef, 401: errorRef },
      },
    },
    async (request, reply) => {
      sockets.faults.setSilenced(request.dictationSession!.id, request.body.silent);
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { seconds: number; absolute?: boolean } }>(
    '/expire-session',
    {
      ...guarded,
      schema: {
        body: {
          type: 'object',
          required: ['seconds'],
          additionalProperties: false,
          properties: {
            seconds: { type: 'number', minimum: 0, maximum: 3600 },
            // As if the absolute timeout were reached: no activity (dictation included) or extension moves it.
            absolute: { type: 'boolean' },
          },
        },
        response: {
          200: { type: 'object', required: ['expiresAt'], properties: { expiresAt: { type: 'string' } } },
          400: errorRef,
          401: errorRef,
        },
      },
    },
    async (request) => {
      const record = await expireIn(sessions, request.dictationSession!.id, request.body.seconds * 1000, request.body.absolute ?? false);
      return { expiresAt: new Date(record.expiresAt).toISOString() };
    },
  );

  app.post<{ Body: { enabled: boolean } }>(
    '/recognizer',
    {
      ...guarded,
      schema: {
        body: { type: 'object', required: ['enabled'], additionalProperties: false, properties: { enabled: { type: 'boolean' } } },
        response: { 204: { type: 'null' }, 400: errorRef, 401: errorRef },
      },
    },
    async (request, reply) => {
      sockets.faults.setRecognizerEnabled(request.body.enabled);
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { code: number } }>(
    '/close-sockets',
    {
      ...guarded,
      schema: {
        body: {
          type: 'object',
          required: ['code'],
          additionalProperties: false,
          properties: { code: { type: 'integer', enum: CLOSABLE } },
        },
        response: { 204: { type: 'null' }, 400: errorRef, 401: errorRef },
      },
    },
    async (request, reply) => {
      if (request.body.code === CloseCode.Abnormal) sockets.dropSession(request.dictationSession!.id);
      else sockets.closeSession(request.dictationSession!.id, request.body.code);
      return reply.code(204).send();
    },
  );
};

export default devRoutes;
