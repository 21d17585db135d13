import { createContentStore, type ContentStore } from './content/index.js';
import { VocabularyFeed } from './content/vocabulary-feed.js';
import contentRoutes, { type TeamResolver } from './routes/content.js';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { BUNDLE_STATIC } from './plugins/bundle-files.js';
import type { FastifyRequest } from 'fastify';
import type { Config, SessionMode } from './config.js';
import { systemClock, type Clock } from './clock.js';
import { StoreUnavailableError } from './errors.js';
import { CloseCode } from '../protocol/index.js';
import errorHandler from './plugins/error-handler.js';
import { originCheck } from './plugins/origin-check.js';
import { SESSION_COOKIE, sessionCookies, type SessionCookieOptions, type SessionCookies } from './plugins/sessions.js';
import { createEngine, type RecognizerEngine } from './recognizer/index.js';
import authRoutes from './routes/auth.js';
import devRoutes from './routes/dev.js';
import dictationRoutes from './routes/dictation.js';
import healthRoutes from './routes/health.js';
import { SocketRegistry } from './dictation/socket-registry.js';
import { backendOf, createSessionBackend, type SessionBackend } from './sessions/session-backend.js';
import { SessionService } from './sessions/session-service.js';
import type { SessionStore } from './sessions/session-store.js';
import { usersFile, type Authenticate } from './users/authenticate.js';
import { JournalKeys } from './users/journal-keys.js';
import type { UserDirectory } from './users/user-directory.js';

export type { Authenticate };

export interface DictationPluginOptions {
  /** Where the API, the socket and the bundle live, e.g. `/dictation` (the standalone server uses `/api`). */
  prefix?: string;
  /** Timeouts, limits, origins, cookie secret, REDIS_URL...: `loadConfig(env)` reads them from variables. */
  config: Config;
  /** Default: the users file (`users`). */
  authenticate?: Authenticate;
  users?: UserDirectory;
  /**
   * Default: Redis with `config.redis`, else in memory. A plain SessionStore keeps failed-login counts in this process;
   * a SessionBackend (`server/sessions/session-backend.ts`) brings the throttle and rate-limit store that go with it.
   */
  store?: SessionStore | SessionBackend;
  clock?: Clock;
  /** Users' and teams' words and auto-texts. Default: the configured one (SQLite or PostgreSQL), closed with the app. */
  content?: ContentStore;
  /**
   * The teams a user belongs to, for a host with its own identity system (`authenticate`): e.g. from its LDAP
   * groups or its session. Default: the users file's `teams`.
   */
  teams?: TeamResolver;
  /** The speech recognizer. Default: the configured one, created here and closed with the app. */
  engine?: RecognizerEngine;
  cookie?: SessionCookieOptions;
  /** How the dev panel's "restart service" restarts the process. */
  restart?: () => void;
  /** How often expiry and silent sockets are checked; tests that drive the clock call `dictation.sweep()` instead. */
  sweepIntervalMs?: number;
  /** Serve the one-file bundle at `<prefix>/dictation-bar.js` (default true). */
  serveBundle?: boolean;
}

/** What the plugin gives its host (as `app.dictation`): the sessions, the sockets, and the routes' guards. */
export interface Dictation {
  prefix: string;
  mode: SessionMode;
  sessions: SessionService;
  sockets: SocketRegistry;
  recognizer: RecognizerEngine;
  cookies: SessionCookies;
  /** preHandler: refuses a browser request from an origin that is not allowed (403). */
  checkOrigin(request: FastifyRequest): Promise<void>;
  /** preHandler: sets `request.dictationSession`, or answers 401 with the reason. */
  requireSession(request: FastifyRequest): Promise<void>;
  /** Ends what is due and closes silent sockets; runs on a timer. */
  sweep(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    dictation: Dictation;
  }
}

/** Every answer under the prefix. The bundle overrides the resource policy (other origins load it). */
/** The largest request body any API route takes (a login is the largest). */
const API_BODY_LIMIT = 4096;

const API_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-site',
  'referrer-policy': 'no-referrer',
  vary: 'Origin',
} as const;

/**
 * The dictation service as one Fastify plugin, for this server and for existing apps:
 * `app.register(dictation, { prefix: '/dictation', config, authenticate })`. Everything it adds lives under its
 * prefix (routes, error envelope, rate limit, CORS, 404s) except one decorator, `app.dictation`. It reuses the
 * host's @fastify/rate-limit when it is registered; its cookies need no cookie plugin (a host's @fastify/cookie keeps
 * working beside them) and are signed with its own secret.
 */
