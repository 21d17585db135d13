import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { ErrorCode } from '../../protocol/index.js';
import { define } from '../shared/define.js';
import { DictationElement } from '../shared/dictation-element.js';
import type { Phrase } from '../shared/localize.js';
import { PageLifecycleController } from '../shared/page-lifecycle.js';
import {
  isLive,
  sessionContext,
  type ActionResult,
  type EmergencySaveResult,
  type PendingWork,
  type SessionEndReason,
  type SessionMode,
  type SessionState,
} from '../shared/session-context.js';
import { FocusReturnController } from './focus-return.js';
import { SessionController } from './session-controller.js';
import { styles } from './session-manager.styles.js';
import '../session-expiry-warning/session-expiry-warning.js';
import { loginForm } from './login-form.js';

export { MIN_WARNING_SECONDS } from './expiry-plan.js';

/**
 * Owns the login session and provides it to every descendant through `@lit/context`: the heartbeat, the expiry
 * warning, the emergency save, and the login form when there is no session.
 *
 * @summary Session owner: login, logout, heartbeat, expiry warning, emergency save, single-user mode.
 *
 * @slot - The page content: the fields and `<dictation-bar>` that use the session.
 * @slot login - Replaces the built-in login form. Call `login()` from it.
 * @slot warning - Replaces the built-in `<session-expiry-warning>`.
 *
 * @fires session-login - A login succeeded. `detail: { user }`.
 * @fires session-logout - The user logged out here. `detail: { user }`.
 * @fires session-extended - The session was extended. `detail: { expiresAt }`.
 * @fires session-warning - The session entered its warning period. `detail: { expiresAt }`.
 * @fires session-ended - The session ended without the user asking (expired, replaced, terminated, link lost),
 *   after the emergency save ran. `detail: { reason, message, save }`. `window` also gets `session:expired`.
 *
 * @csspart login - The login panel.
 * @csspart login-form - The built-in login form.
 * @csspart account - The "Signed in as" line with its Log out button.
 *
 * @cssprop [--session-manager-accent=var(--dictation-color-accent)] - Button and link colour.
 * @cssprop [--session-manager-background=var(--dictation-color-surface-raised)] - Login panel background.
 * @cssprop [--session-manager-border-color=var(--dictation-color-border)] - Login panel border.
 * @cssprop [--session-manager-color=var(--dictation-color-text)] - Text colour.
 */
export class SessionManager extends DictationElement {
  static override styles = styles;

  /** Base URL of the server API. */
  @property({ attribute: 'api-base' }) apiBase = '/api';

  /** Seconds between status checks. */
  @property({ attribute: 'check-interval', type: Number }) checkInterval = 300;

  /**
   * Seconds before expiry at which the warning opens: never less than 20 (WCAG 2.2.1), never more than half the
   * server's idle timeout (clamped, with a console warning).
   */
  @property({ attribute: 'warning-threshold', type: Number }) warningThreshold = 300;

  /** `multi-user` (login, heartbeat, expiry) or `single-user` (no login, no expiry, no listeners). */
  @property({ reflect: true }) mode: SessionMode = 'multi-user';

  /** Where to send the user when there is no session. Without it, a login form is shown in place. */
  @property({ attribute: 'login-url' }) loginUrl = '';

  @state() private loginError: Phrase | null = null;
  @state() private loginInvalid = false;
  @state() private loginBusy = false;

  readonly #session = new SessionController(this, this.t);
  readonly #focus = new FocusReturnController(this);

  constructor() {
    super();
    const session = this.#session;
    new PageLifecycleController(this, {
      // Frozen or cached: the next tab in line checks for all; back: ask the server before anything else.
      leave: (persisted) => {
        if (persisted) session.tabs.channel.suspend();
        // The page is going away (closed, navigated, back/forward cache): save now, later may be never.
        if (session.heartbeat.running) void this.saveAllPendingData();
      },
      freeze: () => session.tabs.channel.suspend(),
      back: () => this.#rejoin(),
      resume: () => this.#rejoin(),
    });
  }

