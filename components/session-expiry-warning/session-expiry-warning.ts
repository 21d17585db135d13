import { html, type PropertyValues } from 'lit';
import { query, state } from 'lit/decorators.js';
import { define } from '../shared/define.js';
import { consume } from '@lit/context';
import { emit } from '../shared/emit.js';
import { sessionContext, type SessionState } from '../shared/session-context.js';
import { CountdownController, formatCountdown } from './countdown-controller.js';
import type { Phrase } from '../shared/localize.js';
import { DictationElement } from '../shared/dictation-element.js';
import { styles } from './session-expiry-warning.styles.js';

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
 * @cssprop [--session-expiry-warning-accent=var(--dictation-color-accent)] - Primary button colour.
 * @cssprop [--session-expiry-warning-background=var(--dictation-color-surface-raised)] - Dialog background.
 * @cssprop [--session-expiry-warning-color=var(--dictation-color-text)] - Dialog text colour.
 */
export class SessionExpiryWarning extends DictationElement {
  static override styles = styles;

  /** The session, from the nearest `<session-manager>`. */
  @consume({ context: sessionContext, subscribe: true })
  @state()
  session: SessionState | undefined;

  /** Whether the dialog is open (read-only, reflects the session). */
  @state() open = false;

  @state() private busy = false;
  @state() private error: Phrase | null = null;
  @state() private announcement = '';

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('.primary') private primaryButton!: HTMLButtonElement;

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
        this.error = null;
        this.#countdown.stop();
      }
    }
    const showsExpired = this.open && !this.#expiring;
    if (showsExpired && !this.#showsExpired) {
      // The buttons the user was on are gone: say why, once, and (in updated) focus the one that is left.
      this.announcement = `${this.t.term('expiredTitle')}. ${this.t.phrase(this.session?.message ?? null) ?? ''}`.trim();
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
    if (this.#expiring && ANNOUNCE_AT.has(left)) this.announcement = this.t.term('timeLeft', left);
  }

  get #expiring(): boolean {
    return this.session?.state === 'expiring' && this.#countdown.secondsLeft > 0;
  }

  async #stay(): Promise<void> {
    this.busy = true;
    this.error = null;
    const result = await this.session!.actions.extend();
    this.busy = false;
    if (!result.ok && this.session?.state === 'expiring') {
      this.error = result.phrase;
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
    const t = this.t;
    return html`
      <dialog
        lang=${t.lang}
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
              <h2 id="title">${t.term('expiredTitle')}</h2>
              <p id="description">${t.phrase(this.session?.message ?? ['endExpired'])}</p>
              <div class="actions">
                <button class="primary" type="button" @click=${this.#close}>${t.term('logInAgain')}</button>
              </div>
            `
          : html`
              <h2 id="title">${t.term('warningTitle')}</h2>
              <p id="description">
                ${t.term('warningBody')}
                <span class="time" role="timer" aria-live="off">${formatCountdown(left)}</span>. ${t.term('warningKept')}
              </p>
              <p class="error" role="alert">${t.phrase(this.error)}</p>
              <div class="actions">
                <button class="secondary" part="logout-button" type="button" ?disabled=${this.busy} @click=${this.#logout}>
                  ${t.term('logoutNow')}
                </button>
                <button class="primary" part="stay-button" type="button" ?disabled=${this.busy} @click=${this.#stay}>
                  ${t.term('stayLoggedIn')}
                </button>
              </div>
            `}
      </dialog>
    `;
  }
}

define('session-expiry-warning', SessionExpiryWarning);

declare global {
  interface HTMLElementTagNameMap {
    'session-expiry-warning': SessionExpiryWarning;
  }
  interface GlobalEventHandlersEventMap {
    'session-warning-closed': CustomEvent<Record<string, never>>;
  }
}
