import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { EndReason } from '../../protocol/index.js';
import { StoreUnavailableError } from '../errors.js';
import type { ExpiryControl } from './expiry-control.js';
import type { Detach, EndedSession, SessionRecord, SessionStore } from './session-store.js';

/**
 * Keys, all under the prefix:
 *   s:<id>          the session record (JSON), live or tombstone; expires on its own a minute past its absolute timeout
 *   u:<user>        set: the user's live session ids (a login ends them without scanning)
 *   due             sorted set: session id by the time something is due (expiry, end of grace, forgetting the tombstone)
 *   p:<id>          set: the instances holding sockets of the session
 *   i:<instance>    set: the sessions an instance holds sockets of (what to detach if it dies)
 *   instances       sorted set: instance by its last heartbeat
 * Channel <prefix>ended: {id, user, reason, origin} for every session ended, published by the script that ended it.
 *
 * Every operation is one Lua script, so it is atomic across instances. The scripts derive keys from the prefix, which
 * a single Redis server (or a Sentinel-managed primary) allows; Redis Cluster would need hash tags.
 */
const PRELUDE = `
local P = ARGV[1]
local MARGIN = 60000
local function load(id)
  local raw = redis.call('GET', P .. 's:' .. id)
  if not raw then return nil end
  return cjson.decode(raw)
end
local function due_at(r)
  if r.ended then return r.absoluteExpiresAt end
  local d = r.expiresAt
  if r.detached and r.detached['until'] < d then d = r.detached['until'] end
  return d
end
local function save(r, now)
  redis.call('SET', P .. 's:' .. r.id, cjson.encode(r), 'PX', math.max(1, r.absoluteExpiresAt - now + MARGIN))
  redis.call('ZADD', P .. 'due', due_at(r), r.id)
end
local function end_session(r, reason, now, origin, out)
  r.ended = { reason = reason, at = now }
  r.detached = nil
  save(r, now)
  redis.call('SREM', P .. 'u:' .. r.user, r.id)
  for _, instance in ipairs(redis.call('SMEMBERS', P .. 'p:' .. r.id)) do
    redis.call('SREM', P .. 'i:' .. instance, r.id)
  end
  redis.call('DEL', P .. 'p:' .. r.id)
  redis.call('PUBLISH', P .. 'ended', cjson.encode({ id = r.id, user = r.user, reason = reason, origin = origin }))
  table.insert(out, r.id)
  table.insert(out, r.user)
  table.insert(out, reason)
end
`;