export default fp<DictationPluginOptions>(
  async function dictation(host, options) {
    const { config } = options;
    const prefix = (options.prefix ?? '').replace(/\/+$/, '');
    const clock = options.clock ?? systemClock;
    const mode = config.sessionMode;

    const backendOptions = { redis: config.redis, loginThrottle: config.loginThrottle, clock };
    const backend = options.store ? backendOf(options.store, backendOptions) : await createSessionBackend(backendOptions);
    const { store, loginThrottle: throttle } = backend;

    const sessions = new SessionService(
      store,
      {
        idleTimeoutMs: config.idleTimeoutMs,
        extensionMs: config.extensionMs,
        absoluteTimeoutMs: config.absoluteTimeoutMs,
        socketGraceMs: config.socketGraceMs,
      },
      clock,
    );
    sessions.on('ended', ({ user, reason }) => host.log.info({ user, reason }, 'session ended'));

    const engine = options.engine ?? (await createEngine(config.recognizer, host.log));
    const content = options.content ?? (await createContentStore(config.content));
    const teams: TeamResolver = options.teams ?? ((user) => options.users?.teamsOf(user) ?? []);
    const vocabulary = new VocabularyFeed(content, async (user) => (await teams(user)).map((m) => m.team), {
      onError: (err) => host.log.warn({ err }, "users' own words could not be checked for changes"),
    });
    const sockets = new SocketRegistry({
      sessions,
      clock,
      keepAliveIntervalMs: config.keepAliveIntervalMs,
      tracksSessions: mode === 'multi-user',
      engine,
      maxRecordingSeconds: config.recognizer.maxRecordingSeconds,
      limits: config.limits,
      recordingSlots: backend.recordingSlots,
      vocabulary,
      format: config.format,
      log: host.log,
    });
    const cookies = sessionCookies({
      secret: config.cookieSecret,
      name: options.cookie?.name ?? SESSION_COOKIE,
      path: options.cookie?.path ?? (prefix || '/'),
      mode,
      sessions,
      clock,
      // With the users file, a user no longer in it has no session either (with Redis, sessions outlive a restart).
      ...(options.authenticate || !options.users ? {} : { userExists: (user: string) => options.users!.has(user) }),
    });
    const origins = originCheck(config.allowedOrigins, { publicOrigins: config.publicOrigins, anyHost: mode === 'multi-user' });
    const authenticate = options.authenticate ?? usersFile(options.users);

    // A session store that cannot be reached ends nothing: sockets keep being answered and swept, and the outage is
    // logged once, not every second.
    let storeDown = false;
    const sweep = async () => {
      // Sessions first: a socket of an expired session is closed with the expiry (4002), not as silent (4003).
      try {
        await sessions.sweep();
        if (storeDown) host.log.info('session store reachable again');
        storeDown = false;
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        if (!storeDown) host.log.warn({ err: err.reason }, 'session store unreachable: sessions carry on; logins and checks answer 503');
        storeDown = true;
      }
      sockets.sweep();
    };

    host.decorate('dictation', {
      prefix,
      mode,
      sessions,
      sockets,
      recognizer: engine,
      cookies,
      checkOrigin: origins.checkOrigin,
      requireSession: cookies.requireSession,
      sweep,
    } satisfies Dictation);

    await host.register(
      async (scope) => {
        await scope.register(errorHandler);
        if (!scope.hasDecorator('rateLimit')) {
          // Shared by the instances on a shared store (a flood spread over them still meets one ceiling).
          await scope.register(rateLimit, { global: false, ...backend.rateLimitStore });
        }
        // JSON is never rendered, framed or cached: a fixed set of headers, set in one go. CORS (credentials
        // included) only for an allowed origin; any other gets no CORS header at all. Written here rather than with
        // @fastify/cors, whose per-request delegate cost 5 % of a status check for what is three headers.
        // A callback hook, not an async one: no promise per request.
        scope.addHook('onRequest', (request, reply, done) => {
          reply.headers(API_HEADERS);
          const origin = request.headers.origin;
          if (origin !== undefined && origins.allows(origin)) {
            reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true');
          }
          done();
        });
        scope.options('/*', async (request, reply) => {
          const origin = request.headers.origin;
          if (origin !== undefined && origins.allows(origin)) {
            reply
              .header('access-control-allow-methods', 'GET, POST, PUT, DELETE')
              .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? 'content-type')
              .header('access-control-max-age', '600');
          }
          return reply.code(204).send();
        });
        scope.decorateRequest('dictationSession', null);
        // Every body the API takes is a few hundred bytes: nobody, logged in or not, gets more parsed.
        scope.addHook('onRoute', (route) => {
          route.bodyLimit ??= API_BODY_LIMIT;
        });
        await scope.register(authRoutes, {
          prefix: '/auth',
          authenticate,
          customAuthenticate: options.authenticate !== undefined,
          loginRateLimitPerMinute: config.loginRateLimitPerMinute,
          throttle,
          deviceTrustSeconds: config.loginThrottle.deviceTrustMs / 1000,
          // A host without either secret set has a random cookie secret: the keys then last as long as the process.
          journalKeys: new JournalKeys(config.journalSecret ?? config.cookieSecret),
        });
        await scope.register(dictationRoutes);
        await scope.register(contentRoutes, { store: content, limits: config.content.limits, teams, onChange: () => vocabulary.changed() });
        await scope.register(healthRoutes);
        if (config.devControls && !config.production) {
          await scope.register(devRoutes, { prefix: '/dev', ...(options.restart ? { restart: options.restart } : {}) });
        }
        if (options.serveBundle !== false) {
          // Pages on other origins load it (CORS above; CORP here, whatever the host's helmet says).
          await scope.register(fastifyStatic, { ...BUNDLE_STATIC, prefix: '/', wildcard: false, decorateReply: false });
        }
      },
      { prefix },
    );

    // One timer for the whole server, however many sessions and sockets there are.
    const period = options.sweepIntervalMs ?? Math.min(1000, config.keepAliveIntervalMs / 4);
    let timer: NodeJS.Timeout | undefined;
    host.addHook('onReady', async () => {
      timer = setInterval(() => {
        sweep().catch((err: unknown) => host.log.error({ err }, 'sweep failed'));
      }, period);
      timer.unref();
    });
    // Graceful shutdown: what was recognised is sent, then every socket hears that the service is restarting (1012).
    host.addHook('preClose', async () => {
      clearInterval(timer);
      await sockets.closeAll(CloseCode.ServiceRestart);
    });
    host.addHook('onClose', async () => {
      await sessions.close();
      if (!options.store) await store.disconnect();
      vocabulary.close();
      if (!options.engine) await engine.close();
      if (!options.content) await content.close();
    });
  },
  { name: 'dictation', fastify: '5.x' },
);
