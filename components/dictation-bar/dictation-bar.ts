import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { define } from '../shared/define.js';
import { consume } from '@lit/context';
import { CloseCode, DICTATION_SOCKET_PATH, ErrorCode, SESSION_ERROR_CODES, type ErrorMessage, type StopReason } from '../../protocol/index.js';
import { emit } from '../shared/emit.js';
import { isLive, SEAL_LEAD_MS, sessionContext, type SessionState } from '../shared/session-context.js';
import { PageLifecycleController } from '../shared/page-lifecycle.js';
import { LocalizeController, type Phrase } from '../shared/localize.js';
import { backgroundSafeTimers } from '../shared/timers.js';
import { DictationConnection, type ConnectionState } from './dictation-connection.js';
import {
  endReasonForProblem,
  problemForEndReason,
  problemForErrorCode,
  problemMessage,
  recordingProblemMessage,
  RECORDING_PROBLEM_FOR_ERROR,
  type LinkProblem,
} from './status-messages.js';
import { DEFAULT_WORKLET_URL } from './microphone-controller.js';
import { DictationRecorder, type Inserted, type RecordingState, type RecoveryState } from './dictation-recorder.js';
import type { AudioJournal } from './audio-journal.js';
import { HOLD_MS, ShortcutController } from './shortcut-controller.js';
import { TargetFieldController } from './target-field-controller.js';
import { formatDictation } from './text-formatter.js';
import { caretContext, insertAtCaret, isEditableField, placeCaret, type EditableField } from './text-insertion.js';
import { styles } from './dictation-bar.styles.js';
import type { Theme } from '../shared/theme-tokens.js';

export type { RecordingState, RecoveryState };

const MICROPHONE_STORAGE_KEY = 'dictation-bar:microphone';
/**
 * A socket that dropped without a close frame (1006) while the session is live is re-opened quietly, at most this
 * many times per minute; a link that keeps dropping is reported as lost.
 */
const QUIET_RECONNECTS_PER_MINUTE = 3;
/** The server's Retry-After for SESSION_STORE_UNAVAILABLE: the bar tries to open the link again this soon. */
const SERVICE_UNAVAILABLE_RETRY_MS = 2000;
/** How much of the text before the caret is kept to find the place again after a reload. */
const ANCHOR_CHARS = 80;

/** The place after `before` (the field's text up to the caret), as kept to find it again after a reload. */
const anchorAt = (before: string) => ({ before: before.slice(-ANCHOR_CHARS), offset: before.length });

/**
 * The dictation bar: a record button and a status bar that says, in words, the state of the link to the
 * dictation service. While the session from `<session-manager>` is live it keeps an authenticated WebSocket open
 * with request/reply keep-alives; every close code and failure has its own message. After a lost link, dictation
 * resumes after a new login (or `reset()` in a single-page app).
 *
 * Recording: a click (or the `shortcut`) starts and stops; holding either for longer than half a second is
 * push-to-talk and releasing it stops. Audio is streamed as 16 kHz PCM; the partial text shows in the bar, and
 * each final utterance is inserted at the caret of the `target` field (or the text field that last had focus),
 * with voice commands ("comma", "period", "new line", ...) turned into characters.
 *
 * No word is lost: the audio is kept until the server's text for it arrived. When the link dies mid-recording the
 * microphone goes on recording onto this device; after the next login that speech is transcribed and its text goes
 * where dictation stopped. What is kept survives a reload or a crashed tab (IndexedDB, encrypted).
 *
 * @summary Record button and status bar over a keep-alive WebSocket.
 *
 * @fires dictation-recording-change - Recording started or stopped. `detail: { recording, reason }`.
 * @fires dictation-text - Final text is about to be inserted. Cancelable: cancel it to insert it yourself.
 *   `detail: { text, raw, field }`.
 * @fires dictation-connection-change - The link changed state. `detail: { state, problem, code, message }`.
 * @fires dictation-connection-lost - An established link was lost; the session ends. `detail: { problem, code, message }`.
 * @fires dictation-recovery - What an earlier page (reload, crash, redirect) kept is about to go into `field`: speech
 *   to transcribe (`audio`, 16 kHz 16-bit PCM, `seconds` long) or dictated `text` the page never confirmed as saved.
 *   Cancelable: cancel it to discard what was kept, or to handle it yourself. `detail: { field, fieldKey, seconds,
 *   audio, text }`.
 *
 * @csspart bar - The whole bar.
 * @csspart record-button - The record button.
 * @csspart indicator - The coloured connection dot.
 * @csspart status - The status line (`role="status"`).
 * @csspart alert - The session-loss line (`role="alert"`).
 * @csspart retry-button - "Retry", shown when the link could not be opened.
 * @csspart partial - The words being recognised, before they are final.
 * @csspart level - The microphone level meter (while recording).
 * @csspart microphone-select - The microphone chooser (when there is more than one).
 *
 * @cssprop [--dictation-bar-accent=var(--dictation-color-danger)] - Record button colour.
 * @cssprop [--dictation-bar-background=var(--dictation-color-surface)] - Bar background.
 * @cssprop [--dictation-bar-border-color=var(--dictation-color-border)] - Bar border.
 */
