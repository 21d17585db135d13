import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode } from '../../protocol/index.js';
import { emit } from '../shared/emit.js';
import { endReasonForErrorCode } from '../shared/end-reasons.js';
import type { LocalizeController, Phrase } from '../shared/localize.js';
import { SessionApi, clockOffset, retryAfterMs, tellIntegratorOnce, type ApiResult } from '../shared/session-api.js';
import {
  isLive,
  serverNow,
  type ActionResult,
  type EmergencySaveResult,
  type SessionActions,
  type SessionEndReason,
  type SessionMode,
  type SessionState,
} from '../shared/session-context.js';
import { TimerGroup } from '../shared/timers.js';
import { expiryPlan, MIN_WARNING_SECONDS, stateAt, warningThreshold } from './expiry-plan.js';
import { HeartbeatController } from './heartbeat-controller.js';
import { COOKIE_BLOCKED, END_MESSAGES } from './messages.js';
import { FINISH_TIMEOUT_MS, PendingWorkList } from './pending-work.js';
import { TabSync } from './tab-sync.js';
import { unfinishedLogout } from './unfinished-logout.js';

/** Ends that only this tab saw (its own link): the other tabs' links and the server may be fine. */
const LOCAL_REASONS: ReadonlySet<SessionEndReason> = new Set(['CONNECTION_LOST', 'KEEPALIVE_TIMEOUT']);

const OK: ActionResult = { ok: true };

const toEpoch = (time: string | number | null): number | null => (typeof time === 'string' ? Date.parse(time) : time);

/** The element the session belongs to: its attributes, and the session it provides. */
export interface SessionHost extends ReactiveControllerHost, HTMLElement {
  session: SessionState;
  readonly mode: SessionMode;
  readonly apiBase: string;
  readonly checkInterval: number;
  readonly warningThreshold: number;
  readonly loginUrl: string;
}

/**
 * The session's state machine, for `<session-manager>`: login, logout, extend and check against the server; the
 * heartbeat and its plan (warning, saves, expiry) from the server's clock; the emergency save; losing the session
 * (saved first, said once, shared with the other tabs); and a 503 from the session store, asked again when the server
 * says. The element renders `host.session`, which is replaced (never mutated) on every change.
 */
export class SessionController implements ReactiveController {
  #lastSave: EmergencySaveResult | null = null;
  readonly pending = new PendingWorkList();
  readonly actions: SessionActions = {
    login: (u, p) => this.login(u, p),
    logout: () => this.logout(),
    extend: () => this.extend(),
    checkSession: () => this.checkSession(),
    saveAllPendingData: () => this.saveAll(),
    registerPendingWork: (work) => this.pending.register(work),
    // A socket's own close: the ends that only this tab's link saw are not shared with the other tabs.
    reportSessionLost: (reason) => void this.lose(reason, !LOCAL_REASONS.has(reason)),
  };

  #ending: Promise<void> | null = null;
  /** The save that already ran for the session ending now, so it is not repeated after the 401. */
  #savedBeforeEnd: EmergencySaveResult | null = null;
  /** The page's fields changed (typed or dictated) since the last emergency save. */
  changedSinceSave = false;
  /** A status check was answered 503 SESSION_STORE_UNAVAILABLE while no session was known here: checking again. */
  #storeDown = false;
  readonly #storeRetry = new TimerGroup();
  /** The server's idle timeout, from the last login or status check. */
  idleTimeoutSeconds: number | null = null;
  #clampLogged = false;

  readonly heartbeat: HeartbeatController;
  readonly tabs: TabSync;

  readonly #host: SessionHost;
  readonly #t: LocalizeController;

  constructor(
    host: SessionHost,
    t: LocalizeController,
  ) {
    this.#host = host;
    this.#t = t;
    host.addController(this);
    this.heartbeat = new HeartbeatController(host, {
      check: () => this.tabs.timedCheck(),
      wake: () => void this.checkSession(),
      saveBeforeExpiry: () => void this.#saveBeforeExpiry(),
      finalSave: () => void this.#finalSave(),
    });
    this.tabs = new TabSync(host, this);
  }

