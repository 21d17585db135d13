import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { MemoryRecordingSlots, type RecordingSlots } from '../dictation/recording-slots.js';
import { RedisRecordingSlots } from '../dictation/redis-recording-slots.js';
import { MemoryLoginThrottle, type LoginThrottle } from '../users/login-throttle.js';
import { RedisLoginThrottle } from '../users/redis-login-throttle.js';
import { MemorySessionStore } from './memory-session-store.js';
import { RedisSessionStore } from './redis-session-store.js';
import type { SessionStore } from './session-store.js';

/**
 * A session store and what must live where it lives: where the store is shared by several instances, failed-login
 * counts, the login flood ceiling and the users' recording slots must be shared too, or a guesser (or one user's
 * recordings) spreads over the instances.
 */
export interface SessionBackend {
  store: SessionStore;
  loginThrottle: LoginThrottle;
  /** Options for @fastify/rate-limit's store (the login flood ceiling); empty for its in-process store. */
  rateLimitStore: Record<string, unknown>;
  /** The users' running recordings (MAX_RECORDINGS_PER_USER), counted across the instances that share the store. */
  recordingSlots: RecordingSlots;
}

type BackendOptions = Pick<Config, 'redis' | 'loginThrottle'> & { clock: Clock };

/**
 * Every session store, each with its throttle and rate-limit store. Adding a store is one file beside these and one
 * entry here; `createSessionBackend` picks the entry the configuration names.
 */
export const SESSION_BACKENDS = {
  /** In this process: the default, and all a single instance needs. */
  memory: async ({ loginThrottle, clock }: BackendOptions): Promise<SessionBackend> => ({
    store: new MemorySessionStore(),
    loginThrottle: new MemoryLoginThrottle({ ...loginThrottle, clock }),
    rateLimitStore: {},
    recordingSlots: new MemoryRecordingSlots(),
  }),
  /** Redis, shared by every instance (REDIS_URL). */
  redis: async ({ redis, loginThrottle, clock }: BackendOptions): Promise<SessionBackend> => {
    if (!redis) throw new Error('the redis session backend needs config.redis (REDIS_URL)');
    const store = await RedisSessionStore.connect(redis);
    return {
      store,
      loginThrottle: new RedisLoginThrottle(store.client, { ...loginThrottle, clock, prefix: store.prefix }),
      // If Redis is down the ceiling is skipped: the login needs the session store anyway and answers 503.
      rateLimitStore: { redis: store.client, nameSpace: `${store.prefix}rl:`, skipOnError: true },
      recordingSlots: new RedisRecordingSlots(store.client, { prefix: store.prefix, clock }),
    };
  },
} as const;

/** The backend the configuration names: Redis when REDIS_URL is set, else this process. */
export function createSessionBackend(options: BackendOptions): Promise<SessionBackend> {
  return SESSION_BACKENDS[options.redis ? 'redis' : 'memory'](options);
}

/**
 * A host's own store (the plugin's `store` option). Given as a plain SessionStore, its failed-login counts and flood
 * ceiling stay in this process; give a whole SessionBackend to share them.
 */
export function backendOf(given: SessionStore | SessionBackend, options: BackendOptions): SessionBackend {
  if ('store' in given) return given;
  return {
    store: given,
    loginThrottle: new MemoryLoginThrottle({ ...options.loginThrottle, clock: options.clock }),
    rateLimitStore: {},
    recordingSlots: new MemoryRecordingSlots(),
  };
}