export class DictationBar extends LitElement {
  static override styles = styles;

  /** `auto` follows the reader's system (dark or light); `light` or `dark` forces that theme. */
  @property({ reflect: true }) theme: Theme = 'auto';

  /** Seconds between keep-alives. */
  @property({ attribute: 'keep-alive-interval', type: Number }) keepAliveInterval = 20;

  /** Seconds to wait for a keep-alive's ack before the link counts as lost. */
  @property({ attribute: 'keep-alive-timeout', type: Number }) keepAliveTimeout = 5;

  /** WebSocket URL override; by default derived from the session manager's `api-base`. */
  @property({ attribute: 'socket-url' }) socketUrl = '';

  /** CSS selector of the field to dictate into. Empty: the text field that last had focus. */
  @property() target = '';

  /**
   * Keyboard shortcut that starts and stops dictation anywhere on the page (hold it for push-to-talk), e.g.
   * `Alt+Shift+D`, `Control+Space`, `F9`. Empty turns it off.
   */
  @property() shortcut = 'Alt+Shift+D';

  /** URL of the capture worklet; by default `pcm-capture-worklet.js` next to the bundle. */
  @property({ attribute: 'worklet-url' }) workletUrl = '';

  /** The recording state, reflected for styling: `off`, `starting`, `on` or `stopping`. Read-only. */
  @property({ reflect: true }) recording: RecordingState = 'off';

  /**
   * Speech not yet transcribed, reflected for styling: `none`, `keeping` (the link is down and the microphone still
   * records onto this device), `pending` (kept, to be transcribed after the next login) or `recovering`. Read-only.
   */
  @property({ reflect: true }) recovery: RecoveryState = 'none';

  /** Seconds without any answer from the server, while recording, after which the link counts as lost. */
  @property({ attribute: 'recording-timeout', type: Number }) recordingTimeout = 3;

  /** The link state, reflected for styling: `idle`, `connecting`, `ready`, `lost` or `failed`. Read-only. */
  @property({ reflect: true }) state: ConnectionState = 'idle';

  /** The session, from the nearest `<session-manager>`. */
  @consume({ context: sessionContext, subscribe: true })
  @state()
  session: SessionState | undefined;

  @state() private problem: LinkProblem | null = null;
  @state() private problemCode: number | null = null;
  @state() private notice: Phrase | null = null;
  @state() private microphones: MediaDeviceInfo[] = [];
  @state() private microphoneId = localStorage.getItem(MICROPHONE_STORAGE_KEY) ?? '';

  /** The words of the utterance in progress, as the recognizer currently hears them. */
  get partial(): string {
    return this.#recorder.partial;
  }

  /** When the current press of the button or shortcut began, and whether it started the recording. */
  #press: { at: number; started: boolean } | null = null;

  /** The login generation whose link was lost: no reconnecting until a new login. */
  #lostGeneration = -1;

  /** The page left (closed, navigated, back/forward cache): no link until it comes back. */
  #away = false;
  /** Asking the server whether the session outlived a dropped socket or a stay in the back/forward cache. */
  #verifying = false;
  /** When the last quiet re-opens happened (performance.now()). */
  #quietReconnects: number[] = [];

