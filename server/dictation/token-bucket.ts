const monotonicNow = () => performance.now();

/**
 * A token bucket on the monotonic clock (real time even when tests drive the session clock): `rate` tokens a second
 * up to `capacity`. Taking more than there is puts the bucket in debt; the debt says how long the taker must wait.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly rate: () => number,
    private readonly capacity: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.#tokens = capacity;
    this.#at = now();
  }

  /** Takes `amount` even if that means debt; returns the seconds until the bucket is out of debt (0 if it is not). */
  take(amount: number): number {
    this.#refill();
    this.#tokens -= amount;
    return this.#tokens >= 0 ? 0 : -this.#tokens / this.rate();
  }

  /** Takes `amount` only if it is there. */
  tryTake(amount: number): boolean {
    this.#refill();
    if (this.#tokens < amount) return false;
    this.#tokens -= amount;
    return true;
  }

  #refill(): void {
    const now = this.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) / 1000) * this.rate());
    this.#at = now;
  }
}
