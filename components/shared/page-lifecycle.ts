import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface PageLifecycleCallbacks {
  /** The page is going away: unloaded, navigated, or put in the back/forward cache (`persisted`). */
  leave?(persisted: boolean): void;
  /** The page came back from the back/forward cache. */
  back?(): void;
  /** The page is about to be frozen (a background tab under energy saver or memory pressure). */
  freeze?(): void;
  /** The page runs again after a freeze: its timers were stopped, its sockets may be gone. */
  resume?(): void;
}

/**
 * The page lifecycle events a session cares about (`pagehide`, `pageshow` with `persisted`, `freeze`, `resume`),
 * listened to while the host is connected.
 */
export class PageLifecycleController implements ReactiveController {
  readonly #callbacks: PageLifecycleCallbacks;

  constructor(
    host: ReactiveControllerHost,
    callbacks: PageLifecycleCallbacks,
  ) {
    this.#callbacks = callbacks;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.#onPageHide);
    window.addEventListener('pageshow', this.#onPageShow);
    document.addEventListener('freeze', this.#onFreeze);
    document.addEventListener('resume', this.#onResume);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.#onPageHide);
    window.removeEventListener('pageshow', this.#onPageShow);
    document.removeEventListener('freeze', this.#onFreeze);
    document.removeEventListener('resume', this.#onResume);
  }

  #onPageHide = (event: PageTransitionEvent) => this.#callbacks.leave?.(event.persisted);
  #onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) this.#callbacks.back?.();
  };
  #onFreeze = () => this.#callbacks.freeze?.();
  #onResume = () => this.#callbacks.resume?.();
}
