import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.js';
import type { LoginThrottle, LoginThrottleOptions } from './login-throttle.js';

/**
 * ARGV: key, max, windowMs, now. Seconds until the key is below `max` failures in the window again, or 0.
 * Each key is a sorted set of failure times, trimmed to the last `max` and expiring with the window.
 */
const WAIT = `
local key, max, window, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < max then return 0 end
local oldest = redis.call('ZRANGE', key, -max, -max, 'WITHSCORES')
return math.max(1, math.ceil((tonumber(oldest[2]) + window - now) / 1000))`;

/** ARGV: key, max, windowMs, now, member. */
const FAILED = `
local key, max, window, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZADD', key, now, ARGV[5])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
redis.call('ZREMRANGEBYRANK', key, 0, -(max + 1))
redis.call('PEXPIRE', key, window)
return 0`;

type Scripted = Redis & {
  loginWait(...args: (string | number)[]): Promise<number>;
  loginFailed(...args: (string | number)[]): Promise<number>;
};

/** The same rules as MemoryLoginThrottle, counted in Redis: a guesser gains nothing by spreading over instances. */
export class RedisLoginThrottle implements LoginThrottle {
  readonly #redis: Scripted;

  constructor(
    redis: Redis,
    private readonly options: LoginThrottleOptions & { prefix: string },
  ) {
    this.#redis = redis as Scripted;
    this.#redis.defineCommand('loginWait', { numberOfKeys: 0, lua: WAIT });
    this.#redis.defineCommand('loginFailed', { numberOfKeys: 0, lua: FAILED });
  }

  async retryAfter(user: string, ip: string, knownDevice: boolean): Promise<number> {
    if (knownDevice) return 0;
    const { failuresPerAccount, failuresPerIp, windowMs, clock, prefix } = this.options;
    const now = clock();
    return this.#call(async () =>
      Math.max(
        await this.#redis.loginWait(`${prefix}t:a:${user}`, failuresPerAccount, windowMs, now),
        await this.#redis.loginWait(`${prefix}t:ip:${ip}`, failuresPerIp, windowMs, now),
      ),
    );
  }

  async failed(user: string, ip: string): Promise<void> {
    const { failuresPerAccount, failuresPerIp, windowMs, clock, prefix } = this.options;
    const now = clock();
    const member = `${now}:${randomUUID()}`;
    await this.#call(() =>
      Promise.all([
        this.#redis.loginFailed(`${prefix}t:a:${user}`, failuresPerAccount, windowMs, now, member),
        this.#redis.loginFailed(`${prefix}t:ip:${ip}`, failuresPerIp, windowMs, now, member),
      ]),
    );
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }
}
