import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { ENGINE_NAMES, type EngineName } from './recognizer/registry.js';
import type { RecognizerConfig } from './recognizer/engine.js';
import { parseFormatEnv } from './formatting/format-env.js';
import type { FormatOptions } from '../protocol/index.js';

export type { RecognizerConfig };

export type SessionMode = 'multi-user' | 'single-user';

/** What one client may do; each exceeded limit has its close or error code (README, SECURITY.md). */
export interface Limits {
  /** Frames a socket may send per second (twice as many in a burst); past that it is read more slowly. */
  messagesPerSecond: number;
  socketsPerSession: number;
  socketsPerIp: number;
  /** Recordings running at once for one user (a user has one session at a time, so per session too). */
  recordingsPerUser: number;
  /**
   * Seconds of audio a session may send ahead of real time: the 5 minutes a bar keeps while the link is down are
   * replayed at once after it, plus a margin. Past it the socket is read at real time.
   */
  audioBurstSeconds: number;
  /** Bytes queued for a socket that does not read before it is closed (4006). */
  sendBufferBytes: number;
  /** A recording that gets no audio for this long is stopped (`stopped`, reason `idle`), and its decoder freed. */
  recordingIdleSeconds: number;
}

export interface Config {
  port: number;
  host: string;
  production: boolean;
  sessionMode: SessionMode;
  idleTimeoutMs: number;
  extensionMs: number;
  absoluteTimeoutMs: number;
  keepAliveIntervalMs: number;
  /** How long a session survives with no socket before it ends (lets a page reload re-attach). */
  socketGraceMs: number;
  /** A request (headers and body) must arrive within this, or its connection is closed (408): no slow-body hold. */
  requestTimeoutMs: number;
  cookieSecret: string;
  /** True when the cookie secret was generated at start-up: sessions do not survive a restart. */
  cookieSecretGenerated: boolean;
  /**
   * What the per-user keys of the bar's on-device journal derive from (`server/users/journal-keys.ts`): JOURNAL_SECRET,
   * else COOKIE_SECRET; null when neither is set, and the standalone server then keeps one of its own in the data folder.
   */
  journalSecret: string | null;
  usersFile: string;
  /** Origins besides the server's own that may call the API and open the socket (CORS + origin check). */
  allowedOrigins: string[];
  /**
   * The server's own public origins (`PUBLIC_ORIGINS`). When set, a page counts as the server's own only at one of
   * them, not at whatever `Host` a request names (a DNS-rebinding page names its own).
   */
  publicOrigins: string[];
  /** Login attempts per address and minute, right or wrong: a flood ceiling only (failures are counted below). */
  loginRateLimitPerMinute: number;
  loginThrottle: { failuresPerAccount: number; failuresPerIp: number; failuresPerDevice: number; windowMs: number; deviceTrustMs: number };
  /**
   * Which reverse proxies' X-Forwarded-* to believe (TLS terminated in front: the cookie still gets `Secure`, and
   * the client address is the one the proxy saw): a hop count or the proxies' addresses, as Fastify's `trustProxy`.
   */
  trustProxy: false | number | string[];
  limits: Limits;
  /**
   * `REDIS_URL`: sessions, failed-login counts, the login rate limit and session ends shared by every instance through
   * Redis. Null: all of it in this process (one instance; `npm start`).
   */
  redis: { url: string; prefix: string; instanceTimeoutMs: number } | null;
  /**
   * Server processes sharing the port (node:cluster), 1 for none. More than one needs REDIS_URL. The recognizer's
   * decoder threads (RECOGNIZER_WORKERS) are per machine: divided among the processes, not multiplied.
   */
  workers: number;
  /** Expose the fault-injection routes the demo panel uses. Never in production. */
  devControls: boolean;
  recognizer: RecognizerConfig;
  /** How numbers, dates and times are written in the text (FORMAT_*); a page may ask otherwise with `start`. */
  format: FormatOptions;
  /** Users' and teams' own words and auto-texts: where, and how many. */
  content: ContentConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function number(env: Env, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) {
    throw new ConfigError(`${name} must be ${rule} (got "${raw}").`);
  }
  return value;
}

const positive = (n: number) => n > 0;

