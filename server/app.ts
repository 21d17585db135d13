import { createServer } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import type { Config } from './config.js';
import type { Clock } from './clock.js';
import type { SessionStore } from './sessions/session-store.js';
import type { UserDirectory } from './users/user-directory.js';
import type { RecognizerEngine } from './recognizer/index.js';
import { clientErrorOptions } from './client-errors.js';
import errorHandler from './plugins/error-handler.js';
import dictation from './plugin.js';
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
  /** How often the sweep runs; tests that drive the clock call `app.dictation.sweep()` themselves. */
  sweepIntervalMs?: number;
  /** The speech recognizer. Default: the configured one, created here and closed with the app. */
  engine?: RecognizerEngine;
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** Builds the configured app without listening. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.clock ?? Date.now;
  const app = Fastify({
    logger: options.logger ?? false,
    // A hop count believes that many X-Forwarded-For entries from the right (what Fastify does with a number).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Upgraded sockets are closed by the dictation plugin's preClose; idle HTTP keep-alive ones here.
    forceCloseConnections: 'idle',
    // A client that sends its request slowly (a slow body, headers a byte at a time) does not hold a connection: Node
    // checks the deadline every `connectionsCheckingInterval` (30 s by default, so a 30 s deadline could be 60 s).
    requestTimeout: config.requestTimeoutMs,
    serverFactory: (handler) =>
      createServer({ requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs) }, handler),
    ...clientErrorOptions,
    // Reject what the schema does not allow instead of silently dropping or coercing it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });

  await app.register(errorHandler);
  await app.register(dictation, {
    prefix: API_PREFIX,
    config,
    users: options.users,
    ...(options.store ? { store: options.store } : {}),
    clock,
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.restart ? { restart: options.restart } : {}),
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
    // The standalone server's cookie covers the whole origin (the demo page and the API).
    cookie: { path: '/' },
  });
  // The pages get the full set of security headers; the API its own short, fixed set (server/plugin.ts): helmet's
  // dozen headers on every JSON answer cost a third of session-status's time and protect nothing a JSON body needs.
  if (options.serveStatic) {
    await app.register(async (pages) => {
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
      await pages.register(staticRoutes);
    });
  }
  return app;
}