  /** The last emergency save, for the login panel. */
  get lastSave(): EmergencySaveResult | null {
    return this.#lastSave;
  }

  set lastSave(save: EmergencySaveResult | null) {
    this.#lastSave = save;
    this.#host.requestUpdate();
  }

  /** Built from `api-base` at the time of each call, so an attribute set after construction is honoured. */
  get #api(): SessionApi {
    return new SessionApi(this.#host.apiBase);
  }

  get #multiUser(): boolean {
    return this.#host.mode !== 'single-user';
  }

  hostDisconnected(): void {
    this.#storeRetry.clear();
  }

  /** (Re)starts from the attributes: single-user is live at once; multi-user asks the server. */
  start(): void {
    this.heartbeat.stop();
    this.tabs.channel.suspend();
    if (!this.#multiUser) {
      this.set({ state: 'active', mode: 'single-user', user: 'local', expiresAt: null, reason: null, message: null, apiBase: this.#host.apiBase, generation: this.#host.session.generation + 1 });
      return;
    }
    this.set({ state: 'checking', mode: 'multi-user', user: null, apiBase: this.#host.apiBase });
    this.tabs.channel.resume();
    void this.#finishLogout().then(() => this.checkSession());
  }

  /** A logout that never reached the server is sent before anything else (see `unfinished-logout.ts`). */
  async #finishLogout(): Promise<void> {
    const api = this.#api;
    if (unfinishedLogout.pending(api.origin) && (await api.logout()).ok) unfinishedLogout.forget(api.origin);
  }

  set(patch: Partial<SessionState>): void {
    this.#host.session = { ...this.#host.session, ...patch };
  }

  /** A new session (a login here or in another tab): what the last one had planned is forgotten. */
  began(user: string): void {
    this.#ending = null;
    this.#savedBeforeEnd = null;
    this.set({ user, reason: null, message: null, generation: this.#host.session.generation + 1 });
  }

  async login(username: string, password: string): Promise<ActionResult> {
    if (!this.#multiUser) return OK;
    const api = this.#api;
    const result = await api.login(username, password);
    if (!result.ok) return this.failed(result);
    // A browser may refuse the cookie (the page on another site, cookies blocked): the login answers 200 and every
    // request after it is anonymous, which would later read as "logged out in another tab". One check tells.
    const check = await api.status();
    if (!check.ok && check.status === 401 && check.code === ErrorCode.NotAuthenticated) {
      tellIntegratorOnce(
        COOKIE_BLOCKED,
        `the browser did not keep the session cookie of ${api.origin} on ${location.origin}. The cookie is SameSite=Strict: ` +
          'the page and the service must be on the same site (scheme and registrable domain), and the browser must not block its cookies.',
      );
      return this.failed({ code: COOKIE_BLOCKED, phrase: ['cookieBlocked'] });
    }
    this.lastSave = null;
    const body = result.body;
    this.idleTimeoutSeconds = body.idleTimeoutSeconds ?? null;
    this.began(body.user);
    this.applyTimes(body.expiresAt, body.lastActivityAt, clockOffset(body.serverTime, result.sentAt, result.receivedAt));
    this.tabs.share('login');
    emit(this.#host, 'session-login', { user: body.user });
    return OK;
  }

  async logout(): Promise<ActionResult> {
    if (!this.#multiUser) return OK;
    const user = this.#host.session.user;
    if (isLive(this.#host.session)) {
      // Every tab lets its recording finish and saves, this one included, before the server ends the session.
      const others = this.tabs.channel.requestSaves(true, FINISH_TIMEOUT_MS + 2_000);
      await this.pending.finish();
      this.lastSave = await this.saveAll();
      await others;
    }
    this.heartbeat.stop();
    // Signed out before the request, so the socket closes as intended and its 4000 is not taken for a loss.
    this.set({ state: 'signed-out', user: null, expiresAt: null, reason: 'LOGGED_OUT', message: ['loggedOutHere'] });
    // The other tabs first (they saved already): told after the server, they would take their sockets' 4000 for a loss.
    this.tabs.channel.post({ type: 'logged-out' });
    const api = this.#api;
    const result = await api.logout();
    if (!result.ok) {
      // Logged out here all the same; the page says the server could not end the session (yet).
      if (result.status === 0) unfinishedLogout.remember(api.origin);
      this.set({ message: ['loggedOutServerLater'] });
    }
    emit(this.#host, 'session-logout', { user });
    return result.ok ? OK : this.failed(result);
  }

  async extend(): Promise<ActionResult> {
    if (!this.#multiUser) return OK;
    const generation = this.#host.session.generation;
    const result = await this.#api.extend();
    if (this.#host.session.generation !== generation) return this.failed({ code: 'SUPERSEDED', phrase: ['supersededByLogin'] });
    if (!result.ok) {
      if (result.status === 401) await this.lose(endReasonForErrorCode(result.code) ?? 'LOGGED_OUT');
      return this.failed({ ...result, phrase: ['extendFailed', this.#t.phrase(result.phrase)] });
    }
    this.#savedBeforeEnd = null;
    const offset = clockOffset(result.body.serverTime, result.sentAt, result.receivedAt);
    this.applyTimes(result.body.expiresAt, result.body.serverTime, offset);
    this.tabs.share('extend');
    emit(this.#host, 'session-extended', { expiresAt: this.#host.session.expiresAt });
    return OK;
  }

  async checkSession(): Promise<ActionResult> {
    if (!this.#multiUser) return OK;
    const session = this.#host.session;
    const result = await this.#api.status();
    // A login happened while this was in flight: its answer is about the session before.
    if (this.#host.session.generation !== session.generation) return result.ok ? OK : this.failed(result);
    const storeWasDown = this.#storeDown;
    this.#storeDown = false;
    if (result.ok) {
      this.idleTimeoutSeconds = result.body.idleTimeoutSeconds ?? null;
      const offset = clockOffset(result.body.serverTime, result.sentAt, result.receivedAt);
      if (!isLive(this.#host.session)) this.set({ user: result.body.user, generation: this.#host.session.generation + 1 });
      this.applyTimes(result.body.expiresAt, result.body.lastActivityAt, offset);
      this.tabs.share('check');
      return OK;
    }
    const fresh = this.#host.session.state === 'checking' || storeWasDown;
    if (result.status === 401) {
      const reason = endReasonForErrorCode(result.code) ?? 'LOGGED_OUT';
      if (isLive(this.#host.session)) await this.lose(reason);
      // A fresh page: say why an old session is gone, but there is nothing to save and nobody to alert.
      else if (fresh) this.#signedOut(result.code === ErrorCode.NotAuthenticated ? null : reason);
    } else if (fresh) {
      this.#storeUnavailable(result);
    } else if (isLive(this.#host.session)) {
      // Unreachable server: keep going on what we know, and end the session ourselves if its time has passed.
      const { expiresAt } = this.#host.session;
      if (expiresAt !== null && serverNow(this.#host.session) >= expiresAt) await this.lose('SESSION_EXPIRED');
      else this.reschedule();
    }
    return this.failed(result);
  }

  #signedOut(reason: SessionEndReason | null): void {
    this.set({ state: 'signed-out', reason, message: reason && END_MESSAGES[reason] });
  }

  /**
   * No answer about the session on a fresh page. The server's session store out of reach for a moment (503): the
   * session may well be live; ask again when the server says, and carry on without a new login when it answers.
   */
  #storeUnavailable(result: Extract<ApiResult<unknown>, { ok: false }>): void {
    const storeDown = result.code === ErrorCode.SessionStoreUnavailable;
    this.set({ state: 'signed-out', message: storeDown ? ['storeDownChecking'] : result.phrase });
    if (!storeDown) return;
    this.#storeDown = true;
    this.#storeRetry.clear();
    this.#storeRetry.after(retryAfterMs(result), () => {
      if (this.#storeDown && this.#host.isConnected && this.#host.session.state === 'signed-out') void this.checkSession();
    });
  }

  failed(result: { code: string; phrase: Phrase; retryAfter?: number }): ActionResult {
    const { code, phrase, retryAfter } = result;
    return { ok: false, code, phrase, message: this.#t.phrase(phrase), retryAfter };
  }

  async saveAll(): Promise<EmergencySaveResult> {
    const result = await this.pending.saveAll();
    this.set({ lastSave: { at: Date.now(), ok: result.errors.length === 0 && result.saved > 0 } });
    return result;
  }

  get #thresholdMs(): number {
    const { warningThreshold: asked } = this.#host;
    const { ms, clamped } = warningThreshold(asked, this.idleTimeoutSeconds);
    if (clamped && !this.#clampLogged) {
      this.#clampLogged = true;
      console.warn(
        `<session-manager>: warning-threshold ${asked} s is too long for the server's idle timeout of ${this.idleTimeoutSeconds} s; the warning opens ${Math.max(MIN_WARNING_SECONDS, this.idleTimeoutSeconds! / 2)} s before expiry instead.`,
      );
    }
    return ms;
  }

  /** Server times as the server sends them (ISO strings), or as another tab shares them (epoch ms). */
  applyTimes(expiresAt: string | number | null, lastActivityAt: string | number | null, offset: number): void {
    const expiry = toEpoch(expiresAt);
    const previous = this.#host.session.state;
    const next = stateAt(expiry, Date.now() + offset, this.#thresholdMs);
    if (next === 'active') this.#savedBeforeEnd = null;
    this.set({ state: next, expiresAt: expiry, lastActivityAt: toEpoch(lastActivityAt), clockOffset: offset, reason: null, message: null });
    this.reschedule();
    if (next === 'expiring' && previous !== 'expiring') emit(this.#host, 'session-warning', { expiresAt: expiry });
  }

  reschedule(): void {
    if (this.#multiUser) this.heartbeat.schedule(expiryPlan(this.#host.session, this.#host.checkInterval, this.#thresholdMs));
  }

  async #saveBeforeExpiry(): Promise<void> {
    if (this.#host.session.state !== 'expiring' || this.#savedBeforeEnd) return;
    this.changedSinceSave = false;
    this.#savedBeforeEnd = await this.saveAll();
  }

  /** Just before expiry: save again if anything was typed or dictated after the first save. */
  async #finalSave(): Promise<void> {
    if (this.#host.session.state !== 'expiring' || !this.#savedBeforeEnd || !this.changedSinceSave) return;
    this.changedSinceSave = false;
    const second = await this.saveAll();
    this.#savedBeforeEnd = { saved: Math.max(this.#savedBeforeEnd.saved, second.saved), errors: second.errors };
  }

  /**
   * The session ended without the user asking: save (unless done just before), tell everyone (the other tabs too,
   * when `share`), then log in again.
   */
  lose(reason: SessionEndReason, share = true): Promise<void> {
    if (!isLive(this.#host.session)) return this.#ending ?? Promise.resolve();
    if (share) this.tabs.channel.post({ type: 'ended', reason });
    this.#ending ??= (async () => {
      this.heartbeat.stop();
      const save = this.#savedBeforeEnd ?? (await this.saveAll());
      this.#savedBeforeEnd = null;
      this.lastSave = save;
      const text = END_MESSAGES[reason];
      this.set({ state: reason === 'SESSION_EXPIRED' ? 'expired' : 'ended', reason, message: text });
      emit(this.#host, 'session-ended', { reason, message: this.#t.phrase(text), save });
      window.dispatchEvent(new Event('session:expired'));
      if (this.#host.loginUrl) window.location.assign(this.#host.loginUrl);
    })();
    return this.#ending;
  }
}