const SCRIPTS = {
  // ARGV: prefix, record JSON, now, origin. Returns the replaced sessions, flat (id, user, reason, ...).
  sessionCreate: `
local r = cjson.decode(ARGV[2])
local now = tonumber(ARGV[3])
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', P .. 'u:' .. r.user)) do
  local old = load(id)
  if old and not old.ended then end_session(old, 'SESSION_REPLACED', now, ARGV[4], out)
  else redis.call('SREM', P .. 'u:' .. r.user, id) end
end
save(r, now)
redis.call('SADD', P .. 'u:' .. r.user, r.id)
redis.call('PEXPIRE', P .. 'u:' .. r.user, r.absoluteExpiresAt - now + MARGIN)
return out`,
  // ARGV: prefix, id, now, idleMs, extendMs. Returns the record JSON, or nil if it is not live.
  sessionSlide: `
local r = load(ARGV[2])
if not r or r.ended then return nil end
local now = tonumber(ARGV[3])
r.lastActivityAt = now
r.expiresAt = math.min(math.max(r.expiresAt, now + math.max(tonumber(ARGV[4]), tonumber(ARGV[5]))), r.absoluteExpiresAt)
save(r, now)
return cjson.encode(r)`,
  // ARGV: prefix, id, expiresAt, absolute ('1'/'0'), now.
  sessionSetExpiry: `
local r = load(ARGV[2])
if not r or r.ended then return nil end
r.expiresAt = tonumber(ARGV[3])
if ARGV[4] == '1' then r.absoluteExpiresAt = math.min(r.absoluteExpiresAt, r.expiresAt) end
save(r, tonumber(ARGV[5]))
return cjson.encode(r)`,
  // ARGV: prefix, id, reason, now, origin. Returns (id, user, reason) if this call ended it.
  sessionEnd: `
local r = load(ARGV[2])
if not r or r.ended then return {} end
local out = {}
end_session(r, ARGV[3], tonumber(ARGV[4]), ARGV[5], out)
return out`,
  // ARGV: prefix, id, instance, present ('1'/'0'), now, graceMs, cause.
  sessionPresence: `
local id, instance, now = ARGV[2], ARGV[3], tonumber(ARGV[5])
local r = load(id)
if not r or r.ended then
  redis.call('SREM', P .. 'i:' .. instance, id)
  redis.call('DEL', P .. 'p:' .. id)
  return 0
end
if ARGV[4] == '1' then
  -- An instance holding sockets is known before its first heartbeat (so it can be found dead even then).
  redis.call('ZADD', P .. 'instances', 'NX', now, instance)
  redis.call('SADD', P .. 'p:' .. id, instance)
  redis.call('SADD', P .. 'i:' .. instance, id)
else
  redis.call('SREM', P .. 'p:' .. id, instance)
  redis.call('SREM', P .. 'i:' .. instance, id)
end
local holders = redis.call('SCARD', P .. 'p:' .. id)
if holders > 0 then
  redis.call('PEXPIRE', P .. 'p:' .. id, r.absoluteExpiresAt - now + MARGIN)
  if r.detached then r.detached = nil; save(r, now) end
elseif ARGV[4] == '0' and not r.detached then
  r.detached = { at = now, ['until'] = now + tonumber(ARGV[6]), cause = ARGV[7] }
  save(r, now)
end
return holders`,
  // ARGV: prefix, now, limit, graceMs, staleBefore, origin. Returns the sessions ended, flat.
  sessionEndDue: `
local now, limit, grace = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
-- Instances that stopped beating (killed, cut off): their sessions lose them, and wait out the grace like any other.
for _, instance in ipairs(redis.call('ZRANGEBYSCORE', P .. 'instances', '-inf', '(' .. ARGV[5])) do
  redis.call('ZREM', P .. 'instances', instance)
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'i:' .. instance)) do
    redis.call('SREM', P .. 'p:' .. id, instance)
    if redis.call('SCARD', P .. 'p:' .. id) == 0 then
      local r = load(id)
      if r and not r.ended and not r.detached then
        r.detached = { at = now, ['until'] = now + grace, cause = 'CONNECTION_LOST' }
        save(r, now)
      end
    end
  end
  redis.call('DEL', P .. 'i:' .. instance)
end
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'due', '-inf', now, 'LIMIT', 0, limit)) do
  local r = load(id)
  if not r then
    redis.call('ZREM', P .. 'due', id)
  elseif r.ended then
    if now >= r.absoluteExpiresAt then
      redis.call('DEL', P .. 's:' .. id)
      redis.call('ZREM', P .. 'due', id)
    end
  elseif now >= r.expiresAt then
    end_session(r, 'SESSION_EXPIRED', now, ARGV[6], out)
  elseif r.detached and now >= r.detached['until'] then
    end_session(r, r.detached.cause, now, ARGV[6], out)
  else
    redis.call('ZADD', P .. 'due', due_at(r), id)
  end
end
return out`,
  // ARGV: prefix, instance, now. 1 if the instance was not registered (new, or given up for dead meanwhile).
  sessionHeartbeat: `return redis.call('ZADD', P .. 'instances', ARGV[3], ARGV[2])`,
} as const;

type ScriptName = keyof typeof SCRIPTS;
type Scripted = Redis & Record<ScriptName, (...args: (string | number)[]) => Promise<unknown>>;

export interface RedisSessionStoreOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** Key and channel prefix, so several deployments (or tests) can share one Redis. */
  prefix?: string;
  /** An instance silent for this long is given up for dead and its sessions detached (10 s). */
  instanceTimeoutMs?: number;
  /** Connection options (tests use them to reconnect faster). */
  redis?: RedisOptions;
}

/**
 * The shared store: sessions, per-user indexes, due times and presence in Redis, so any number of server instances
 * serve the same sessions. A failing Redis call throws StoreUnavailableError (a 503, never a logout); the client
 * reconnects by itself, and `onReconnected` tells the service to tell it again what may have been lost.
 */
export class RedisSessionStore implements SessionStore, ExpiryControl {
  readonly prefix: string;
  readonly #client: Scripted;
  readonly #subscriber: Redis;
  /** Marks this store's own announcements (it already acted on them). */
  readonly #origin = randomUUID();
  readonly #instanceTimeoutMs: number;
  readonly #ended: ((ended: EndedSession) => void)[] = [];
  readonly #reconnected: (() => void)[] = [];
  #wasDown = false;

