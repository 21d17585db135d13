import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { DICTATION_SOCKET_PATH, SESSION_ERROR_CODES, type ErrorMessage } from '../../protocol/index.js';
import { emit } from '../shared/emit.js';
import { isLive, sessionContext, type SessionState } from '../shared/session-context.js';
import { DictationConnection, type ConnectionState } from './dictation-connection.js';
import { endReasonForProblem, problemMessage, type LinkProblem } from './status-messages.js';
import { styles } from './dictation-bar.styles.js';

/**
 * The dictation bar: a record button and a status bar that says, in words, the state of the link to the
 * dictation service. While the session from `<session-manager>` is live it keeps an authenticated WebSocket open
 * with request/reply keep-alives; every close code and failure has its own message. After a lost link, dictation
 * resumes after a new login (or `reset()` in a single-page app).
 *
 * @summary Record button and status bar over a keep-alive WebSocket.
 *
 * @fires dictation-connection-change - The link changed state. `detail: { state, problem, code, message }`.
 * @fires dictation-connection-lost - An established link was lost; the session ends. `detail: { problem, code, message }`.
 *
 * @csspart bar - The whole bar.
 * @csspart record-button - The record button.
 * @csspart indicator - The coloured connection dot.
 * @csspart status - The status line (`role="status"`).
 * @csspart alert - The session-loss line (`role="alert"`).
 * @csspart retry-button - "Retry", shown when the link could not be opened.
 *
 * @cssprop --dictation-bar-accent - Record button colour.
 * @cssprop --dictation-bar-background - Bar background.
 * @cssprop --dictation-bar-border-color - Bar border.
 */
@customElement('dictation-bar')
export class DictationBar extends LitElement {
  static override styles = styles;

  /** Seconds between keep-alives. */
  @property({ attribute: 'keep-alive-interval', type: Number }) accessor keepAliveInterval = 20;

  /** Seconds to wait for a keep-alive's ack before the link counts as lost. */
  @property({ attribute: 'keep-alive-timeout', type: Number }) accessor keepAliveTimeout = 5;

  /** WebSocket URL override; by default derived from the session manager's `api-base`. */
  @property({ attribute: 'socket-url' }) accessor socketUrl = '';

  /** The link state, reflected for styling: `idle`, `connecting`, `ready`, `lost` or `failed`. Read-only. */
  @property({ reflect: true }) accessor state: ConnectionState = 'idle';

  /** The session, from the nearest `<session-manager>`. */
  @consume({ context: sessionContext, subscribe: true })
  @state()
  accessor session: SessionState | undefined;

  @state() private accessor problem: LinkProblem | null = null;
  @state() private accessor problemCode: number | null = null;
  @state() private accessor notice = '';

  /** The login generation whose link was lost: no reconnecting until a new login. */
  #lostGeneration = -1;

  readonly #connection = new DictationConnection(
    this,
    () => ({ intervalMs: this.keepAliveInterval * 1000, timeoutMs: this.keepAliveTimeout * 1000 }),
    {
      onStateChange: (state, problem, code) => void this.#onConnectionChange(state, problem, code),
      onServerError: (error: ErrorMessage) => (this.notice = `The dictation service could not handle a message: ${error.message}`),
    },
  );

  /** The status bar's current sentence. */
  get statusText(): string {
    if (this.problem) return problemMessage(this.problem, { code: this.problemCode, timeoutSeconds: this.keepAliveTimeout });
    const session = this.session;
    if (!session) return 'Dictation needs a <session-manager> around it.';
    switch (this.state) {
      case 'connecting':
        return 'Connecting to the dictation service…';
      case 'ready':
        return this.notice || 'Ready to dictate.';
    }
    if (session.state === 'checking') return 'Checking your session…';
    if (!isLive(session)) return session.message ?? 'Log in to start dictating.';
    return 'Connecting to the dictation service…';
  }

  /** Tears the bar down and builds it again: closes the link, forgets its errors, reconnects if the session is live. */
  async reset(): Promise<void> {
    this.#connection.close();
    this.#lostGeneration = -1;
    this.problem = null;
    this.problemCode = null;
    this.notice = '';
    this.requestUpdate();
    await this.updateComplete;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate(); // re-open the link if the bar was moved in the page
  }

  protected override willUpdate(): void {
    this.#sync();
  }

  /** Opens the link while the session is live, closes it when it is not. Runs before every render. */
  #sync(): void {
    const session = this.session;
    const live = isLive(session) && this.isConnected;
    const current = this.#connection.state;
    if (!live) {
      if (current === 'connecting' || current === 'ready') this.#connection.close();
      return;
    }
    const newLogin = session!.generation !== this.#lostGeneration;
    // After a lost link only a new login reconnects; after a failed open, coming back online does.
    const canOpen =
      current === 'idle' ||
      (current === 'lost' && newLogin) ||
      (current === 'failed' && this.problem === 'offline' && navigator.onLine);
    if (canOpen && newLogin) {
      this.problem = null;
      this.notice = '';
      this.#connection.open(this.#socketUrl(session!));
    }
  }

  #socketUrl(session: SessionState): string {
    if (this.socketUrl) return this.socketUrl;
    const url = new URL(session.apiBase.replace(/\/$/, '') + DICTATION_SOCKET_PATH, document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  }

  async #onConnectionChange(state: ConnectionState, problem: LinkProblem | null, code: number | null): Promise<void> {
    if (state === 'failed' && problem === 'connection-refused' && this.session) {
      // The browser hides the upgrade's HTTP status; ask the API whether the session is the reason.
      const check = await this.session.actions.checkSession();
      if (!check.ok && SESSION_ERROR_CODES.includes(check.code as (typeof SESSION_ERROR_CODES)[number])) problem = 'unauthorized';
      else if (check.ok) problem = 'connection-rejected';
      if (this.#connection.state !== state) return; // superseded while we asked (a retry, a new login)
    }
    this.state = state;
    this.problem = problem;
    this.problemCode = code;
    const message = this.statusText;
    emit(this, 'dictation-connection-change', { state, problem, code, message });
    if (state === 'lost' && problem && this.session) {
      this.#lostGeneration = this.session.generation;
      emit(this, 'dictation-connection-lost', { problem, code, message });
      this.session.actions.reportSessionLost(endReasonForProblem(problem));
    }
  }

  #retry(): void {
    this.problem = null;
    this.#connection.close();
  }

  #onRecord(): void {
    this.notice = 'Speech recognition is not available on the server yet.';
  }

  override render() {
    const sessionLost = this.state === 'lost';
    const text = this.statusText;
    return html`
      <div class="bar" part="bar" role="group" aria-label="Dictation">
        <button class="record" part="record-button" type="button" aria-pressed="false" ?disabled=${this.state !== 'ready'} @click=${this.#onRecord}>
          <span class="dot" aria-hidden="true"></span>Dictate
        </button>
        <span class="indicator" part="indicator" aria-hidden="true"></span>
        <div class="messages">
          <div class="status" part="status" role="status">${sessionLost ? '' : text}</div>
          <div class="alert" part="alert" role="alert">${sessionLost ? text : ''}</div>
        </div>
        ${this.state === 'failed'
          ? html`<button class="retry" part="retry-button" type="button" @click=${this.#retry}>Retry</button>`
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dictation-bar': DictationBar;
  }
  interface GlobalEventHandlersEventMap {
    'dictation-connection-change': CustomEvent<{
      state: ConnectionState;
      problem: LinkProblem | null;
      code: number | null;
      message: string;
    }>;
    'dictation-connection-lost': CustomEvent<{ problem: LinkProblem; code: number | null; message: string }>;
  }
}
