import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Config } from './config.js';
import { systemClock, type Clock } from './clock.js';
import { MemorySessionStore } from './sessions/memory-session-store.js';
import { RedisSessionStore } from './sessions/redis-session-store.js';
import { MemoryLoginThrottle, type LoginThrottle } from './users/login-throttle.js';
import { RedisLoginThrottle } from './users/redis-login-throttle.js';
import type { SessionStore } from './sessions/session-store.js';
import type { UserDirectory } from './users/user-directory.js';
import { createEngine, type RecognizerEngine } from './recognizer/index.js';
import { clientErrorOptions } from './client-errors.js';
import { StoreUnavailableError } from './errors.js';
import errorHandler from './plugins/error-handler.js';
import originCheck from './plugins/origin-check.js';
import sessions from './plugins/sessions.js';
import authRoutes from './routes/auth.js';
import dictation from './routes/dictation.js';
import devRoutes from './routes/dev.js';
import staticRoutes from './routes/static.js';

export const API_PREFIX = '/api';

export interface AppOptions {
  config: Config;
  users: UserDirectory;
  store?: SessionStore;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Serve the demo page and the built components (off in most tests). */
  serveStatic?: boolean;
  /** How the dev panel's "restart service" button restarts the process; see server/main.ts. */
  restart?: () => void;
  /** How often the sweep runs; tests that drive the clock call `app.sweep()` themselves. */
  sweepIntervalMs?: number;
  /** The speech recognizer. Default: the configured one, created here and closed with the app. */
  engine?: RecognizerEngine;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Ends expired and abandoned sessions and closes silent sockets. Runs on a timer; tests may call it. */
    sweep(): Promise<void>;
    recognizer: RecognizerEngine;
  }
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** Builds the configured app without listening. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: options.logger ?? false,
    // A hop count believes that many X-Forwarded-For entries from the right (what Fastify does with a number).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Upgraded sockets are closed by the dictation plugin's preClose; idle HTTP keep-alive ones here.
    forceCloseConnections: 'idle',
    ...clientErrorOptions,
    // Reject what the schema does not allow instead of silently dropping or coercing it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });

  await app.register(errorHandler);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The bar's keep-alive timers run in a blob: worker (not throttled in hidden tabs).
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // The bundle is meant to be loaded by pages on other origins (ALLOWED_ORIGINS).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  // The store: given (tests, the demo's restarts), or made here from the config and closed with the app.
  const store = options.store ?? (config.redis ? await RedisSessionStore.connect(config.redis) : new MemorySessionStore());
  const shared = store instanceof RedisSessionStore ? store : null;
  const throttleOptions = { ...config.loginThrottle, clock };
  const throttle: LoginThrottle = shared
    ? new RedisLoginThrottle(shared.client, { ...throttleOptions, prefix: shared.prefix })
    : new MemoryLoginThrottle(throttleOptions);

  await app.register(rateLimit, {
    global: false,
    // Shared by the instances on Redis (a flood spread over them still meets one ceiling). If Redis is down the
    // ceiling is skipped: the login needs the session store anyway and answers 503.
    ...(shared ? { redis: shared.client, nameSpace: `${shared.prefix}rl:`, skipOnError: true } : {}),
  });
  await app.register(originCheck, { allowedOrigins: config.allowedOrigins });
  await app.register(sessions, {
    store,
    ownsStore: !options.store,
    timings: {
      idleTimeoutMs: config.idleTimeoutMs,
      extensionMs: config.extensionMs,
      absoluteTimeoutMs: config.absoluteTimeoutMs,
      socketGraceMs: config.socketGraceMs,
    },
    clock,
    mode: config.sessionMode,
    cookieSecret: config.cookieSecret,
  });
  await app.register(authRoutes, {
    prefix: `${API_PREFIX}/auth`,
    users: options.users,
    loginRateLimitPerMinute: config.loginRateLimitPerMinute,
    throttle,
  });
  let engine = options.engine;
  if (!engine) {
    const created = (engine = await createEngine(config.recognizer, app.log));
    app.addHook('onClose', () => created.close());
  }
  app.decorate('recognizer', engine);
  await app.register(dictation, {
    keepAliveIntervalMs: config.keepAliveIntervalMs,
    prefix: API_PREFIX,
    engine,
    maxRecordingSeconds: config.recognizer.maxRecordingSeconds,
    limits: config.limits,
  });
  if (config.devControls && !config.production) {
    await app.register(devRoutes, { prefix: `${API_PREFIX}/dev`, ...(options.restart ? { restart: options.restart } : {}) });
  }
  if (options.serveStatic) await app.register(staticRoutes);

  // A session store that cannot be reached ends nothing: sockets keep being answered and swept, and the outage is
  // logged once, not every second.
  let storeDown = false;
  app.decorate('sweep', async () => {
    // Sessions first: a socket of an expired session is closed with the expiry (4002), not as silent (4003).
    try {
      await app.sessions.sweep();
      if (storeDown) app.log.info('session store reachable again');
      storeDown = false;
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      if (!storeDown) app.log.warn({ err: err.reason }, 'session store unreachable: sessions carry on; logins and checks answer 503');
      storeDown = true;
    }
    app.dictationSockets.sweep();
  });

  // One timer for the whole server, however many sessions and sockets there are.
  const period = options.sweepIntervalMs ?? Math.min(1000, config.keepAliveIntervalMs / 4);
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      app.sweep().catch((err: unknown) => app.log.error({ err }, 'sweep failed'));
    }, period);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));

  return app;
}
