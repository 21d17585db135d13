import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { define } from '../shared/define.js';
import { provide } from '@lit/context';
import { emit } from '../shared/emit.js';
import { SessionApi, clockOffset, tellIntegratorOnce } from '../shared/session-api.js';
import {
  isLive,
  serverNow,
  sessionContext,
  type ActionResult,
  type EmergencySaveResult,
  type PendingWork,
  type SessionEndReason,
  type SessionMode,
  type SessionState,
  type SessionStateName,
} from '../shared/session-context.js';
import { PageLifecycleController } from '../shared/page-lifecycle.js';
import { LocalizeController, type Phrase } from '../shared/localize.js';
import { HeartbeatController } from './heartbeat-controller.js';
import { SessionChannel, type SessionSnapshot, type TabMessage } from './session-channel.js';
import { COOKIE_BLOCKED, END_MESSAGES, reasonForErrorCode } from './messages.js';
import { styles } from './session-manager.styles.js';
import type { Theme } from '../shared/theme-tokens.js';
import { ErrorCode } from '../../protocol/index.js';
import '../session-expiry-warning/session-expiry-warning.js';

/** WCAG 2.2.1: the user gets at least 20 s to answer the warning. */
export const MIN_WARNING_SECONDS = 20;
/** How long before expiry the emergency save runs, while the server still accepts saves. */
const SAVE_LEAD_MS = 15_000;
/**
 * How long before expiry the save runs a second time, for what was added after the first (the bar stops turning
 * speech into text `SEAL_LEAD_MS` before expiry, so nothing new lands after this save).
 */
const FINAL_SAVE_LEAD_MS = 2_000;

/** How long a logout waits for pending work to finish (a recording's last words) before it saves. */
const FINISH_TIMEOUT_MS = 4_000;
/** Ask for the expiry a little after it is due, so the server agrees that it has passed. */
const EXPIRY_CHECK_DELAY_MS = 500;
/** A tab that does not lead waits this long for the leader's answer before it asks the server itself. */
const FOLLOWER_FALLBACK_MS = 2_000;
/** The server's Retry-After for SESSION_STORE_UNAVAILABLE. */
const STORE_RETRY_MS = 2_000;
/** Ends that only this tab saw (its own link): the other tabs' links and the server may be fine. */
const LOCAL_REASONS: ReadonlySet<SessionEndReason> = new Set(['CONNECTION_LOST', 'KEEPALIVE_TIMEOUT']);

const OK: ActionResult = { ok: true };

const toEpoch = (time: string | number | null): number | null => (typeof time === 'string' ? Date.parse(time) : time);

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
export class SessionManager extends LitElement {
  static override styles = styles;

  /** `auto` follows the reader's system (dark or light); `light` or `dark` forces that theme. */
  @property({ reflect: true }) theme: Theme = 'auto';

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
  @state() private lastSave: EmergencySaveResult | null = null;

