import type { Clock } from '../clock.js';

/** Where failed logins are counted: in this process (below) or in Redis, shared by every instance. */
export interface LoginThrottle {
  /** Seconds until this login may be tried, or 0. `knownDevice`: the browser logged in as `user` before. */
  retryAfter(user: string, ip: string, knownDevice: boolean): Promise<number>;
  failed(user: string, ip: string): Promise<void>;
}

export interface LoginThrottleOptions {
  /** Failed logins for one account in the window before it is refused (from browsers it never logged in on). */
  failuresPerAccount: number;
  /** Failed logins from one address in the window: generous, as a ward behind one NAT shares it. */
  failuresPerIp: number;
  windowMs: number;
  clock: Clock;
}

/** Keys kept at most; past it the least recently failed are forgotten (a spray of made-up names cannot grow it). */
const MAX_KEYS = 100_000;

/**
 * Counts failed logins (never attempts) in a sliding window, per account and per address. A browser that already
 * logged in as the account (the signed device cookie) is never throttled for it: guessing cannot lock a clinician
 * out of her own workstation, and a correct password from a known browser always works. A success does not reset the
 * count (failures age out of the window): a guesser must not get fresh guesses each time the clinician logs in.
 */
export class MemoryLoginThrottle implements LoginThrottle {
  readonly #byAccount = new Map<string, number[]>();
  readonly #byIp = new Map<string, number[]>();

  constructor(private readonly options: LoginThrottleOptions) {}

  async retryAfter(user: string, ip: string, knownDevice: boolean): Promise<number> {
    if (knownDevice) return 0;
    const now = this.options.clock();
    return Math.max(
      this.#wait(this.#byAccount, user, this.options.failuresPerAccount, now),
      this.#wait(this.#byIp, ip, this.options.failuresPerIp, now),
    );
  }

  async failed(user: string, ip: string): Promise<void> {
    const now = this.options.clock();
    this.#record(this.#byAccount, user, this.options.failuresPerAccount, now);
    this.#record(this.#byIp, ip, this.options.failuresPerIp, now);
  }

  #wait(map: Map<string, number[]>, key: string, max: number, now: number): number {
    const failures = this.#recent(map, key, now);
    if (failures.length < max) return 0;
    // Free again when the oldest of the last `max` failures leaves the window.
    return Math.max(1, Math.ceil((failures[failures.length - max]! + this.options.windowMs - now) / 1000));
  }

  #record(map: Map<string, number[]>, key: string, max: number, now: number): void {
    const failures = this.#recent(map, key, now);
    failures.push(now);
    if (failures.length > max) failures.splice(0, failures.length - max);
    // Re-inserted last, so the first keys are the least recently failed.
    map.delete(key);
    map.set(key, failures);
    if (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
  }

  #recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const failures = map.get(key);
    if (!failures) return [];
    const since = now - this.options.windowMs;
    const firstRecent = failures.findIndex((at) => at > since);
    if (firstRecent < 0) {
      map.delete(key);
      return [];
    }
    if (firstRecent > 0) failures.splice(0, firstRecent);
    return failures;
  }
}