  #rejoin(): void {
    if (this.mode === 'single-user') return;
    this.#session.tabs.channel.resume();
    if (this.mode === 'multi-user' && this.session.state !== 'checking') void this.checkSession();
  }

  /** The session as provided to descendants. Read-only for the page: use the methods to change it. */
  @provide({ context: sessionContext })
  @state()
  session: SessionState = {
    state: 'checking',
    mode: 'multi-user',
    user: null,
    expiresAt: null,
    lastActivityAt: null,
    clockOffset: 0,
    reason: null,
    message: null,
    apiBase: '/api',
    generation: 0,
    lastSave: null,
    actions: this.#session.actions,
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('input', this.#onInput);
    this.#session.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('input', this.#onInput);
  }

  #onInput = () => {
    this.#session.changedSinceSave = true;
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase')) this.#session.set({ apiBase: this.apiBase });
    if ((changed.has('mode') && changed.get('mode') !== undefined) || (changed.has('apiBase') && changed.get('apiBase') !== undefined)) {
      this.#session.start();
    } else if ((changed.has('checkInterval') || changed.has('warningThreshold')) && isLive(this.session)) {
      this.#session.reschedule();
    }
  }

  // ---- public API (also provided to descendants as `session.actions`); none of them throws ----

  /** Logs in; on success the session is active and every descendant is told. */
  login(username: string, password: string): Promise<ActionResult> {
    return this.#session.login(username, password);
  }

  /** Saves pending work, ends the session on the server, and shows the login form. */
  logout(): Promise<ActionResult> {
    return this.#session.logout();
  }

  /** Adds the extension time to the session. A failure is returned (and shown by the warning), never swallowed. */
  extend(): Promise<ActionResult> {
    return this.#session.extend();
  }

  /** Asks the server for the session's status now. Checking is not activity: it never extends the session. */
  checkSession(): Promise<ActionResult> {
    return this.#session.checkSession();
  }

  /** Runs every registered pending-work saver; resolves `{ saved, errors }` and never rejects. */
  saveAllPendingData(): Promise<EmergencySaveResult> {
    return this.#session.saveAll();
  }

  /** Registers work to save before the session ends. Returns a function that unregisters it. */
  registerPendingWork(work: PendingWork): () => void {
    return this.#session.pending.register(work);
  }

  async #onLoginSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.loginBusy = true;
    this.loginError = null;
    const result = await this.login(String(data.get('username') ?? ''), String(data.get('password') ?? ''));
    this.loginBusy = false;
    if (result.ok) {
      form.reset();
      this.loginInvalid = false;
    } else {
      this.loginError = result.phrase;
      // Only a refused name or password marks the fields; a server that cannot be reached is not their fault.
      this.loginInvalid = result.code === ErrorCode.InvalidCredentials;
    }
  }

  override render() {
    if (this.mode === 'single-user') return html`<slot></slot>`;
    const { state: name, user, message } = this.session;
    const t = this.t;
    const needsLogin = name === 'signed-out' || name === 'expired' || name === 'ended';
    if (needsLogin && this.loginUrl) return html`<slot></slot>`;
    return html`
      <slot name="warning"
        ><session-expiry-warning theme=${this.theme} @session-warning-closed=${this.#focus.restore}></session-expiry-warning
      ></slot>
      ${needsLogin
        ? loginForm(t, {
            message: t.phrase(message),
            lastSave: this.#session.lastSave,
            error: this.loginError,
            invalid: this.loginInvalid,
            busy: this.loginBusy,
            submit: (event) => void this.#onLoginSubmit(event),
          })
        : nothing}
      ${isLive(this.session)
        ? html`<div class="account themed" part="account" tabindex="-1" lang=${t.lang}>
            <span>${t.term('signedInAs')} <strong>${user}</strong></span>
            <button type="button" @click=${() => this.logout()}>${t.term('logOut')}</button>
          </div>`
        : nothing}
      <slot></slot>
    `;
  }
}

define('session-manager', SessionManager);

declare global {
  interface HTMLElementTagNameMap {
    'session-manager': SessionManager;
  }
  interface GlobalEventHandlersEventMap {
    'session-login': CustomEvent<{ user: string }>;
    'session-logout': CustomEvent<{ user: string | null }>;
    'session-extended': CustomEvent<{ expiresAt: number | null }>;
    'session-warning': CustomEvent<{ expiresAt: number | null }>;
    'session-ended': CustomEvent<{ reason: SessionEndReason; message: string; save: EmergencySaveResult }>;
  }
}