  readonly #pending = new Set<PendingWork>();
  /** Built from `api-base` at the time of each call, so an attribute set after construction is honoured. */
  get #api(): SessionApi {
    return new SessionApi(this.apiBase);
  }
  #ending: Promise<void> | null = null;
  /** The save that already ran for the session ending now, so it is not repeated after the 401. */
  #savedBeforeEnd: EmergencySaveResult | null = null;
  /** The page's fields changed (typed or dictated) since the last emergency save. */
  #changedSinceSave = false;
  readonly #t = new LocalizeController(this);

  readonly #heartbeat = new HeartbeatController(this, {
    check: () => this.#timedCheck(),
    wake: () => void this.checkSession(),
    saveBeforeExpiry: () => void this.#saveBeforeExpiry(),
    finalSave: () => void this.#finalSave(),
    pageHidden: () => void this.saveAllPendingData(),
  });

  /** The other tabs of this browser: one view of the session, one tab checking the server for all. */
  readonly #channel = new SessionChannel(this, () => this.apiBase, {
    onMessage: (message) => void this.#onTabMessage(message),
    onLeadershipChange: () => {},
  });
  /** When the last message about the session came from another tab. */
  #heardFromTabsAt = 0;

  readonly #actions = {
    login: (u: string, p: string) => this.login(u, p),
    logout: () => this.logout(),
    extend: () => this.extend(),
    checkSession: () => this.checkSession(),
    saveAllPendingData: () => this.saveAllPendingData(),
    registerPendingWork: (work: PendingWork) => this.registerPendingWork(work),
    // A socket's own close: the ends that only this tab's link saw are not shared with the other tabs.
    reportSessionLost: (reason: SessionEndReason) => void this.#lose(reason, !LOCAL_REASONS.has(reason)),
  };

  constructor() {
    super();
    new PageLifecycleController(this, {
      // Frozen or cached: the next tab in line checks for all; back: ask the server before anything else.
      leave: (persisted) => {
        if (persisted) this.#channel.suspend();
      },
      freeze: () => this.#channel.suspend(),
      back: () => this.#rejoin(),
      resume: () => this.#rejoin(),
    });
  }

  #rejoin(): void {
    if (this.mode === 'single-user') return;
    this.#channel.resume();
    if (this.mode === 'multi-user' && this.session.state !== 'checking') void this.checkSession();
  }

  /** The session as provided to descendants. Read-only for the page: use the methods to change it. */
  @provide({ context: sessionContext })
  @state()
  session: SessionState = this.#initialState();

  #initialState(): SessionState {
    return {
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
      actions: this.#actions,
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('input', this.#onInput);
    this.addEventListener('focusin', this.#onFocusIn);
    this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('input', this.#onInput);
    this.removeEventListener('focusin', this.#onFocusIn);
  }

  // ---- focus: never dropped to <body> by what this element renders ----

  /** The page content (a field, the bar) that last had focus: where focus goes back after a login. */
  #lastFocusedContent: HTMLElement | null = null;
  /** Whether something in this element's own shadow tree had focus before the render. */
  #hadFocus = false;

  #onFocusIn = (event: FocusEvent) => {
    // Focus in the shadow tree is retargeted to this element; anything else is slotted page content.
    if (event.target !== this && event.target instanceof HTMLElement) this.#lastFocusedContent = event.target;
  };

  /**
   * Called when something rendered here took the focus with it (the login form after a login, the Log out button
   * after a logout, the expiry dialog's last button): the login form's first field, or back where the user was
   * in the page, or the account line.
   */
  #restoreFocus(): void {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    // Still on something the user can see: leave it there. (A button of a dialog that just closed still has focus
    // until the browser's next rendering step moves it to <body>.)
    if (active && active !== document.body && active.isConnected && active.checkVisibility()) return;
    const username = this.renderRoot.querySelector<HTMLInputElement>('input[name=username]');
    if (username) return username.focus();
    if (this.#lastFocusedContent?.isConnected) return this.#lastFocusedContent.focus();
    this.renderRoot.querySelector<HTMLElement>('.account')?.focus();
  }

  #onWarningClosed = () => this.#restoreFocus();

  protected override update(changed: PropertyValues<this>): void {
    this.#hadFocus = this.shadowRoot?.activeElement != null;
    super.update(changed);
  }

  protected override updated(): void {
    if (this.#hadFocus && this.shadowRoot?.activeElement == null) this.#restoreFocus();
  }

  #onInput = () => {
    this.#changedSinceSave = true;
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase')) this.#set({ apiBase: this.apiBase });
    if ((changed.has('mode') && changed.get('mode') !== undefined) || (changed.has('apiBase') && changed.get('apiBase') !== undefined)) {
      this.#start();
    } else if ((changed.has('checkInterval') || changed.has('warningThreshold')) && isLive(this.session)) {
      this.#reschedule();
    }
  }

  #start(): void {
    this.#heartbeat.stop();
    this.#channel.suspend();
    if (this.mode === 'single-user') {
      this.#set({
        state: 'active',
        mode: 'single-user',
        user: 'local',
        expiresAt: null,
        reason: null,
        message: null,
        apiBase: this.apiBase,
        generation: this.session.generation + 1,
      });
      return;
    }
    this.#set({ state: 'checking', mode: 'multi-user', user: null, apiBase: this.apiBase });
    this.#channel.resume();
    void this.checkSession();
  }

  // ---- public API (also provided to descendants as `session.actions`) ----

  /** Logs in; on success the session is active and every descendant is told. Never throws. */
  async login(username: string, password: string): Promise<ActionResult> {
    if (this.mode === 'single-user') return OK;
    const api = this.#api;
    const result = await api.login(username, password);
    if (!result.ok) return this.#failed(result.code, result.phrase);
    // A browser may refuse the cookie (the page on another site, cookies blocked): the login answers 200 and every
    // request after it is anonymous, which would later read as "logged out in another tab". One check tells.
    const check = await api.status();
    if (!check.ok && check.status === 401 && check.code === ErrorCode.NotAuthenticated) {
      tellIntegratorOnce(
        COOKIE_BLOCKED,
        `the browser did not keep the session cookie of ${api.origin} on ${location.origin}. The cookie is SameSite=Strict: ` +
          'the page and the service must be on the same site (scheme and registrable domain), and the browser must not block its cookies.',
      );
      return this.#failed(COOKIE_BLOCKED, ['cookieBlocked']);
    }
    this.#ending = null;
    this.#savedBeforeEnd = null;
    this.lastSave = null;
    const body = result.body;
    this.#idleTimeoutSeconds = body.idleTimeoutSeconds ?? null;
    this.#set({ user: body.user, reason: null, message: null, generation: this.session.generation + 1 });
    this.#applyTimes(body.expiresAt, body.lastActivityAt, clockOffset(body.serverTime, result.sentAt, result.receivedAt));
    this.#share('login');
    emit(this, 'session-login', { user: body.user });
    return OK;
  }

  /** Saves pending work, ends the session on the server, and shows the login form. */
  async logout(): Promise<ActionResult> {
    if (this.mode === 'single-user') return OK;
    const user = this.session.user;
    if (isLive(this.session)) {
      // Every tab lets its recording finish and saves, this one included, before the server ends the session.
      const others = this.#channel.requestSaves(true, FINISH_TIMEOUT_MS + 2_000);
      await this.#finishPendingWork();
      this.lastSave = await this.saveAllPendingData();
      await others;
    }
    this.#heartbeat.stop();
    // Signed out before the request, so the socket closes as intended and its 4000 is not taken for a loss.
    this.#set({ state: 'signed-out', user: null, expiresAt: null, reason: 'LOGGED_OUT', message: ['loggedOutHere'] });
    // The other tabs first (they saved already): told after the server, they would take their sockets' 4000 for a loss.
    this.#channel.post({ type: 'logged-out' });
    const result = await this.#api.logout();
    emit(this, 'session-logout', { user });
    return result.ok ? OK : this.#failed(result.code, result.phrase);
  }

  /** Adds the extension time to the session. A failure is returned (and shown by the warning), never swallowed. */
  async extend(): Promise<ActionResult> {
    if (this.mode === 'single-user') return OK;
    const generation = this.session.generation;
    const result = await this.#api.extend();
    if (this.session.generation !== generation) return this.#failed('SUPERSEDED', ['supersededByLogin']);
    if (!result.ok) {
      if (result.status === 401) await this.#lose(reasonForErrorCode(result.code));
      return this.#failed(result.code, ['extendFailed', this.#t.phrase(result.phrase)]);
    }
    this.#savedBeforeEnd = null;
    const offset = clockOffset(result.body.serverTime, result.sentAt, result.receivedAt);
    this.#applyTimes(result.body.expiresAt, result.body.serverTime, offset);
    this.#share('extend');
    emit(this, 'session-extended', { expiresAt: this.session.expiresAt });
    return OK;
  }

  /** A status check was answered 503 SESSION_STORE_UNAVAILABLE while no session was known here: checking again. */
  #storeDown = false;

  /** Asks the server for the session's status now. Checking is not activity: it never extends the session. */
  async checkSession(): Promise<ActionResult> {
    if (this.mode === 'single-user') return OK;
    const generation = this.session.generation;
    const result = await this.#api.status();
    // A login happened while this was in flight: its answer is about the session before.
    if (this.session.generation !== generation) return result.ok ? OK : this.#failed(result.code, result.phrase);
    const storeWasDown = this.#storeDown;
    this.#storeDown = false;
    if (result.ok) {
      this.#idleTimeoutSeconds = result.body.idleTimeoutSeconds ?? null;
      const offset = clockOffset(result.body.serverTime, result.sentAt, result.receivedAt);
      if (!isLive(this.session)) this.#set({ user: result.body.user, generation: this.session.generation + 1 });
      this.#applyTimes(result.body.expiresAt, result.body.lastActivityAt, offset);
      this.#share('check');
      return OK;
    }
    if (result.status === 401) {
      if (isLive(this.session)) {
        await this.#lose(reasonForErrorCode(result.code));
      } else if (this.session.state === 'checking' || storeWasDown) {
        // A fresh page: say why an old session is gone, but there is nothing to save and nobody to alert.
        const reason = result.code === 'NOT_AUTHENTICATED' ? null : reasonForErrorCode(result.code);
        this.#set({ state: 'signed-out', reason, message: reason && END_MESSAGES[reason] });
      }
    } else if (this.session.state === 'checking' || storeWasDown) {
      // The server's session store is out of reach for a moment (503): the session may well be live. Ask again as
      // the server says, and carry on without a new login when it answers.
      const storeDown = result.code === 'SESSION_STORE_UNAVAILABLE';
      this.#set({ state: 'signed-out', message: storeDown ? ['storeDownChecking'] : result.phrase });
      if (storeDown) {
        this.#storeDown = true;
        window.setTimeout(() => {
          if (this.#storeDown && this.isConnected && this.session.state === 'signed-out') void this.checkSession();
        }, STORE_RETRY_MS);
      }
    } else if (isLive(this.session)) {
      // Unreachable server: keep going on what we know, and end the session ourselves if its time has passed.
      if (this.session.expiresAt !== null && serverNow(this.session) >= this.session.expiresAt) {
        await this.#lose('SESSION_EXPIRED');
      } else {
        this.#reschedule();
      }
    }
    return this.#failed(result.code, result.phrase);
  }

  #failed(code: string, phrase: Phrase): ActionResult {
    return { ok: false, code, phrase, message: this.#t.phrase(phrase) };
  }

  /** Runs every registered pending-work saver; resolves `{ saved, errors }` and never rejects. */
  async saveAllPendingData(): Promise<EmergencySaveResult> {
    const works = [...this.#pending];
    const results = await Promise.allSettled(works.map(async (work) => work.save()));
    const result: EmergencySaveResult = { saved: 0, errors: [] };
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') result.saved += Number(r.value) || 0;
      else result.errors.push(`${works[i]!.name}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
    });
    this.#set({ lastSave: { at: Date.now(), ok: result.errors.length === 0 && result.saved > 0 } });
    return result;
  }

  /** Lets pending work finish what is in progress (a recording's last words) before a logout saves it. */
  async #finishPendingWork(): Promise<void> {
    const finishing = [...this.#pending].map((work) => work.finish?.().catch(() => undefined));
    await Promise.race([Promise.all(finishing), new Promise((resolve) => setTimeout(resolve, FINISH_TIMEOUT_MS))]);
  }

  /** Registers work to save before the session ends. Returns a function that unregisters it. */
  registerPendingWork(work: PendingWork): () => void {
    this.#pending.add(work);
    return () => this.#pending.delete(work);
  }

  // ---- internals ----

  #set(patch: Partial<SessionState>): void {
    this.session = { ...this.session, ...patch };
  }

  /** The server's idle timeout, from the last login or status check. */
  #idleTimeoutSeconds: number | null = null;
  #clampLogged = false;

  /**
   * `warning-threshold`, but never more than half the server's idle timeout (a threshold at or above it would open
   * the warning at login and lock the page), and never less than 20 s (WCAG 2.2.1).
   */
  get #thresholdMs(): number {
    const idle = this.#idleTimeoutSeconds;
    let seconds = this.warningThreshold;
    if (idle !== null && seconds > idle / 2) {
      seconds = idle / 2;
      if (!this.#clampLogged) {
        this.#clampLogged = true;
        console.warn(
          `<session-manager>: warning-threshold ${this.warningThreshold} s is too long for the server's idle timeout of ${idle} s; the warning opens ${Math.max(MIN_WARNING_SECONDS, seconds)} s before expiry instead.`,
        );
      }
    }
    return Math.max(MIN_WARNING_SECONDS, seconds) * 1000;
  }

  /** Server times as the server sends them (ISO strings), or as another tab shares them (epoch ms). */
  #applyTimes(expiresAt: string | number | null, lastActivityAt: string | number | null, offset: number): void {
    const expiry = toEpoch(expiresAt);
    const previous = this.session.state;
    let next: SessionStateName = 'active';
    if (expiry !== null && expiry - (Date.now() + offset) <= this.#thresholdMs) next = 'expiring';
    if (next === 'active') this.#savedBeforeEnd = null;
    this.#set({
      state: next,
      expiresAt: expiry,
      lastActivityAt: toEpoch(lastActivityAt),
      clockOffset: offset,
      reason: null,
      message: null,
    });
    this.#reschedule();
    if (next === 'expiring' && previous !== 'expiring') emit(this, 'session-warning', { expiresAt: expiry });
  }

  #reschedule(): void {
    if (this.mode === 'single-user') return;
    const { expiresAt, clockOffset: offset } = this.session;
    const checkEveryMs = Math.max(1, this.checkInterval) * 1000;
    if (expiresAt === null) {
      this.#heartbeat.schedule({ checkEveryMs, warnAt: 0, saveAt: 0, finalSaveAt: 0, expireAt: 0 });
      return;
    }
    const localExpiry = expiresAt - offset;
    this.#heartbeat.schedule({
      checkEveryMs,
      warnAt: localExpiry - this.#thresholdMs,
      saveAt: localExpiry - Math.min(SAVE_LEAD_MS, this.#thresholdMs),
      finalSaveAt: localExpiry - FINAL_SAVE_LEAD_MS,
      expireAt: localExpiry + EXPIRY_CHECK_DELAY_MS,
    });
  }

  async #saveBeforeExpiry(): Promise<void> {
    if (this.session.state !== 'expiring' || this.#savedBeforeEnd) return;
    this.#changedSinceSave = false;
    this.#savedBeforeEnd = await this.saveAllPendingData();
  }

  /** Just before expiry: save again if anything was typed or dictated after the first save. */
  async #finalSave(): Promise<void> {
    if (this.session.state !== 'expiring' || !this.#savedBeforeEnd || !this.#changedSinceSave) return;
    this.#changedSinceSave = false;
    const second = await this.saveAllPendingData();
    this.#savedBeforeEnd = { saved: Math.max(this.#savedBeforeEnd.saved, second.saved), errors: second.errors };
  }

  /**
   * The session ended without the user asking: save (unless done just before), tell everyone (the other tabs too,
   * when `share`), then log in again.
   */
  #lose(reason: SessionEndReason, share = true): Promise<void> {
    if (!isLive(this.session)) return this.#ending ?? Promise.resolve();
    if (share) this.#channel.post({ type: 'ended', reason });
    this.#ending ??= (async () => {
      this.#heartbeat.stop();
      const save = this.#savedBeforeEnd ?? (await this.saveAllPendingData());
      this.#savedBeforeEnd = null;
      this.lastSave = save;
      const text = END_MESSAGES[reason];
      this.#set({ state: reason === 'SESSION_EXPIRED' ? 'expired' : 'ended', reason, message: text });
      emit(this, 'session-ended', { reason, message: this.#t.phrase(text), save });
      window.dispatchEvent(new Event('session:expired'));
      if (this.loginUrl) window.location.assign(this.loginUrl);
    })();
    return this.#ending;
  }

  /** A heartbeat time (interval, warning, expiry): the leading tab asks the server; the others wait for its answer. */
  #timedCheck(): void {
    if (this.#channel.leader) {
      void this.checkSession();
      return;
    }
    const heard = this.#heardFromTabsAt;
    setTimeout(() => {
      // The leader was silent (frozen, just closed, or gone without a lock): ask ourselves.
      if (this.#heardFromTabsAt === heard && isLive(this.session)) void this.checkSession();
    }, FOLLOWER_FALLBACK_MS);
  }

  /** Tells the other tabs what this one just learned from the server. */
  #share(cause: 'login' | 'check' | 'extend'): void {
    const { user, expiresAt, lastActivityAt, clockOffset: offset } = this.session;
    if (!user) return;
    this.#channel.post({
      type: 'session',
      cause,
      snapshot: { user, expiresAt, lastActivityAt, clockOffset: offset, idleTimeoutSeconds: this.#idleTimeoutSeconds },
    });
  }

  async #onTabMessage(message: TabMessage): Promise<void> {
    if (this.mode === 'single-user') return;
    this.#heardFromTabsAt = Date.now();
    switch (message.type) {
      case 'session':
        this.#adopt(message.cause, message.snapshot);
        return;
      case 'ended':
        await this.#lose(message.reason, false);
        return;
      case 'logged-out': {
        const user = this.session.user;
        if (!isLive(this.session)) return;
        this.#heartbeat.stop();
        this.#set({ state: 'signed-out', user: null, expiresAt: null, reason: 'LOGGED_OUT', message: END_MESSAGES.LOGGED_OUT });
        emit(this, 'session-logout', { user });
        return;
      }
      case 'save':
        if (!isLive(this.session)) return;
        await this.#channel.answerSave(message.id, async () => {
          if (message.finish) await this.#finishPendingWork();
          this.lastSave = await this.saveAllPendingData();
        });
        return;
    }
  }

  /** What another tab learned: the same session (new times), a login, or another user's login in this browser. */
  #adopt(cause: 'login' | 'check' | 'extend', snapshot: SessionSnapshot): void {
    const live = isLive(this.session);
    if (live && snapshot.user !== this.session.user) {
      // The browser's cookie is now another user's: this page's work belongs to the user who was here.
      void this.#lose('SESSION_REPLACED', false);
      return;
    }
    if (snapshot.expiresAt === null) return;
    if (!live) {
      this.#ending = null;
      this.#savedBeforeEnd = null;
      this.#set({ user: snapshot.user, reason: null, message: null, generation: this.session.generation + 1 });
    }
    this.#idleTimeoutSeconds = snapshot.idleTimeoutSeconds;
    this.#applyTimes(snapshot.expiresAt, snapshot.lastActivityAt, snapshot.clockOffset);
    if (!live) emit(this, 'session-login', { user: snapshot.user });
    else if (cause === 'extend') emit(this, 'session-extended', { expiresAt: this.session.expiresAt });
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
    const t = this.#t;
    const needsLogin = name === 'signed-out' || name === 'expired' || name === 'ended';
    if (needsLogin && this.loginUrl) return html`<slot></slot>`;
    return html`
      <slot name="warning"
        ><session-expiry-warning theme=${this.theme} @session-warning-closed=${this.#onWarningClosed}></session-expiry-warning
      ></slot>
      ${needsLogin ? this.#renderLogin(t.phrase(message)) : nothing}
      ${isLive(this.session)
        ? html`<div class="account themed" part="account" tabindex="-1" lang=${t.lang}>
            <span>${t.term('signedInAs')} <strong>${user}</strong></span>
            <button type="button" @click=${() => this.logout()}>${t.term('logOut')}</button>
          </div>`
        : nothing}
      <slot></slot>
    `;
  }

  #renderLogin(message: string | null) {
    const t = this.#t;
    const save = this.lastSave;
    const saveNote =
      save && (save.saved > 0 || save.errors.length > 0)
        ? t.term('savedBeforeEnd', save.saved) + (save.errors.length ? ` ${t.term('notSaved', save.errors.join('; '))}` : '')
        : '';
    return html`
      <section class="login themed" part="login" aria-labelledby="login-title" lang=${t.lang}>
        <slot name="login">
          <form part="login-form" @submit=${this.#onLoginSubmit}>
            <h2 id="login-title">${t.term('loginTitle')}</h2>
            <p class="notice" role="status" ?hidden=${!message && !saveNote}>${message} ${saveNote}</p>
            <label
              >${t.term('username')}
              <input
                name="username"
                autocomplete="username"
                required
                aria-invalid=${this.loginInvalid ? 'true' : 'false'}
                aria-describedby="login-error"
            /></label>
            <label
              >${t.term('password')}
              <input
                name="password"
                type="password"
                autocomplete="current-password"
                required
                aria-invalid=${this.loginInvalid ? 'true' : 'false'}
                aria-describedby="login-error"
            /></label>
            <p class="error" id="login-error" role="alert">${t.phrase(this.loginError)}</p>
            <button type="submit" ?disabled=${this.loginBusy}>${t.term(this.loginBusy ? 'loggingIn' : 'logIn')}</button>
          </form>
        </slot>
      </section>
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
