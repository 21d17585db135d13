import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { EndReason, ErrorCode } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import type { Authenticate } from '../users/authenticate.js';
import type { JournalKeys } from '../users/journal-keys.js';
import type { LoginThrottle } from '../users/login-throttle.js';
import type { SessionRecord } from '../sessions/session-store.js';

export interface AuthRoutesOptions {
  authenticate: Authenticate;
  /** A host's own check: the login may come without username and password (its session, SSO, a token). */
  customAuthenticate: boolean;
  loginRateLimitPerMinute: number;
  /** Counts failed logins (in memory, or in Redis when instances share it). */
  throttle: LoginThrottle;
  /** How long a browser stays trusted for its users (the device cookie lives as long). */
  deviceTrustSeconds: number;
  journalKeys: JournalKeys;
}

/**
 * Signed, HttpOnly: a random id of this browser, issued at its first login. The server trusts it for the users who
 * logged in there (until DEVICE_TRUST_DAYS, or revoked), so guessing elsewhere never locks them out of it. One id per
 * browser, whoever logs in: a shared PC is trusted for each of its users.
 */
export const DEVICE_COOKIE = 'dictation_device';
const DEVICE_ID = /^[A-Za-z0-9_-]{43}$/;

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

const loginSchema = (credentialsRequired: boolean) => ({
  body: {
    type: 'object',
    required: credentialsRequired ? ['username', 'password'] : [],
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
    503: errorRef,
  },
});

const statusSchema = {
  response: {
    200: sessionBody,
    401: errorRef,
    503: errorRef,
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
    503: errorRef,
  },
} as const;

const journalKeySchema = {
  response: {
    200: { type: 'object', required: ['key'], properties: { key: { type: 'string' } } },
    401: errorRef,
    403: errorRef,
    503: errorRef,
  },
} as const;

const logoutSchema = { response: { 204: { type: 'null' }, 403: errorRef, 503: errorRef } } as const;

const toIso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

function sessionTimes(app: FastifyInstance, record: SessionRecord) {
  return {
    user: record.user,
    expiresAt: toIso(record.expiresAt),
    lastActivityAt: new Date(record.lastActivityAt).toISOString(),
    serverTime: new Date(app.dictation.sessions.clock()).toISOString(),
  };
}

/** `<prefix>/auth/*`: login, logout, session-status, extend-session, journal-key, forget-devices. */
const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, options) => {
  const { authenticate, customAuthenticate, loginRateLimitPerMinute, throttle, journalKeys, deviceTrustSeconds } = options;
  /** This browser's device id, if its cookie is one this server signed. */
  const deviceOf = (request: FastifyRequest): string | null => {
    const id = cookies.readSigned(request, DEVICE_COOKIE);
    return id !== undefined && DEVICE_ID.test(id) ? id : null;
  };
  const { sessions, cookies, checkOrigin, requireSession, mode } = app.dictation;
  const singleUser = mode === 'single-user';
  const idleTimeoutSeconds = singleUser ? null : sessions.timings.idleTimeoutMs / 1000;

  app.post<{ Body: { username?: string; password?: string } }>(
    '/login',
    {
      schema: loginSchema(!customAuthenticate),
      preHandler: checkOrigin,
      config: { rateLimit: { max: loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (singleUser) {
        await requireSession(request);
        return { ...sessionTimes(app, request.dictationSession!), idleTimeoutSeconds };
      }
      const { username, password } = request.body ?? {};
      const credentials = username !== undefined && password !== undefined ? { username, password } : null;
      // Throttled by the name typed in; a login without one (the host's session, SSO) by address and device only.
      const attempt = { user: username ?? '', ip: request.ip, device: deviceOf(request) };
      // Checked before the password, so a throttled guesser costs no hashing either.
      const wait = await throttle.retryAfter(attempt);
      if (wait > 0) {
        // Every refusal and failure is logged with who and from where (never the password): a guessing campaign shows.
        request.log.warn({ user: attempt.user, ip: request.ip, device: attempt.device !== null, retryAfter: wait }, 'login throttled');
        reply.header('retry-after', String(wait));
        throw new AppError(
          429,
          ErrorCode.LoginThrottled,
          `Too many failed logins for this account or from this network. Try again in ${waitText(wait)}.`,
        );
      }
      const user = await authenticate(request, credentials);
      if (!user) {
        request.log.warn({ user: attempt.user, ip: request.ip, device: attempt.device !== null }, 'login failed: wrong username or password');
        await throttle.failed(attempt);
        throw new AppError(401, ErrorCode.InvalidCredentials, 'Wrong username or password.');
      }
      const device = attempt.device ?? randomBytes(32).toString('base64url');
      await throttle.trust(device, user);
      cookies.write(request, reply, DEVICE_COOKIE, cookies.signer.sign(device), deviceTrustSeconds);
      // Rotate: the browser's previous session, whoever it belonged to, ends with this login.
      const previous = cookies.idOf(request);
      if (previous) await sessions.end(previous, EndReason.Replaced);
      const record = await sessions.create(user);
      cookies.set(request, reply, record.id);
      request.log.info({ user, ip: request.ip }, 'login');
      return { ...sessionTimes(app, record), idleTimeoutSeconds };
    },
  );

  // "Not my browser": every browser trusted for the user is trusted no more (a lost laptop, a shared PC left).
  app.post('/forget-devices', { schema: logoutSchema, preHandler: [checkOrigin, requireSession] }, async (request, reply) => {
    await throttle.forgetDevices(request.dictationSession!.user);
    return reply.code(204).send();
  });

  app.post('/logout', { schema: logoutSchema, preHandler: checkOrigin }, async (request, reply) => {
    if (!singleUser) {
      const id = cookies.idOf(request);
      // Cleared whatever happens next: a browser that asked to log out is logged out.
      cookies.clear(request, reply);
      if (id && !(await sessions.endOrLater(id, EndReason.LoggedOut))) {
        throw new AppError(
          503,
          ErrorCode.SessionStoreUnavailable,
          'You are logged out on this browser. The session service is unreachable, so the session ends on the server as soon as it is back.',
        );
      }
    }
    return reply.code(204).send();
  });

  // Reading the status is not activity: a page that polls must not keep an abandoned session alive.
  app.get('/session-status', { schema: statusSchema, preHandler: requireSession }, async (request) => ({
    ...sessionTimes(app, request.dictationSession!),
    idleTimeoutSeconds,
  }));

  // The key of the user's dictation kept on this device, to the user's live session only (no-store, as every answer).
  app.get('/journal-key', { schema: journalKeySchema, preHandler: [checkOrigin, requireSession] }, async (request) => ({
    key: journalKeys.keyFor(request.dictationSession!.user),
  }));

  app.post('/extend-session', { schema: extendSchema, preHandler: [checkOrigin, requireSession] }, async (request) => {
    const record = singleUser ? request.dictationSession! : await sessions.extend(request.dictationSession!.id);
    return { expiresAt: toIso(record.expiresAt), serverTime: new Date(sessions.clock()).toISOString() };
  });
};

export default authRoutes;