/** `TRUST_PROXY`: unset or `false`, a hop count, or a comma-separated list of proxy addresses or CIDR ranges. */
function parseTrustProxy(raw: string | undefined): Config['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') {
    throw new ConfigError(
      'TRUST_PROXY=true would trust every X-Forwarded-For hop, so any client could pick its own address. Give the number of proxies in front of the server (e.g. TRUST_PROXY=1) or their addresses (e.g. TRUST_PROXY=10.0.0.5,10.0.1.0/24).',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 10) throw new ConfigError(`TRUST_PROXY as a hop count must be from 1 to 10 (got "${raw}").`);
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
      throw new ConfigError(`TRUST_PROXY must be false, a hop count or proxy addresses / CIDR ranges (got "${entry}").`);
    }
  }
  return entries;
}

export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

/** A comma-separated list of bare origins ("https://cms.example.org"). */
function origins(env: Env, name: string): string[] {
  const list = (env[name] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of list) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(`${name} has an entry that is not a URL: "${origin}".`);
    }
    if (parsed.origin !== origin) {
      throw new ConfigError(`${name} entries must be bare origins like "https://cms.example.org" (got "${origin}").`);
    }
  }
  return list;
}

/** Reads and validates the environment. Throws a ConfigError that names the bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const production = env['NODE_ENV'] === 'production';
  const port = number(env, 'PORT', 3000, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer from 0 to 65535');
  const host = (env['HOST'] ?? '127.0.0.1').trim();
  if (host === '') throw new ConfigError('HOST must not be empty.');

  const mode = env['SESSION_MODE'] ?? 'multi-user';
  if (mode !== 'multi-user' && mode !== 'single-user') {
    throw new ConfigError(`SESSION_MODE must be "multi-user" or "single-user" (got "${mode}").`);
  }

  const idleMinutes = number(env, 'SESSION_IDLE_TIMEOUT_MINUTES', 60, positive, 'a positive number of minutes');
  const extensionMinutes = number(env, 'SESSION_EXTENSION_MINUTES', 30, positive, 'a positive number of minutes');
  const absoluteHours = number(env, 'SESSION_ABSOLUTE_TIMEOUT_HOURS', 12, positive, 'a positive number of hours');
  if (absoluteHours * 60 < idleMinutes) {
    throw new ConfigError(
      `SESSION_ABSOLUTE_TIMEOUT_HOURS (${absoluteHours} h) must not be shorter than SESSION_IDLE_TIMEOUT_MINUTES (${idleMinutes} min).`,
    );
  }
  const keepAliveSeconds = number(env, 'KEEPALIVE_INTERVAL_SECONDS', 20, positive, 'a positive number of seconds');
  const graceSeconds = number(env, 'SOCKET_GRACE_SECONDS', 5, (n) => n >= 0, 'zero or a positive number of seconds');
  const requestTimeoutSeconds = number(env, 'REQUEST_TIMEOUT_SECONDS', 30, positive, 'a positive number of seconds');
  const loginRate = number(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 120, (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  const loginThrottle = {
    failuresPerAccount: number(env, 'LOGIN_FAILURES_PER_ACCOUNT', 5, (n) => Number.isInteger(n) && n > 0, 'a positive integer'),
    failuresPerIp: number(env, 'LOGIN_FAILURES_PER_IP', 100, (n) => Number.isInteger(n) && n > 0, 'a positive integer'),
    failuresPerDevice: number(env, 'LOGIN_FAILURES_PER_DEVICE', 10, (n) => Number.isInteger(n) && n > 0, 'a positive integer'),
    deviceTrustMs: number(env, 'DEVICE_TRUST_DAYS', 180, positive, 'a positive number of days') * 24 * 3_600_000,
    windowMs: number(env, 'LOGIN_FAILURE_WINDOW_MINUTES', 15, positive, 'a positive number of minutes') * 60_000,
  };

  let cookieSecret = env['COOKIE_SECRET'] ?? '';
  let cookieSecretGenerated = false;
  if (cookieSecret === '') {
    if (production) throw new ConfigError('COOKIE_SECRET is required in production (32 or more characters).');
    cookieSecret = randomBytes(32).toString('base64url');
    cookieSecretGenerated = true;
  } else if (cookieSecret.length < 32) {
    throw new ConfigError('COOKIE_SECRET must be at least 32 characters long.');
  }

  const journalSecret = env['JOURNAL_SECRET'] || (cookieSecretGenerated ? null : cookieSecret);
  if (journalSecret !== null && journalSecret.length < 32) throw new ConfigError('JOURNAL_SECRET must be at least 32 characters long.');

  const allowedOrigins = origins(env, 'ALLOWED_ORIGINS');
  const publicOrigins = origins(env, 'PUBLIC_ORIGINS');
  // Single-user mode has no login at all: on a network interface, anyone who reaches the port would dictate as its user.
  if (mode === 'single-user' && !LOOPBACK_HOSTS.has(host) && env['ALLOW_SINGLE_USER_ON_NETWORK'] !== 'true') {
    throw new ConfigError(
      `SESSION_MODE=single-user needs no login, so it listens on loopback only (HOST=${host}). Set ALLOW_SINGLE_USER_ON_NETWORK=true if the network in front really is this one user's.`,
    );
  }

  const trustProxy = parseTrustProxy(env['TRUST_PROXY']);

  const devRaw = env['DEV_CONTROLS'];
  if (devRaw !== undefined && devRaw !== 'true' && devRaw !== 'false') {
    throw new ConfigError(`DEV_CONTROLS must be "true" or "false" (got "${devRaw}").`);
  }
  if (production && devRaw === 'true') throw new ConfigError('DEV_CONTROLS cannot be enabled in production.');

  const engine = (env['RECOGNIZER'] ?? 'pocketsphinx') as EngineName;
  if (!ENGINE_NAMES.includes(engine)) {
    throw new ConfigError(`RECOGNIZER must be ${ENGINE_NAMES.map((name) => `"${name}"`).join(' or ')} (got "${engine}").`);
  }
  const integer = (n: number) => Number.isInteger(n) && n > 0;
  const secondPassRaw = env['RECOGNIZER_SECOND_PASS'];
  if (secondPassRaw !== undefined && secondPassRaw !== 'true' && secondPassRaw !== 'false') {
    throw new ConfigError(`RECOGNIZER_SECOND_PASS must be "true" or "false" (got "${secondPassRaw}").`);
  }
  const recognizer: RecognizerConfig = {
    engine,
    modelDir: env['RECOGNIZER_MODEL_DIR'] || '/usr/share/pocketsphinx/model/en-us',
    workers: number(env, 'RECOGNIZER_WORKERS', availableParallelism(), integer, 'a positive integer'),
    streamsPerWorker: number(env, 'RECOGNIZER_STREAMS_PER_WORKER', 3, integer, 'a positive integer'),
    secondPass: secondPassRaw === 'true',
    endOfSpeechMs: number(env, 'END_OF_SPEECH_MS', 200, (n) => n >= 50 && n <= 5000, 'from 50 to 5000 milliseconds'),
    maxUtteranceSeconds: number(env, 'MAX_UTTERANCE_SECONDS', 30, (n) => n >= 1 && n <= 300, 'from 1 to 300 seconds'),
    maxRecordingSeconds: number(env, 'MAX_RECORDING_MINUTES', 30, (n) => n > 0 && n <= 24 * 60, 'a positive number of minutes') * 60,
    vocabularyFile: env['VOCABULARY_FILE'] ?? 'vocabulary/clinical',
    // Chosen on the development set with the 15,400-phrase vocabulary: 0.3 4.0 % clinical / 7.7 % general, 0.2 3.9 / 7.4,
    // 0.15 3.9 / 7.2, 0.1 3.9 / 7.3 (bench/README.md). That set's clinical sentences shaped the first vocabulary, so they
    // cannot show what a lower weight costs on unseen ones: the least change from 0.3 that is in the flat part.
    vocabularyWeight: number(env, 'VOCABULARY_WEIGHT', 0.2, (n) => n > 0 && n < 1, 'a number between 0 and 1'),
  };

  const format = parseFormatEnv(env, (message) => {
    throw new ConfigError(message);
  });

  const limits: Limits = {
    messagesPerSecond: number(env, 'WS_MESSAGES_PER_SECOND', 50, integer, 'a positive integer'),
    recordingIdleSeconds: number(env, 'RECORDING_IDLE_SECONDS', 30, positive, 'a positive number of seconds'),
    socketsPerSession: number(env, 'MAX_SOCKETS_PER_SESSION', 8, integer, 'a positive integer'),
    // Every socket needs a live session, and each user has one (MAX_SOCKETS_PER_SESSION): the per-address bound is
    // only a ceiling, high enough for a hospital behind one NAT (about 2 sockets per clinician's open page).
    socketsPerIp: number(env, 'MAX_SOCKETS_PER_IP', 10_000, integer, 'a positive integer'),
    recordingsPerUser: number(env, 'MAX_RECORDINGS_PER_USER', 2, integer, 'a positive integer'),
    audioBurstSeconds: number(env, 'AUDIO_BURST_SECONDS', 330, (n) => n >= 10, 'at least 10 seconds'),
    sendBufferBytes: number(env, 'SOCKET_SEND_BUFFER_KB', 1024, integer, 'a positive integer') * 1024,
  };

  const redisUrl = (env['REDIS_URL'] ?? '').trim();
  if (redisUrl !== '') {
    let parsed: URL | null = null;
    try {
      parsed = new URL(redisUrl);
    } catch {
      // reported below
    }
    if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')) {
      throw new ConfigError(`REDIS_URL must look like redis://host:6379 or rediss://host:6380/0 (got "${redisUrl}").`);
    }
  }
  const redisPrefix = env['REDIS_PREFIX'] ?? 'dictation:';
  if (redisUrl !== '' && cookieSecretGenerated) {
    throw new ConfigError('REDIS_URL needs COOKIE_SECRET (32 or more characters), the same on every instance: each would otherwise sign cookies with a secret of its own.');
  }
  const instanceTimeoutMs =
    number(env, 'INSTANCE_TIMEOUT_SECONDS', 10, (n) => n >= 1 && n <= 300, 'from 1 to 300 seconds') * 1000;

  const workersRaw = (env['WORKERS'] ?? '1').trim();
  const workers = workersRaw === 'auto' ? availableParallelism() : Number(workersRaw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new ConfigError(`WORKERS must be "auto" or a whole number from 1 to 64 (got "${workersRaw}").`);
  }
  if (workers > 1 && redisUrl === '') {
    throw new ConfigError(`WORKERS=${workersRaw} needs REDIS_URL: the processes share sessions through Redis.`);
  }

  return {
    port,
    host,
    production,
    sessionMode: mode,
    idleTimeoutMs: idleMinutes * 60_000,
    extensionMs: extensionMinutes * 60_000,
    absoluteTimeoutMs: absoluteHours * 3_600_000,
    keepAliveIntervalMs: keepAliveSeconds * 1000,
    socketGraceMs: graceSeconds * 1000,
    requestTimeoutMs: requestTimeoutSeconds * 1000,
    cookieSecret,
    cookieSecretGenerated,
    journalSecret,
    usersFile: env['USERS_FILE'] ?? 'data/users.json',
    allowedOrigins,
    publicOrigins,
    loginRateLimitPerMinute: loginRate,
    loginThrottle,
    trustProxy,
    limits,
    workers,
    redis: redisUrl === '' ? null : { url: redisUrl, prefix: redisPrefix, instanceTimeoutMs },
    // Opt-in, never inferred from NODE_ENV: a host where NODE_ENV is unset or misspelled must not get the demo user
    // and the routes that restart the service.
    devControls: devRaw === 'true',
    recognizer,
    format,
    content: contentConfig(env),
  };
}

/**
 * Where users' and teams' own words and auto-texts live: PostgreSQL when `DATABASE_URL` is set (instances share it),
 * else one SQLite file (`CONTENT_DB_FILE`, default data/content.db); and how many each may have.
 */
function contentConfig(env: Env) {
  const positive = (name: string, fallback: number) => number(env, name, fallback, (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  const databaseUrl = env['DATABASE_URL'] ?? '';
  if (databaseUrl !== '' && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must be a postgres:// URL (got "${databaseUrl.slice(0, 40)}"); leave it unset for the embedded SQLite file.`);
  }
  return {
    databaseUrl: databaseUrl || null,
    sqliteFile: env['CONTENT_DB_FILE'] || 'data/content.db',
    limits: {
      user: { words: positive('VOCABULARY_PER_USER', 1000), autoTexts: positive('AUTO_TEXTS_PER_USER', 200) },
      team: { words: positive('VOCABULARY_PER_TEAM', 5000), autoTexts: positive('AUTO_TEXTS_PER_TEAM', 1000) },
    },
  };
}

export type ContentConfig = ReturnType<typeof contentConfig>;
