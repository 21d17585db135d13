import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CloseCode, DICTATION_SOCKET_PATH, ErrorCode, type ErrorMessage } from '../../protocol/index.js';
import { emit } from '../shared/emit.js';
import { endReasonForErrorCode } from '../shared/end-reasons.js';
import { retryAfterMs } from '../shared/session-api.js';
import { isLive, type SessionState } from '../shared/session-context.js';
import { TimerGroup } from '../shared/timers.js';
import { DictationConnection, type ConnectionState, type KeepAliveTiming, type RecognitionMessage } from './dictation-connection.js';
import { endReasonForProblem, problemForEndReason, problemForErrorCode, type LinkProblem } from './link-problems.js';

/**
 * A socket that dropped without a close frame (1006) while the session is live is re-opened quietly, at most this
 * many times per minute; a link that keeps dropping is reported as lost.
 */
const QUIET_RECONNECTS_PER_MINUTE = 3;

/** The element the link belongs to: it renders the state and says the sentence the events carry. */
export interface LinkHost extends ReactiveControllerHost, HTMLElement {
  readonly session: SessionState | undefined;
  /** Reflected by the element. */
  state: ConnectionState;
  /** The status bar's sentence now (the events carry it). */
  readonly statusText: string;
}

export interface LinkOptions {
  timing(): KeepAliveTiming;
  /** The `socket-url` override, or '' for the session's API base. */
  socketUrl(): string;
  onRecognition(message: RecognitionMessage): void;
  onServerError(error: ErrorMessage): void;
  /** The link is up: kept speech can go. */
  onUp(): void;
  /** The link went down; `loggedOut`: closed because the user logged out here (the recording stops too). */
  onDown(loggedOut: boolean): void;
}

/**
 * When the dictation socket is open, and what a closed one means. Opens the link while the session is live and closes
 * it when it is not; after a loss only a new login reconnects. A socket that dropped without a reason (1006), or that
 * the server closed for a limit, is not judged alone: the server is asked whether the session lives, and a live one is
 * re-opened quietly. The page leaving closes it (4005); a page back from the back/forward cache asks first.
 */
export class LinkController implements ReactiveController {
  readonly connection: DictationConnection;
  problem: LinkProblem | null = null;
  problemCode: number | null = null;
  /** Asking the server whether the session outlived a dropped socket or a stay in the back/forward cache. */
  verifying = false;

  /** The login generation whose link was lost: no reconnecting until a new login. */
  #lostGeneration = -1;
  /** The page left (closed, navigated, back/forward cache): no link until it comes back. */
  #away = false;
  /** When the last quiet re-opens happened (performance.now()). */
  #quietReconnects: number[] = [];
  readonly #retry = new TimerGroup();

  readonly #host: LinkHost;
  readonly #options: LinkOptions;

