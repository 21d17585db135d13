import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.js';
import { throttleWindows, type LoginAttempt, type LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';

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
  readonly #options: LoginThrottleOptions & { prefix: string };

  constructor(redis: Redis, options: LoginThrottleOptions & { prefix: string }) {
    this.#redis = redis as Scripted;
    this.#options = options;
    this.#redis.defineCommand('loginWait', { numberOfKeys: 0, lua: WAIT });
    this.#redis.defineCommand('loginFailed', { numberOfKeys: 0, lua: FAILED });
  }

  async retryAfter(attempt: LoginAttempt): Promise<number> {
    const { windowMs, clock, prefix } = this.#options;
    const now = clock();
    return this.#call(async () => {
      const trusted = attempt.device !== null && (await this.#redis.exists(this.#trustKey(attempt.device, attempt.user))) === 1;
      const waits = await Promise.all(
        throttleWindows(attempt, trusted, this.#options).map(([key, max]) => this.#redis.loginWait(`${prefix}t:${key}`, max, windowMs, now)),
      );
      return Math.max(0, ...waits);
    });
  }

  async failed(attempt: LoginAttempt): Promise<void> {
    const { windowMs, clock, prefix } = this.#options;
    const now = clock();
    const member = `${now}:${randomUUID()}`;
    await this.#call(() =>
      Promise.all(
        throttleWindows(attempt, false, this.#options).map(([key, max]) => this.#redis.loginFailed(`${prefix}t:${key}`, max, windowMs, now, member)),
      ),
    );
  }

  async trust(device: string, user: string): Promise<void> {
    const { deviceTrustMs, prefix } = this.#options;
    await this.#call(() =>
      this.#redis
        .multi()
        .set(this.#trustKey(device, user), '1', 'PX', deviceTrustMs)
        .sadd(`${prefix}t:devices:${user}`, device)
        .pexpire(`${prefix}t:devices:${user}`, deviceTrustMs)
        .exec(),
    );
  }

  async forgetDevices(user: string): Promise<void> {
    const devicesKey = `${this.#options.prefix}t:devices:${user}`;
    await this.#call(async () => {
      const devices = await this.#redis.smembers(devicesKey);
      await this.#redis.del(devicesKey, ...devices.map((device) => this.#trustKey(device, user)));
    });
  }

  #trustKey(device: string, user: string): string {
    return `${this.#options.prefix}t:trust:${device}\u0000${user}`;
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }
}
