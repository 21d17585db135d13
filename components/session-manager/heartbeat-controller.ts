import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TimerGroup } from '../shared/timers.js';

export interface HeartbeatPlan {
  /** Regular status check period. */
  checkEveryMs: number;
  /** Client-clock times (epoch ms) of the exact timers. */
  warnAt: number;
  saveAt: number;
  /** The second save, just before expiry, for what was added after the first. */
  finalSaveAt: number;
  expireAt: number;
}

export interface HeartbeatCallbacks {
  /** Time to ask the server (interval, warning time, expiry time). */
  check(): void;
  /** Ask the server now: the tab is visible again, or the browser came back online. */
  wake(): void;
  /** Save pending work while the server session still accepts it. */
  saveBeforeExpiry(): void;
  /** Save again, just before expiry, what changed since `saveBeforeExpiry`. */
  finalSave(): void;
}

/**
 * The session heartbeat: a status check every interval, exact timers to the warning, save and expiry times
 * (computed from the server's clock by the host), and an immediate check when the tab becomes visible or the
 * browser comes back online. Idle until `schedule()`; `stop()` or disconnecting the host releases everything.
 */
export class HeartbeatController implements ReactiveController {
  readonly #timers = new TimerGroup();
  #running = false;
  #connected = false;

  readonly #callbacks: HeartbeatCallbacks;

  constructor(
    host: ReactiveControllerHost,
    callbacks: HeartbeatCallbacks,
  ) {
    this.#callbacks = callbacks;
    host.addController(this);
  }

  schedule(plan: HeartbeatPlan): void {
    this.#timers.clear();
    // A check that answers after the host left the page must not start timers nobody will stop.
    if (!this.#connected) return;
    const now = Date.now();
    const at = (time: number, callback: () => void) => {
      if (time > now) this.#timers.after(time - now, callback);
    };
    this.#timers.after(plan.checkEveryMs, () => this.#callbacks.check());
    at(plan.warnAt, () => this.#callbacks.check());
    // Found out late (the expiry moved, the tab slept)? Save at once while the server still accepts it.
    if (plan.expireAt > now) at(Math.max(plan.saveAt, now + 1), () => this.#callbacks.saveBeforeExpiry());
    at(plan.finalSaveAt, () => this.#callbacks.finalSave());
    at(plan.expireAt, () => this.#callbacks.check());
    if (!this.#running) {
      this.#running = true;
      if (this.#connected) this.#listen();
    }
  }

  /** Whether a plan is running (a live session). */
  get running(): boolean {
    return this.#running;
  }

  stop(): void {
    this.#timers.clear();
    if (this.#running) this.#unlisten();
    this.#running = false;
  }

  hostConnected(): void {
    this.#connected = true;
    if (this.#running) this.#listen();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.stop();
  }

  #onVisibility = () => {
    if (document.visibilityState === 'visible') this.#callbacks.wake();
  };
  #onOnline = () => this.#callbacks.wake();

  #listen(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
    window.addEventListener('online', this.#onOnline);
  }

  #unlisten(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    window.removeEventListener('online', this.#onOnline);
  }
}
