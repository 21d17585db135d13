import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Seconds left until a deadline, re-rendering the host once a second while running. The value is recomputed
 * from the clock on every tick, so a late tick (a throttled tab) shows the right number, never a drifted one.
 */
export class CountdownController implements ReactiveController {
  #deadline: (() => number) | null = null;
  #timer: number | undefined;

  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Whole seconds left, never negative; `0` when not running. */
  get secondsLeft(): number {
    if (!this.#deadline) return 0;
    return Math.max(0, Math.ceil((this.#deadline() - Date.now()) / 1000));
  }

  /** Counts down to the client-clock time returned by `deadline` (a function, so clock corrections apply). */
  start(deadline: () => number): void {
    this.#deadline = deadline;
    if (this.#timer === undefined) this.#timer = window.setInterval(() => this.#host.requestUpdate(), 250);
  }

  stop(): void {
    this.#deadline = null;
    window.clearInterval(this.#timer);
    this.#timer = undefined;
  }


  hostDisconnected(): void {
    this.stop();
  }
}

/** `4:05`, `0:09`. */
export function formatCountdown(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
