import { LitElement, html, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { customElement } from '../shared/define.js';
import { consume } from '@lit/context';
import { emit } from '../shared/emit.js';
import { sessionContext, type SessionState } from '../shared/session-context.js';
import { CountdownController, formatCountdown, spokenCountdown } from './countdown-controller.js';
import { styles } from './session-expiry-warning.styles.js';
import type { Theme } from '../shared/theme-tokens.js';

/** Seconds left at which the countdown is read out to screen readers (the ticking number itself is silent). */
const ANNOUNCE_AT = new Set([240, 180, 120, 60, 30, 20, 10, 5]);

/**
 * The modal warning before the session expires: a countdown to the server-corrected expiry, "Stay Logged In"
 * and "Logout Now". Opens by itself when the session provided by `<session-manager>` enters `expiring`; at zero it
 * shows the expired state. `<session-manager>` renders one unless the page slots its own in `slot="warning"`.
 *
 * @summary Countdown dialog: Stay Logged In / Logout Now.
 *
 * @fires session-warning-closed - The dialog closed after the session expired ("Log in again" or Escape). `detail: {}`.
 *
 * @csspart dialog - The native `<dialog>`.
 * @csspart stay-button - "Stay Logged In".
 * @csspart logout-button - "Logout Now".
 *
 * @cssprop --session-expiry-warning-accent - Primary button colour.
 * @cssprop --session-expiry-warning-background - Dialog background.
 * @cssprop --session-expiry-warning-color - Dialog text colour.
 */
@customElement('session-expiry-warning')
export class SessionExpiryWarning extends LitElement {
  static override styles = styles;

  /** `auto` follows the reader's system (dark or light); `light` or `dark` forces that theme. */
  @property({ reflect: true }) accessor theme: Theme = 'auto';

  /** The session, from the nearest `<session-manager>`. */
  @consume({ context: sessionContext, subscribe: true })
  @state()
  accessor session: SessionState | undefined;

  /** Whether the dialog is open (read-only, reflects the session). */
  @state() accessor open = false;

  @state() private accessor busy = false;
  @state() private accessor error = '';
  @state() private accessor announcement = '';

  @query('dialog') private accessor dialog!: HTMLDialogElement;
  @query('.primary') private accessor primaryButton!: HTMLButtonElement;

  readonly #countdown = new CountdownController(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#announce();
    if (changed.has('session')) {
      const name = this.session?.state;
      if (name === 'expiring') {
        this.open = true;
        const session = this.session!;
        this.#countdown.start(() => (session.expiresAt ?? 0) - session.clockOffset);
      } else if (name === 'expired') {
        // Keep the dialog up if it was, now saying that time ran out.
        this.#countdown.stop();
      } else {
        this.open = false;
        this.error = '';
        this.#countdown.stop();
      }
    }
    const showsExpired = this.open && !this.#expiring;
    if (showsExpired && !this.#showsExpired) {
      // The buttons the user was on are gone: say why, once, and (in updated) focus the one that is left.
      this.announcement = `Your session has expired. ${this.session?.message ?? ''}`.trim();
      this.#focusRemainingButton = true;
    }
    this.#closesAfterExpiry = !this.open && this.#showsExpired;
    this.#showsExpired = showsExpired;
  }

  /** Whether the open dialog shows that the session expired (so focus and announcement happen once). */
  #showsExpired = false;
  #focusRemainingButton = false;
  #closesAfterExpiry = false;

  protected override updated(): void {
    const dialog = this.dialog;
    if (this.open && !dialog.open) {
      dialog.showModal();
      this.primaryButton.focus();
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
    if (this.#focusRemainingButton) {
      this.#focusRemainingButton = false;
      this.primaryButton.focus();
    }
    if (this.#closesAfterExpiry) {
      this.#closesAfterExpiry = false;
      emit(this, 'session-warning-closed', {});
    }
  }

  /** Reads the time left out at a few moments; the ticking number itself stays silent. */
  #announce(): void {
    if (!this.#expiring) return;
    const left = this.#countdown.secondsLeft;
    if (this.#expiring && ANNOUNCE_AT.has(left)) this.announcement = `${spokenCountdown(left)} left.`;
  }

  get #expiring(): boolean {
    return this.session?.state === 'expiring' && this.#countdown.secondsLeft > 0;
  }

  async #stay(): Promise<void> {
    this.busy = true;
    this.error = '';
    const result = await this.session!.actions.extend();
    this.busy = false;
    if (!result.ok && this.session?.state === 'expiring') {
      this.error = result.message;
      this.primaryButton.focus();
    }
  }

  async #logout(): Promise<void> {
    this.busy = true;
    await this.session!.actions.logout();
    this.busy = false;
  }

  #close(): void {
    this.open = false;
  }

  /** Escape must not dismiss a pending decision; once expired, it closes like the button. */
  #onCancel(event: Event): void {
    event.preventDefault();
    if (!this.#expiring) this.#close();
  }

  override render() {
    const left = this.#countdown.secondsLeft;
    const expired = !this.#expiring;
    return html`
      <dialog
        class="themed"
        part="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="title"
        aria-describedby="description"
        @cancel=${this.#onCancel}
      >
        <p class="visually-hidden" aria-live="polite">${this.announcement}</p>
        ${expired
          ? html`
              <h2 id="title">Your session has expired</h2>
              <p id="description">${this.session?.message ?? 'Session expired. Please log in again.'}</p>
              <div class="actions">
                <button class="primary" type="button" @click=${this.#close}>Log in again</button>
              </div>
            `
          : html`
              <h2 id="title">Your session is about to expire</h2>
              <p id="description">
                For your security you will be logged out in
                <span class="time" role="timer" aria-live="off">${formatCountdown(left)}</span>. Anything you
                dictated is kept.
              </p>
              <p class="error" role="alert">${this.error}</p>
              <div class="actions">
                <button class="secondary" part="logout-button" type="button" ?disabled=${this.busy} @click=${this.#logout}>
                  Logout Now
                </button>
                <button class="primary" part="stay-button" type="button" ?disabled=${this.busy} @click=${this.#stay}>
                  Stay Logged In
                </button>
              </div>
            `}
      </dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-expiry-warning': SessionExpiryWarning;
  }
  interface GlobalEventHandlersEventMap {
    'session-warning-closed': CustomEvent<Record<string, never>>;
  }
}