  private constructor(options: RedisSessionStoreOptions) {
    this.prefix = options.prefix ?? 'dictation:';
    this.#instanceTimeoutMs = options.instanceTimeoutMs ?? 10_000;
    const connection: RedisOptions = {
      lazyConnect: true,
      // Fail at once while disconnected (a 503 now beats a request that hangs), and never run a script twice: a
      // command cut off by a disconnect is not resent (an extension must not be applied twice).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 100, 1000),
      ...options.redis,
    };
    this.#client = new Redis(options.url, connection) as Scripted;
    for (const [name, lua] of Object.entries(SCRIPTS)) {
      this.#client.defineCommand(name, { numberOfKeys: 0, lua: PRELUDE + lua });
    }
    // Publish/subscribe needs a connection of its own; it resubscribes by itself after a reconnect. Its offline
    // queue stays on, so the subscription made before it is ready is sent when it is.
    this.#subscriber = new Redis(options.url, { ...connection, enableOfflineQueue: true });
    this.#subscriber.on('message', (_channel: string, message: string) => this.#announce(message));
    for (const connectionOf of [this.#client, this.#subscriber]) {
      // ioredis logs unhandled 'error' events; a down Redis is reported once per outage by the service instead.
      connectionOf.on('error', () => undefined);
      connectionOf.on('close', () => {
        this.#wasDown = true;
      });
      connectionOf.on('ready', () => {
        if (!this.#wasDown) return;
        this.#wasDown = false;
        for (const listener of this.#reconnected) listener();
      });
    }
  }

  /** Connects (or throws if Redis cannot be reached at start-up, which is a configuration error). */
  static async connect(options: RedisSessionStoreOptions): Promise<RedisSessionStore> {
    const store = new RedisSessionStore(options);
    await store.#client.connect();
    await store.#subscriber.connect();
    await store.#subscriber.subscribe(`${store.prefix}ended`);
    store.#wasDown = false;
    return store;
  }

  /** The command connection, for the other shared pieces (login throttle, rate limit). */
  get client(): Redis {
    return this.#client;
  }

  async create(record: SessionRecord, now: number): Promise<EndedSession[]> {
    return endedList(await this.#run('sessionCreate', JSON.stringify(record), now, this.#origin));
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const raw = await this.#call(() => this.#client.get(`${this.prefix}s:${id}`));
    return raw ? (JSON.parse(raw) as SessionRecord) : undefined;
  }

  async slide(id: string, now: number, idleMs: number, extendMs: number): Promise<SessionRecord | undefined> {
    return recordOrUndefined(await this.#run('sessionSlide', id, now, idleMs, extendMs));
  }

  async setExpiry(id: string, expiresAt: number, absolute: boolean, now: number): Promise<SessionRecord | undefined> {
    return recordOrUndefined(await this.#run('sessionSetExpiry', id, expiresAt, absolute ? '1' : '0', now));
  }

  async end(id: string, reason: EndReason, now: number): Promise<EndedSession | undefined> {
    return endedList(await this.#run('sessionEnd', id, reason, now, this.#origin))[0];
  }

  async setPresence(id: string, instance: string, present: boolean, now: number, detach: Detach): Promise<void> {
    await this.#run('sessionPresence', id, instance, present ? '1' : '0', now, detach.graceMs, detach.cause);
  }

  async endDue(now: number, limit: number, graceMs: number): Promise<EndedSession[]> {
    return endedList(await this.#run('sessionEndDue', now, limit, graceMs, now - this.#instanceTimeoutMs, this.#origin));
  }

  onEndedElsewhere(listener: (ended: EndedSession) => void): void {
    this.#ended.push(listener);
  }

  onReconnected(listener: () => void): void {
    this.#reconnected.push(listener);
  }

  async heartbeat(instance: string, now: number): Promise<boolean> {
    return (await this.#run('sessionHeartbeat', instance, now)) === 0;
  }

  async close(instance: string): Promise<void> {
    await this.#call(() => this.#client.zrem(`${this.prefix}instances`, instance)).catch(() => undefined);
  }

  /** Closes both connections (after `close`). */
  async disconnect(): Promise<void> {
    this.#client.disconnect();
    this.#subscriber.disconnect();
  }

  #announce(message: string): void {
    let event: EndedSession & { origin?: string };
    try {
      event = JSON.parse(message) as EndedSession & { origin?: string };
    } catch {
      return;
    }
    if (event.origin === this.#origin) return;
    const ended = { id: event.id, user: event.user, reason: event.reason };
    for (const listener of this.#ended) listener(ended);
  }

  #run(script: ScriptName, ...args: (string | number)[]): Promise<unknown> {
    return this.#call(() => this.#client[script](this.prefix, ...args));
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }
}

function endedList(reply: unknown): EndedSession[] {
  const flat = reply as string[];
  const out: EndedSession[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) out.push({ id: flat[i]!, user: flat[i + 1]!, reason: flat[i + 2] as EndReason });
  return out;
}

function recordOrUndefined(reply: unknown): SessionRecord | undefined {
  return typeof reply === 'string' ? (JSON.parse(reply) as SessionRecord) : undefined;
}
