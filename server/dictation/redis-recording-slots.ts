import type { Redis } from 'ioredis';
import { MemoryRecordingSlots, type RecordingSlots } from './recording-slots.js';

/**
 * How long a slot outlives its last renewal. The sweep renews every few seconds; an instance that dies (SIGKILL, a
 * lost host) stops renewing, and its users get their slots back after this.
 */
export const SLOT_LEASE_MS = 60_000;

/**
 * ARGV: key, id, max, now, lease. 1 if the slot is taken (or already held), 0 if the user's slots are all taken.
 * Each key is a sorted set of recording ids by the time their lease ends.
 */
const CLAIM = `
local key, id, max, now, lease = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if not redis.call('ZSCORE', key, id) and redis.call('ZCARD', key) >= max then return 0 end
redis.call('ZADD', key, now + lease, id)
redis.call('PEXPIRE', key, lease)
return 1`;

type Scripted = Redis & { recordingClaim(...args: (string | number)[]): Promise<number> };

export interface RedisRecordingSlotsOptions {
  prefix: string;
  clock: () => number;
  log?: { warn(obj: object, msg: string): void };
}

/**
 * The user's slots shared by every instance. This instance's own count is checked first, and it is the bound that
 * holds while Redis cannot be reached: a store outage must not stop dictation, only loosen the limit to one instance's.
 */
export class RedisRecordingSlots implements RecordingSlots {
  readonly #redis: Scripted;
  readonly #local = new MemoryRecordingSlots();
  #warned = false;

  constructor(
    redis: Redis,
    private readonly options: RedisRecordingSlotsOptions,
  ) {
    this.#redis = redis as Scripted;
    this.#redis.defineCommand('recordingClaim', { numberOfKeys: 0, lua: CLAIM });
  }

  async claim(user: string, id: string, max: number): Promise<boolean> {
    if (!this.#local.claimNow(user, id, max)) return false;
    try {
      const taken = (await this.#redis.recordingClaim(this.#key(user), id, max, this.options.clock(), SLOT_LEASE_MS)) === 1;
      if (!taken) this.#local.release(user, id);
      this.#warned = false;
      return taken;
    } catch (err) {
      if (!this.#warned) this.options.log?.warn({ err }, 'recording slots unreachable: the per-user limit counts this instance only');
      this.#warned = true;
      return true;
    }
  }

  release(user: string, id: string): void {
    this.#local.release(user, id);
    // A release that does not reach Redis lapses with its lease.
    this.#redis.zrem(this.#key(user), id).catch(() => {});
  }

  renew(held: Iterable<readonly [string, string]>): void {
    const until = this.options.clock() + SLOT_LEASE_MS;
    const batch = this.#redis.pipeline();
    let any = false;
    for (const [user, id] of held) {
      batch.zadd(this.#key(user), 'XX', until, id).pexpire(this.#key(user), SLOT_LEASE_MS);
      any = true;
    }
    if (any) batch.exec().catch(() => {});
  }

  #key(user: string): string {
    return `${this.options.prefix}rec:${user}`;
  }
}
