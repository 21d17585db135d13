import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { deepActiveElement } from '../shared/dom.js';

/**
 * Focus is never dropped to `<body>` by what the element renders. When something in its shadow tree had focus and a
 * render took it away (the login form after a login, the Log out button after a logout, the expiry dialog's last
 * button), focus goes to the login form's first field, or back where the user was in the page, or the account line.
 */
export class FocusReturnController implements ReactiveController {
  /** The page content (a field, the bar) that last had focus: where focus goes back after a login. */
  #lastFocusedContent: HTMLElement | null = null;
  /** Whether something in the element's own shadow tree had focus before the render. */
  #hadFocus = false;

  readonly #host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

  constructor(host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment }) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('focusin', this.#onFocusIn);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('focusin', this.#onFocusIn);
  }

  hostUpdate(): void {
    this.#hadFocus = this.#host.shadowRoot?.activeElement != null;
  }

  hostUpdated(): void {
    if (this.#hadFocus && this.#host.shadowRoot?.activeElement == null) this.restore();
  }

  #onFocusIn = (event: FocusEvent) => {
    // Focus in the shadow tree is retargeted to the host; anything else is slotted page content.
    if (event.target !== this.#host && event.target instanceof HTMLElement) this.#lastFocusedContent = event.target;
  };

  /** Puts focus where it belongs, unless it is still on something the user can see. */
  restore = (): void => {
    const active = deepActiveElement();
    // A button of a dialog that just closed still has focus until the browser's next rendering step moves it to <body>.
    if (active && active !== document.body && active.isConnected && active.checkVisibility()) return;
    const root = this.#host.renderRoot;
    const username = root.querySelector<HTMLInputElement>('input[name=username]');
    if (username) return username.focus();
    if (this.#lastFocusedContent?.isConnected) return this.#lastFocusedContent.focus();
    root.querySelector<HTMLElement>('.account')?.focus();
  };
}