  readonly #connection = new DictationConnection(
    this,
    () => ({
      intervalMs: this.keepAliveInterval * 1000,
      timeoutMs: this.keepAliveTimeout * 1000,
      recordingTimeoutMs: this.recordingTimeout * 1000,
    }),
    {
      onStateChange: (state, problem, code) => void this.#onConnectionChange(state, problem, code),
      onServerError: (error: ErrorMessage) => this.#onServerError(error),
      onRecognition: (message) => this.#recorder.onMessage(message),
    },
  );

  readonly #field = new TargetFieldController(this, () => this.target);
  readonly #t = new LocalizeController(this);

  readonly #recorder = new DictationRecorder(this, {
    connection: this.#connection,
    workletUrl: () => this.workletUrl || DEFAULT_WORKLET_URL,
    microphoneId: () => this.microphoneId,
    currentField: () => this.#field.field,
    findField: (key) => this.#findField(key),
    fieldKey: (field) => this.#fieldKey(field),
    user: () => (isLive(this.session) && this.session!.mode === 'multi-user' ? this.session!.user : null),
    insert: (field, raw, anchor) => this.#insert(field, raw, anchor),
    anchorOf: (field) => anchorAt(caretContext(field, this.#field.savedRange).before),
    onRecordingChange: (recording, reason) => {
      this.recording = recording;
      if (recording === 'on' || recording === 'off') emit(this, 'dictation-recording-change', { recording, reason });
    },
    onDevicesChange: (devices) => (this.microphones = devices),
    confirmRecovery: (take) => this.#confirmRecovery(take),
  });

  constructor() {
    super();
    // Registers itself with the host; nothing else needs to hold it.
    new ShortcutController(this, () => this.shortcut, {
      onPress: () => this.#pressStart(),
      onRelease: (held) => this.#pressEnd(held),
    });
    new PageLifecycleController(this, {
      // Tell the server the page went away, so the session ends after its grace unless the page comes back; a page
      // in the back/forward cache must not hold a socket (and the session) open for as long as it sits there.
      leave: () => {
        this.#away = true;
        this.#connection.close(CloseCode.PageLeft, 'Page left');
      },
      back: () => {
        this.#away = false;
        void this.#verifySession();
      },
      // Frozen timers prove nothing about the link: probe it afresh (a dropped socket is handled as any 1006).
      resume: () => this.#connection.probe(),
    });
  }

  /** The status bar's current sentence, in the language of the nearest `lang`. */
  get statusText(): string {
    const t = this.#t;
    if (this.state === 'ready') return this.#readyText().map((p) => t.phrase(p)).join(' ');
    // The link is down: what happened, then what happens to the speech not yet transcribed.
    const kept = this.#keptText();
    return [this.#linkText(), ...(kept ? [kept] : [])].map((p) => t.phrase(p)).join(' ');
  }

  #linkText(): Phrase {
    if (this.problem) {
      return problemMessage(this.problem, {
        code: this.problemCode,
        timeoutSeconds: this.keepAliveTimeout,
        recordingTimeoutSeconds: this.recordingTimeout,
        online: navigator.onLine,
      });
    }
    const session = this.session;
    if (!session) return ['needsSessionManager'];
    if (this.#verifying) return ['reconnecting'];
    if (this.state === 'connecting') return ['connecting'];
    if (session.state === 'checking') return ['checkingSession'];
    if (!isLive(session)) return session.message ?? ['logInToDictate'];
    return ['connecting'];
  }

  /** What happens to speech not yet transcribed while the link is down. */
  #keptText(): Phrase | null {
    const seconds = Math.round(this.#recorder.owedSeconds);
    switch (this.#recorder.recovery) {
      case 'keeping':
        // No running count here: the alert is a live region, and a number that changes every second would be
        // read out again every second.
        return ['keptWhileLoggedOut'];
      case 'pending':
        return ['keptPending', seconds];
    }
    return null;
  }

  /** One sentence, or two: a problem, then what happens to the speech kept. */
  #readyText(): Phrase[] {
    if (this.#recorder.recovery === 'recovering') {
      return [['transcribingKept', Math.max(1, Math.round(this.#recorder.owedSeconds))]];
    }
    if (this.#recorder.recovery === 'pending') {
      // The link is up but the recognizer could not take the kept speech (busy, unavailable, failed).
      const seconds = Math.max(1, Math.round(this.#recorder.owedSeconds));
      const kept: Phrase = ['keptNotTranscribed', seconds];
      return this.#recorder.problem ? [recordingProblemMessage(this.#recorder.problem), kept] : [kept];
    }
    if (this.#recorder.sealed && this.recording === 'on') return [['sealedBeforeExpiry']];
    switch (this.recording) {
      case 'starting':
        return [['startingMicrophone']];
      case 'on':
        return [['listening', this.shortcut]];
      case 'stopping':
        return [['finishing']];
    }
    if (this.#recorder.problem) return [recordingProblemMessage(this.#recorder.problem)];
    return [this.notice ?? this.#recorder.notice ?? ['ready', this.shortcut]];
  }

  /** Starts recording into the target field. Resolves false (and says why in the status bar) when it cannot. */
  async startRecording(): Promise<boolean> {
    this.notice = null;
    return this.#recorder.start();
  }

  /** Stops recording; the last words still arrive and are inserted (or are kept for later when the link is down). */
  async stopRecording(): Promise<void> {
    await this.#recorder.stop();
  }

  /** Tears the bar down and builds it again: closes the link, forgets its errors, reconnects if the session is live. */
  async reset(): Promise<void> {
    await this.#recorder.stop();
    this.#connection.close();
    this.#lostGeneration = -1;
    this.problem = null;
    this.problemCode = null;
    this.notice = null;
    this.requestUpdate();
    await this.updateComplete;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The status bar says what is true now: going offline or coming back changes its sentence (and a link that
    // failed to open while offline opens again).
    window.addEventListener('online', this.#onNetworkChange);
    window.addEventListener('offline', this.#onNetworkChange);
    this.requestUpdate(); // re-open the link if the bar was moved in the page
  }

  #onNetworkChange = () => this.requestUpdate();

  protected override willUpdate(): void {
    this.#trackSession();
    this.#sync();
    this.#scheduleSeal();
    this.recovery = this.#recorder.recovery;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#cancelRetry();
    window.removeEventListener('online', this.#onNetworkChange);
    window.removeEventListener('offline', this.#onNetworkChange);
    this.#scheduleSeal();
    this.#trackSession();
  }

  /** The user of the last live session (the durable journal is theirs), and the last save seen. */
  #user: string | null = null;
  #lastSaveAt: number | null = null;
  #unregisterWork: (() => void) | null = null;
  #registeredWith: SessionState['actions'] | null = null;

  /**
   * Follows the session for the durable journal: text is confirmed saved when the page's save succeeds; an
   * explicit logout after a successful save deletes what is kept for the user. The bar also registers itself as
   * pending work, so a logout lets the last words arrive before the page saves.
   */
  #trackSession(): void {
    const session = this.isConnected ? this.session : undefined;
    if (session?.actions !== this.#registeredWith) {
      this.#unregisterWork?.();
      this.#unregisterWork = null;
      this.#registeredWith = session?.actions ?? null;
      this.#unregisterWork =
        session?.actions.registerPendingWork({ name: 'dictation', save: () => 0, finish: () => this.#recorder.finish() }) ?? null;
    }
    if (!session) return;
    if (isLive(session)) this.#user = session.user;
    const save = session.lastSave;
    if (save && save.at !== this.#lastSaveAt) {
      this.#lastSaveAt = save.at;
      if (save.ok) this.#recorder.confirmSaved();
    }
    const loggedOut = session.state === 'signed-out' && session.reason === 'LOGGED_OUT';
    if (loggedOut && save?.ok && this.#user && this.#forgotAfter !== save.at) {
      this.#forgotAfter = save.at;
      void this.#recorder.forgetUser(this.#user);
    }
  }

  /** The save after which the user's kept data was deleted at logout. */
  #forgotAfter: number | null = null;

  readonly #timers = backgroundSafeTimers();
  #seal: { expiresAt: number; timer: number } | null = null;

  /**
   * Shortly before the session expires, recording stops turning speech into text and keeps it on the device, so the
   * last save before expiry has every word that reached the field; a later expiry (the user stayed) undoes it.
   */
  #scheduleSeal(): void {
    const session = this.session;
    const expiresAt = this.isConnected && isLive(session) ? session!.expiresAt : null;
    if (this.#seal?.expiresAt === expiresAt) return;
    if (this.#seal) this.#timers.clearTimeout(this.#seal.timer);
    this.#seal = null;
    if (expiresAt === null) return;
    this.#recorder.unseal();
    const due = expiresAt - session!.clockOffset - SEAL_LEAD_MS - Date.now();
    this.#seal = { expiresAt, timer: this.#timers.setTimeout(() => this.#recorder.seal(), Math.max(0, due)) };
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
    if (this.#away || this.#verifying) return;
    const newLogin = session!.generation !== this.#lostGeneration;
    // After a lost link only a new login reconnects; after a failed open, coming back online does.
    const canOpen =
      current === 'idle' ||
      (current === 'lost' && newLogin) ||
      (current === 'failed' && this.problem === 'offline' && navigator.onLine);
    if (canOpen && newLogin) {
      this.problem = null;
      this.notice = null;
      this.#connection.open(this.#socketUrl(session!));
    }
  }

  #socketUrl(session: SessionState): string {
    if (this.socketUrl) return this.socketUrl;
    const url = new URL(session.apiBase.replace(/\/$/, '') + DICTATION_SOCKET_PATH, document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  }

  /**
   * The page is back from the back/forward cache: ask the server before opening the link, so a session that ended
   * while the page was away is reported with its reason (and one that did not is joined again quietly).
   */
  async #verifySession(): Promise<void> {
    if (!this.session || !isLive(this.session)) return;
    this.#verifying = true;
    this.requestUpdate();
    const generation = this.session.generation;
    await this.session.actions.checkSession();
    this.#verifying = false;
    const session = this.session;
    if (session && !isLive(session) && session.reason && session.generation === generation) {
      // Ended while the page was away: say why in the alert, as for a link lost in front of the user.
      this.#lostGeneration = generation;
      this.state = 'lost';
      this.problem = problemForEndReason(session.reason);
      this.problemCode = null;
      emit(this, 'dictation-connection-change', { state: 'lost', problem: this.problem, code: null, message: this.statusText });
    }
    this.requestUpdate();
  }

  /**
   * A socket that dropped without a close frame says nothing about the session: a frozen tab, a proxy or load
   * balancer that reset the connection, a server that died. Ask the server. A live session means only the socket
   * died: re-open it quietly (the server keeps the session for its grace; speech in flight is replayed). An ended
   * session is reported with the server's reason; no answer at all is a lost connection.
   */
  async #recheckAfterDrop(problem: LinkProblem): Promise<LinkProblem | null> {
    const session = this.session!;
    const now = performance.now();
    this.#quietReconnects = this.#quietReconnects.filter((at) => now - at < 60_000);
    if (this.#quietReconnects.length >= QUIET_RECONNECTS_PER_MINUTE || !isLive(session)) return problem;
    this.#verifying = true;
    this.state = 'connecting';
    emit(this, 'dictation-connection-change', { state: 'connecting', problem: null, code: null, message: this.statusText });
    const check = await session.actions.checkSession();
    this.#verifying = false;
    if (this.#connection.state !== 'lost' || this.session?.generation !== session.generation) return null; // superseded
    if (check.ok && isLive(this.session)) {
      this.#quietReconnects.push(now);
      this.#connection.open(this.#socketUrl(this.session));
      return null;
    }
    // The server cannot reach its session store for a moment: the session is not known to have ended, so nothing is
    // lost. Re-open: the upgrade answers 503 too, and the bar says so and tries again until the store is back.
    if (!check.ok && check.code === ErrorCode.SessionStoreUnavailable && this.session && isLive(this.session)) {
      this.#connection.open(this.#socketUrl(this.session));
      return null;
    }
    return check.ok ? problem : (problemForErrorCode(check.code) ?? problem);
  }

  async #onConnectionChange(state: ConnectionState, problem: LinkProblem | null, code: number | null): Promise<void> {
    // A drop the server did not explain, or a limit it closed this socket for: the session may well be live.
    const recheck = code === CloseCode.Abnormal || code === CloseCode.NotReading || code === CloseCode.RateExceeded;
    if (state === 'lost' && recheck && problem && this.session && !this.#away) {
      this.#recorder.onLinkDown(false);
      const confirmed = await this.#recheckAfterDrop(problem);
      if (confirmed === null) return; // re-opened quietly, or superseded
      problem = confirmed;
    }
    if (state === 'failed' && problem === 'connection-refused' && this.session) {
      // The browser hides the upgrade's HTTP status; ask the API whether the session is the reason.
      const check = await this.session.actions.checkSession();
      if (!check.ok && SESSION_ERROR_CODES.includes(check.code as (typeof SESSION_ERROR_CODES)[number])) problem = 'unauthorized';
      else if (!check.ok && check.code === ErrorCode.SessionStoreUnavailable) problem = 'session-service-unavailable';
      else if (check.ok) problem = 'connection-rejected';
      if (this.#connection.state !== state) return; // superseded while we asked (a retry, a new login)
      // The server's session store is out of reach for a moment (503): try again by itself, as it asks.
      if (problem === 'session-service-unavailable') this.#retrySoon();
    }
    if (state === 'ready') this.#recorder.onLinkReady();
    // The link went down: recording goes on onto this device, unless the user logged out here.
    else this.#recorder.onLinkDown(state === 'idle' && this.session?.reason === 'LOGGED_OUT');
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

  /** `Alt+Shift+D` in the form `aria-keyshortcuts` wants (`Alt+Shift+D` already is; `Ctrl` becomes `Control`). */
  #ariaShortcut(): string {
    return this.shortcut.replace(/\bCtrl\b/gi, 'Control').replace(/\bCmd\b/gi, 'Meta');
  }

  #retry(): void {
    this.#cancelRetry();
    this.problem = null;
    this.#connection.close();
  }

  #retryTimer: number | null = null;

  #retrySoon(): void {
    this.#cancelRetry();
    this.#retryTimer = this.#timers.setTimeout(() => {
      this.#retryTimer = null;
      if (this.isConnected && this.state === 'failed' && this.problem === 'session-service-unavailable') this.#retry();
    }, SERVICE_UNAVAILABLE_RETRY_MS);
  }

  #cancelRetry(): void {
    if (this.#retryTimer !== null) this.#timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #onServerError(error: ErrorMessage): void {
    const recordingProblem = RECORDING_PROBLEM_FOR_ERROR[error.code];
    if (recordingProblem) {
      this.#recorder.onRecordingError(recordingProblem);
      return;
    }
    if (error.code === ErrorCode.NotRecording) return; // frames that crossed a server-side stop
    this.notice = ['serverCouldNotHandle', error.message];
  }

  #insert(field: EditableField, raw: string, anchor: { before: string; offset: number } | null): Inserted | null {
    if (!field.isConnected || raw.trim() === '') return null;
    if (anchor) placeCaret(field, anchor);
    const context = caretContext(field, this.#field.savedRange);
    const text = formatDictation(raw, context);
    if (!text) return null;
    if (!emit(this, 'dictation-text', { text, raw, field }, { cancelable: true })) return null;
    insertAtCaret(field, text, this.#field.savedRange);
    return { text, at: anchorAt(context.before) };
  }

  /** How a field is found again after a reload: its id, its name, or the bar's `target`. */
  #fieldKey(field: EditableField): string {
    if (field.id) return `#${CSS.escape(field.id)}`;
    const name = field.getAttribute('name');
    if (name) return `${field.localName}[name="${CSS.escape(name)}"]`;
    return this.target;
  }

  #findField(key: string): EditableField | null {
    if (!key) return null;
    const root = this.getRootNode() as Document | ShadowRoot;
    const found = root.querySelector?.(key) ?? document.querySelector(key);
    return isEditableField(found) ? found : null;
  }

  #confirmRecovery(kept: { field: string; audio: AudioJournal | null; text: string | null }): boolean {
    const field = this.#findField(kept.field) ?? this.#field.field;
    return emit(
      this,
      'dictation-recovery',
      {
        field,
        fieldKey: kept.field,
        seconds: kept.audio?.seconds ?? 0,
        audio: kept.audio?.all() ?? null,
        text: kept.text,
      },
      { cancelable: true },
    );
  }

  /** A press of the button or the shortcut: starts when off, and remembers so a long press can be push-to-talk. */
  #pressStart(): void {
    if (this.recording === 'off') {
      this.#press = { at: performance.now(), started: true };
      void this.startRecording();
    } else {
      this.#press = { at: performance.now(), started: false };
    }
  }

  /** Tap: toggle. Hold (push-to-talk): releasing stops what the press started. */
  #pressEnd(heldMs: number): void {
    const press = this.#press;
    this.#press = null;
    if (!press) return;
    if (!press.started || heldMs >= HOLD_MS) void this.stopRecording();
  }

  #onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
    this.#pressStart();
  }

  #onPointerUp(): void {
    if (this.#press) this.#pressEnd(performance.now() - this.#press.at);
  }

  /** Keyboard activation of the button (Enter, Space) arrives as a click with no pointer press. */
  #onClick(event: MouseEvent): void {
    if (event.detail !== 0) return;
    if (this.recording === 'off') void this.startRecording();
    else void this.stopRecording();
  }

  #onMicrophoneChange(event: Event): void {
    this.microphoneId = (event.target as HTMLSelectElement).value;
    localStorage.setItem(MICROPHONE_STORAGE_KEY, this.microphoneId);
    this.#recorder.switchMicrophone();
  }

  override render() {
    const sessionLost = this.state === 'lost';
    const text = this.statusText;
    const t = this.#t;
    return html`
      <div class="bar themed" part="bar" role="group" aria-label=${t.term('barLabel')} lang=${t.lang}>
        <button
          class="record"
          part="record-button"
          type="button"
          aria-pressed=${this.recording === 'on' || this.recording === 'starting' ? 'true' : 'false'}
          aria-keyshortcuts=${this.#ariaShortcut() || nothing}
          ?disabled=${!(this.state === 'ready' || this.recording === 'on') ||
          this.recording === 'stopping' ||
          (this.recording === 'off' && this.recovery === 'recovering')}
          @pointerdown=${this.#onPointerDown}
          @pointerup=${this.#onPointerUp}
          @click=${this.#onClick}
        >
          <span class="dot" aria-hidden="true"></span>${t.term('dictate')}
        </button>
        <span class="indicator" part="indicator" aria-hidden="true"></span>
        ${this.recording === 'on'
          ? html`<meter class="level" part="level" min="0" max="1" .value=${Math.min(1, this.#recorder.level * 5)} aria-label=${t.term('microphoneLevel')}></meter>`
          : nothing}
        <div class="messages">
          <div class="status" part="status" role="status">${sessionLost ? '' : text}</div>
          <div class="alert" part="alert" role="alert">${sessionLost ? text : ''}</div>
          <div class="partial" part="partial">${this.partial}</div>
        </div>
        ${this.microphones.length > 1
          ? html`<label class="microphone"
              ><span class="visually-hidden">${t.term('microphone')}</span>
              <select part="microphone-select" @change=${this.#onMicrophoneChange}>
                ${this.microphones.map(
                  (device, i) =>
                    html`<option value=${device.deviceId} ?selected=${device.deviceId === this.microphoneId}>
                      ${device.label || t.term('microphoneNumber', i + 1)}
                    </option>`,
                )}
              </select></label
            >`
          : nothing}
        ${this.state === 'failed'
          ? html`<button class="retry" part="retry-button" type="button" @click=${this.#retry}>${t.term('retry')}</button>`
          : nothing}
      </div>
    `;
  }
}

define('dictation-bar', DictationBar);

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
    'dictation-recording-change': CustomEvent<{ recording: RecordingState; reason: StopReason | null }>;
    'dictation-text': CustomEvent<{ text: string; raw: string; field: HTMLElement }>;
    'dictation-recovery': CustomEvent<{
      field: HTMLElement | null;
      fieldKey: string;
      seconds: number;
      audio: Int16Array | null;
      text: string | null;
    }>;
  }
}
