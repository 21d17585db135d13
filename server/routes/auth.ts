import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { EndReason, ErrorCode } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import type { UserDirectory } from '../users/user-directory.js';
import type { LoginThrottle } from '../users/login-throttle.js';
import type { SessionRecord } from '../sessions/session-store.js';

export interface AuthRoutesOptions {
  users: UserDirectory;
  loginRateLimitPerMinute: number;
  /** Counts failed logins (in memory, or in Redis when instances share it). */
  throttle: LoginThrottle;
}

/** Signed, HttpOnly: names the user who last logged in on this browser, so guessing elsewhere never locks it out. */
export const DEVICE_COOKIE = 'dictation_device';
const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 3600;

/** "4 minutes", "1 minute", "30 seconds". */
function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

const isoOrNull = { type: ['string', 'null'], format: 'date-time' } as const;
const iso = { type: 'string', format: 'date-time' } as const;
const errorRef = { $ref: 'errorBody#' } as const;

/** The 200 body of login and session-status: the session's times and the idle timeout. */
const sessionBody = {
  type: 'object',
  required: ['user', 'expiresAt', 'lastActivityAt', 'serverTime', 'idleTimeoutSeconds'],
  properties: {
    user: { type: 'string' },
    expiresAt: isoOrNull,
    lastActivityAt: iso,
    serverTime: iso,
    idleTimeoutSeconds: { type: ['number', 'null'] },
  },
} as const;

const loginSchema = {
  body: {
    type: 'object',
    required: ['username', 'password'],
    additionalProperties: false,
    properties: {
      username: { type: 'string', minLength: 1, maxLength: 64 },
      password: { type: 'string', minLength: 1, maxLength: 1024 },
    },
  },
  response: {
    200: sessionBody,
    400: errorRef,
    401: errorRef,
    403: errorRef,
    429: errorRef,
  },
} as const;

const statusSchema = {
  response: {
    200: sessionBody,
    401: errorRef,
  },
} as const;

const extendSchema = {
  response: {
    200: {
      type: 'object',
      required: ['expiresAt', 'serverTime'],
      properties: { expiresAt: isoOrNull, serverTime: iso },
    },
    401: errorRef,
    403: errorRef,
  },
} as const;

const logoutSchema = { response: { 204: { type: 'null' }, 403: errorRef } } as const;

const toIso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

function sessionTimes(app: FastifyInstance, record: SessionRecord) {
  return {
    user: record.user,
    expiresAt: toIso(record.expiresAt),
    lastActivityAt: new Date(record.lastActivityAt).toISOString(),
    serverTime: new Date(app.sessions.clock()).toISOString(),
  };
}

/** `/api/auth/*`: login, logout, session-status, extend-session. */
const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, { users, loginRateLimitPerMinute, throttle }) => {
  const singleUser = app.sessionMode === 'single-user';
  const idleTimeoutSeconds = singleUser ? null : app.sessions.timings.idleTimeoutMs / 1000;

  app.post<{ Body: { username: string; password: string } }>(
    '/login',
    {
      schema: loginSchema,
      bodyLimit: 4096,
      preHandler: app.checkOrigin,
      config: { rateLimit: { max: loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (singleUser) {
        await app.requireSession(request);
        return { ...sessionTimes(app, request.session!), idleTimeoutSeconds };
      }
      const { username, password } = request.body;
      const device = request.cookies[DEVICE_COOKIE];
      const knownDevice = device !== undefined && request.unsignCookie(device).value === username;
      // Checked before the password, so a throttled guesser costs no hashing either.
      const wait = await throttle.retryAfter(username, request.ip, knownDevice);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError(
          429,
          ErrorCode.LoginThrottled,
          `Too many failed logins for this account or from this network. Try again in ${waitText(wait)}.`,
        );
      }
      if (!(await users.verify(username, password))) {
        await throttle.failed(username, request.ip);
        throw new AppError(401, ErrorCode.InvalidCredentials, 'Wrong username or password.');
      }
      reply.setCookie(DEVICE_COOKIE, username, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        signed: true,
        maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
      });
      // Rotate: the browser's previous session, whoever it belonged to, ends with this login.
      const previous = request.sessionIdFromCookie();
      if (previous) await app.sessions.end(previous, EndReason.Replaced);
      const record = await app.sessions.create(username);
      app.setSessionCookie(request, reply, record.id);
      request.log.info({ user: username }, 'login');
      return { ...sessionTimes(app, record), idleTimeoutSeconds };
    },
  );

  app.post('/logout', { schema: logoutSchema, preHandler: app.checkOrigin }, async (request, reply) => {
    if (!singleUser) {
      const id = request.sessionIdFromCookie();
      if (id) await app.sessions.end(id, EndReason.LoggedOut);
      app.clearSessionCookie(request, reply);
    }
    return reply.code(204).send();
  });

  // Reading the status is not activity: a page that polls must not keep an abandoned session alive.
  app.get('/session-status', { schema: statusSchema, preHandler: app.requireSession }, async (request) => ({
    ...sessionTimes(app, request.session!),
    idleTimeoutSeconds,
  }));

  app.post('/extend-session', { schema: extendSchema, preHandler: [app.checkOrigin, app.requireSession] }, async (request) => {
    const record = singleUser ? request.session! : await app.sessions.extend(request.session!.id);
    return { expiresAt: toIso(record.expiresAt), serverTime: new Date(app.sessions.clock()).toISOString() };
  });

};

export default authRoutes;
