import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { ErrorCode, type ErrorBody } from '../protocol/index.js';

/**
 * What Node and Fastify answer before any route or error handler runs (a request Node cannot parse, headers too
 * large, a URL with bad percent-encoding) in the same `{ error: { code, message } }` envelope as everything else.
 * These are Fastify server options, not a plugin: they act before the plugin tree sees the request.
 */
export const clientErrorOptions: Pick<FastifyServerOptions, 'clientErrorHandler' | 'frameworkErrors'> = {
  clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
    // A reset connection has nobody to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code, message]: [number, string, string] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, ErrorCode.HeadersTooLarge, 'The request headers are too large.']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, ErrorCode.RequestTimeout, 'The request took too long to arrive.']
          : [400, ErrorCode.BadRequest, 'The request is not valid HTTP.'];
    const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  },

  frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
    // FST_ERR_BAD_URL (bad percent-encoding), FST_ERR_MAX_PARAM_LENGTH, FST_ERR_ASYNC_CONSTRAINT: all the client's.
    const body: ErrorBody = { error: { code: ErrorCode.BadRequest, message: `The request URL is not valid (${error.code}).` } };
    void reply.code(400).send(body);
  },
};
