import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { backgroundSafeTimers, type Timers } from '../shared/timers.js';

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
  /** The page is going away (tab closed, navigation, bfcache): save now, later may be never. */
  pageHidden(): void;
}

/**
 * The session heartbeat: a status check every interval, exact timers to the warning, save and expiry times
 * (computed from the server's clock by the host), and an immediate check when the tab becomes visible or the
 * browser comes back online. Idle until `schedule()`; `stop()` or disconnecting the host releases everything.
 */
export class HeartbeatController implements ReactiveController {
  readonly #timers: Timers = backgroundSafeTimers();
  #timerIds: number[] = [];
  #running = false;
  #connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: HeartbeatCallbacks,
  ) {
    host.addController(this);
  }

  schedule(plan: HeartbeatPlan): void {
    this.#clearTimers();
    // A check that answers after the host left the page must not start timers nobody will stop.
    if (!this.#connected) return;
    const now = Date.now();
    const at = (time: number, callback: () => void) => {
      if (time > now) this.#timerIds.push(this.#timers.setTimeout(callback, time - now));
    };
    this.#timerIds.push(this.#timers.setTimeout(() => this.callbacks.check(), plan.checkEveryMs));
    at(plan.warnAt, () => this.callbacks.check());
    // Found out late (the expiry moved, the tab slept)? Save at once while the server still accepts it.
    if (plan.expireAt > now) at(Math.max(plan.saveAt, now + 1), () => this.callbacks.saveBeforeExpiry());
    at(plan.finalSaveAt, () => this.callbacks.finalSave());
    at(plan.expireAt, () => this.callbacks.check());
    if (!this.#running) {
      this.#running = true;
      if (this.#connected) this.#listen();
    }
  }

  stop(): void {
    this.#clearTimers();
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
    if (document.visibilityState === 'visible') this.callbacks.wake();
  };
  #onOnline = () => this.callbacks.wake();
  #onPageHide = () => this.callbacks.pageHidden();

  #listen(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('pagehide', this.#onPageHide);
  }

  #unlisten(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    window.removeEventListener('online', this.#onOnline);
    window.removeEventListener('pagehide', this.#onPageHide);
  }

  #clearTimers(): void {
    for (const id of this.#timerIds) this.#timers.clearTimeout(id);
    this.#timerIds = [];
  }
}
