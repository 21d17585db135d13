import type { Clock } from '../clock.js';

/** One login attempt, as the throttle sees it. */
export interface LoginAttempt {
  /** The name typed in ('' for a login without one: the host's SSO). */
  user: string;
  ip: string;
  /** The browser's device id (its signed device cookie), or null. */
  device: string | null;
}

/** Where failed logins and trusted browsers are kept: in this process (below) or in Redis, shared by every instance. */
export interface LoginThrottle {
  /** Seconds until this login may be tried, or 0. */
  retryAfter(attempt: LoginAttempt): Promise<number>;
  failed(attempt: LoginAttempt): Promise<void>;
  /** `user` logged in on `device`: that browser is trusted for that user (until `deviceTrustMs` or revoked). */
  trust(device: string, user: string): Promise<void>;
  /** Revokes every browser trusted for `user`. */
  forgetDevices(user: string): Promise<void>;
}

export interface LoginThrottleOptions {
  /** Failed logins for one account from one address in the window, before that pair is refused. */
  failuresPerAccount: number;
  /** Failed logins from one address in the window: generous, as a ward behind one NAT shares it. */
  failuresPerIp: number;
  /** Failed logins from one browser (device cookie) in the window. */
  failuresPerDevice: number;
  windowMs: number;
  /** How long a browser stays trusted for a user after a login there. */
  deviceTrustMs: number;
  clock: Clock;
}

/** An account's failures from every address together may reach this many times its per-address bound. */
export const ACCOUNT_ANYWHERE_FACTOR = 10;

/**
 * The windows an attempt is checked against, as [key, max]. Whoever fails, every window counts the failure; a browser
 * trusted for the account is not held back by the account's windows, only by those of its address and of itself:
 * - the address (IPv6 by /64, one host's share): a flood from one place;
 * - the device: guesses from one browser, trusted or not;
 * - the account from this address: five guesses lock that pair only, so a stranger cannot lock a clinician out
 *   from anywhere else (finding 3 of issue 21);
 * - the account from anywhere, at ten times that: guessing spread over many addresses.
 */
export function throttleWindows(attempt: LoginAttempt, trusted: boolean, options: LoginThrottleOptions): [string, number][] {
  const address = addressGroup(attempt.ip);
  const windows: [string, number][] = [[`ip:${address}`, options.failuresPerIp]];
  if (attempt.device) windows.push([`d:${attempt.device}`, options.failuresPerDevice]);
  if (attempt.user !== '' && !trusted) {
    windows.push([`a:${attempt.user}\u0000${address}`, options.failuresPerAccount]);
    windows.push([`A:${attempt.user}`, options.failuresPerAccount * ACCOUNT_ANYWHERE_FACTOR]);
  }
  return windows;
}

/** IPv4 as is; IPv6 by its /64 (one host or home gets a whole /64, so per address would be per guess). */
export function addressGroup(ip: string): string {
  if (!ip.includes(':') || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) return ip.replace(/^::ffff:/i, '');
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Keys kept at most; past it the least recently used are forgotten (a spray of made-up names cannot grow it). */
const MAX_KEYS = 100_000;

/**
 * Counts failed logins (never attempts) in sliding windows ({@link throttleWindows}), and remembers which browsers are
 * trusted for which users. A success does not reset a count (failures age out of the window): a guesser must not
 * get fresh guesses each time the clinician logs in.
 */
export class MemoryLoginThrottle implements LoginThrottle {
  readonly #windows = new Map<string, number[]>();
  /** `device\0user` -> when the trust ends. */
  readonly #trusted = new Map<string, number>();
  readonly #devicesOf = new Map<string, Set<string>>();
  readonly #options: LoginThrottleOptions;

  constructor(options: LoginThrottleOptions) {
    this.#options = options;
  }

  async retryAfter(attempt: LoginAttempt): Promise<number> {
    const now = this.#options.clock();
    const trusted = attempt.device !== null && (this.#trusted.get(`${attempt.device}\u0000${attempt.user}`) ?? 0) > now;
    return Math.max(0, ...throttleWindows(attempt, trusted, this.#options).map(([key, max]) => this.#wait(key, max, now)));
  }

  async failed(attempt: LoginAttempt): Promise<void> {
    const now = this.#options.clock();
    for (const [key, max] of throttleWindows(attempt, false, this.#options)) this.#record(key, max, now);
  }

  async trust(device: string, user: string): Promise<void> {
    this.#trusted.delete(`${device}\u0000${user}`);
    this.#trusted.set(`${device}\u0000${user}`, this.#options.clock() + this.#options.deviceTrustMs);
    if (this.#trusted.size > MAX_KEYS) this.#trusted.delete(this.#trusted.keys().next().value!);
    const devices = this.#devicesOf.get(user) ?? new Set<string>();
    this.#devicesOf.set(user, devices.add(device));
  }

  async forgetDevices(user: string): Promise<void> {
    for (const device of this.#devicesOf.get(user) ?? []) this.#trusted.delete(`${device}\u0000${user}`);
    this.#devicesOf.delete(user);
  }

  #wait(key: string, max: number, now: number): number {
    const failures = this.#recent(key, now);
    if (failures.length < max) return 0;
    // Free again when the oldest of the last `max` failures leaves the window.
    return Math.max(1, Math.ceil((failures[failures.length - max]! + this.#options.windowMs - now) / 1000));
  }

  #record(key: string, max: number, now: number): void {
    const failures = this.#recent(key, now);
    failures.push(now);
    if (failures.length > max) failures.splice(0, failures.length - max);
    // Re-inserted last, so the first keys are the least recently failed.
    this.#windows.delete(key);
    this.#windows.set(key, failures);
    if (this.#windows.size > MAX_KEYS) this.#windows.delete(this.#windows.keys().next().value!);
  }

  #recent(key: string, now: number): number[] {
    const failures = this.#windows.get(key);
    if (!failures) return [];
    const since = now - this.#options.windowMs;
    const firstRecent = failures.findIndex((at) => at > since);
    if (firstRecent < 0) {
      this.#windows.delete(key);
      return [];
    }
    if (firstRecent > 0) failures.splice(0, firstRecent);
    return failures;
  }
}