  constructor(
    host: LinkHost,
    options: LinkOptions,
  ) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.connection = new DictationConnection(host, options.timing, {
      onStateChange: (state, problem, code) => void this.#onConnectionChange(state, problem, code),
      onServerError: (error) => options.onServerError(error),
      onRecognition: (message) => options.onRecognition(message),
    });
  }

  hostConnected(): void {
    // The status bar says what is true now: going offline or coming back changes its sentence (and a link that
    // failed to open while offline opens again).
    window.addEventListener('online', this.#onNetworkChange);
    window.addEventListener('offline', this.#onNetworkChange);
  }

  hostDisconnected(): void {
    this.#retry.clear();
    window.removeEventListener('online', this.#onNetworkChange);
    window.removeEventListener('offline', this.#onNetworkChange);
  }

  #onNetworkChange = () => this.#host.requestUpdate();

  /** Opens the link while the session is live, closes it when it is not. Runs before every render; true if it opened. */
  sync(): boolean {
    const session = this.#host.session;
    const live = isLive(session) && this.#host.isConnected;
    const current = this.connection.state;
    if (!live) {
      if (current === 'connecting' || current === 'ready') this.connection.close();
      return false;
    }
    if (this.#away || this.verifying) return false;
    const newLogin = session!.generation !== this.#lostGeneration;
    // After a lost link only a new login reconnects; after a failed open, coming back online does.
    const canOpen =
      current === 'idle' ||
      (current === 'lost' && newLogin) ||
      (current === 'failed' && this.problem === 'offline' && navigator.onLine);
    if (!canOpen || !newLogin) return false;
    this.problem = null;
    this.connection.open(this.#socketUrl(session!));
    return true;
  }

  /** Closes the link and forgets its errors; it opens again if the session is live. */
  reset(): void {
    this.connection.close();
    this.#lostGeneration = -1;
    this.problem = null;
    this.problemCode = null;
  }

  /** The Retry button: try to open the link again now. */
  retry = (): void => {
    this.#retry.clear();
    this.problem = null;
    this.connection.close();
  };

  /** The page is going away: tell the server, so the session ends after its grace unless the page comes back. */
  leave(): void {
    // A page in the back/forward cache must not hold a socket (and the session) open for as long as it sits there.
    this.#away = true;
    this.connection.close(CloseCode.PageLeft, 'Page left');
  }

  /** Back from the back/forward cache. */
  back(): void {
    this.#away = false;
    void this.#verifySession();
  }

  #socketUrl(session: SessionState): string {
    const override = this.#options.socketUrl();
    if (override) return override;
    const url = new URL(session.apiBase.replace(/\/$/, '') + DICTATION_SOCKET_PATH, document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  }

  #changed(state: ConnectionState, problem: LinkProblem | null, code: number | null): string {
    this.#host.state = state;
    this.problem = problem;
    this.problemCode = code;
    const message = this.#host.statusText;
    emit(this.#host, 'dictation-connection-change', { state, problem, code, message });
    return message;
  }

  /**
   * Ask the server before opening the link, so a session that ended while the page was away is reported with its
   * reason (and one that did not is joined again quietly).
   */
  async #verifySession(): Promise<void> {
    const session = this.#host.session;
    if (!session || !isLive(session)) return;
    this.verifying = true;
    this.#host.requestUpdate();
    const generation = session.generation;
    await session.actions.checkSession();
    this.verifying = false;
    const now = this.#host.session;
    if (now && !isLive(now) && now.reason && now.generation === generation) {
      // Ended while the page was away: say why in the alert, as for a link lost in front of the user.
      this.#lostGeneration = generation;
      this.#changed('lost', problemForEndReason(now.reason), null);
    }
    this.#host.requestUpdate();
  }

  /**
   * A socket that dropped without a close frame says nothing about the session: a frozen tab, a proxy or load
   * balancer that reset the connection, a server that died. Ask the server. A live session means only the socket
   * died: re-open it quietly (the server keeps the session for its grace; speech in flight is replayed). An ended
   * session is reported with the server's reason; no answer at all is a lost connection.
   */
  async #recheckAfterDrop(problem: LinkProblem): Promise<LinkProblem | null> {
    const session = this.#host.session!;
    const now = performance.now();
    this.#quietReconnects = this.#quietReconnects.filter((at) => now - at < 60_000);
    if (this.#quietReconnects.length >= QUIET_RECONNECTS_PER_MINUTE || !isLive(session)) return problem;
    this.verifying = true;
    this.#host.state = 'connecting';
    emit(this.#host, 'dictation-connection-change', { state: 'connecting', problem: null, code: null, message: this.#host.statusText });
    const check = await session.actions.checkSession();
    this.verifying = false;
    const current = this.#host.session;
    if (this.connection.state !== 'lost' || current?.generation !== session.generation) return null; // superseded
    if (check.ok && isLive(current)) {
      this.#quietReconnects.push(now);
      this.connection.open(this.#socketUrl(current));
      return null;
    }
    // The server cannot reach its session store for a moment: the session is not known to have ended, so nothing is
    // lost. Re-open: the upgrade answers 503 too, and the bar says so and tries again until the store is back.
    if (!check.ok && check.code === ErrorCode.SessionStoreUnavailable && isLive(current)) {
      this.connection.open(this.#socketUrl(current));
      return null;
    }
    return check.ok ? problem : (problemForErrorCode(check.code) ?? problem);
  }

  async #onConnectionChange(state: ConnectionState, problem: LinkProblem | null, code: number | null): Promise<void> {
    const session = this.#host.session;
    // A drop the server did not explain, or a limit it closed this socket for: the session may well be live.
    const recheck = code === CloseCode.Abnormal || code === CloseCode.NotReading || code === CloseCode.RateExceeded;
    if (state === 'lost' && recheck && problem && session && !this.#away) {
      this.#options.onDown(false);
      const confirmed = await this.#recheckAfterDrop(problem);
      if (confirmed === null) return; // re-opened quietly, or superseded
      problem = confirmed;
    }
    if (state === 'failed' && problem === 'connection-refused' && session) {
      // The browser hides the upgrade's HTTP status; ask the API whether the session is the reason.
      const check = await session.actions.checkSession();
      if (!check.ok && endReasonForErrorCode(check.code)) problem = 'unauthorized';
      else if (!check.ok && check.code === ErrorCode.SessionStoreUnavailable) problem = 'session-service-unavailable';
      else if (check.ok) problem = 'connection-rejected';
      if (this.connection.state !== state) return; // superseded while we asked (a retry, a new login)
      // The server's session store is out of reach for a moment (503): try again by itself, when it says to.
      if (problem === 'session-service-unavailable') {
        this.#retry.clear();
        this.#retry.after(retryAfterMs(check.ok ? {} : check), () => {
          if (this.#host.isConnected && this.#host.state === 'failed' && this.problem === 'session-service-unavailable') this.retry();
        });
      }
    }
    if (state === 'ready') this.#options.onUp();
    // The link went down: recording goes on onto this device, unless the user logged out here.
    else this.#options.onDown(state === 'idle' && this.#host.session?.reason === 'LOGGED_OUT');
    const message = this.#changed(state, problem, code);
    const now = this.#host.session;
    if (state === 'lost' && problem && now) {
      this.#lostGeneration = now.generation;
      emit(this.#host, 'dictation-connection-lost', { problem, code, message });
      now.actions.reportSessionLost(endReasonForProblem(problem));
    }
  }
}
