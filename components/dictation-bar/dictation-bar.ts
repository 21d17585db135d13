import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import {
  DICTATION_SOCKET_PATH,
  ErrorCode,
  MessageType,
  SESSION_ERROR_CODES,
  type ErrorMessage,
  type FinalMessage,
  type PartialMessage,
  type StartedMessage,
  type StopReason,
  type StoppedMessage,
} from '../../protocol/index.js';
import { emit } from '../shared/emit.js';
import { isLive, sessionContext, type SessionState } from '../shared/session-context.js';
import { DictationConnection, type ConnectionState } from './dictation-connection.js';
import {
  endReasonForProblem,
  problemMessage,
  recordingProblemMessage,
  RECORDING_PROBLEM_FOR_ERROR,
  type LinkProblem,
  type RecordingProblem,
} from './status-messages.js';
import { DEFAULT_WORKLET_URL, MicrophoneController } from './microphone-controller.js';
import { HOLD_MS, ShortcutController } from './shortcut-controller.js';
import { TargetFieldController } from './target-field-controller.js';
import { formatDictation } from './text-formatter.js';
import { caretContext, insertAtCaret } from './text-insertion.js';
import { styles } from './dictation-bar.styles.js';

/** `off` -> `starting` (microphone and recognizer) -> `on` -> `stopping` (last words) -> `off`. */
export type RecordingState = 'off' | 'starting' | 'on' | 'stopping';

const MICROPHONE_STORAGE_KEY = 'dictation-bar:microphone';

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
 * @summary Record button and status bar over a keep-alive WebSocket.
 *
 * @fires dictation-recording-change - Recording started or stopped. `detail: { recording, reason }`.
 * @fires dictation-text - Final text is about to be inserted. Cancelable: cancel it to insert it yourself.
 *   `detail: { text, raw, field }`.
 * @fires dictation-connection-change - The link changed state. `detail: { state, problem, code, message }`.
 * @fires dictation-connection-lost - An established link was lost; the session ends. `detail: { problem, code, message }`.
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

  /** CSS selector of the field to dictate into. Empty: the text field that last had focus. */
  @property() accessor target = '';

  /**
   * Keyboard shortcut that starts and stops dictation anywhere on the page (hold it for push-to-talk), e.g.
   * `Alt+Shift+D`, `Control+Space`, `F9`. Empty turns it off.
   */
  @property() accessor shortcut = 'Alt+Shift+D';

  /** URL of the capture worklet; by default `pcm-capture-worklet.js` next to the bundle. */
  @property({ attribute: 'worklet-url' }) accessor workletUrl = '';

  /** The recording state, reflected for styling: `off`, `starting`, `on` or `stopping`. Read-only. */
  @property({ reflect: true }) accessor recording: RecordingState = 'off';

  /** The link state, reflected for styling: `idle`, `connecting`, `ready`, `lost` or `failed`. Read-only. */
  @property({ reflect: true }) accessor state: ConnectionState = 'idle';

  /** The session, from the nearest `<session-manager>`. */
  @consume({ context: sessionContext, subscribe: true })
  @state()
  accessor session: SessionState | undefined;

  @state() private accessor problem: LinkProblem | null = null;
  @state() private accessor problemCode: number | null = null;
  @state() private accessor notice = '';
  @state() private accessor recordingProblem: RecordingProblem | null = null;
  /** The words of the utterance in progress, as the recognizer currently hears them. */
  @state() accessor partial = '';
  @state() private accessor level = 0;
  @state() private accessor microphones: MediaDeviceInfo[] = [];
  @state() private accessor microphoneId = localStorage.getItem(MICROPHONE_STORAGE_KEY) ?? '';

  /** Frames captured before the server said `started`. */
  #pendingFrames: ArrayBuffer[] = [];
  /** When the current press of the button or shortcut began, and whether it started the recording. */
  #press: { at: number; started: boolean } | null = null;

  /** The login generation whose link was lost: no reconnecting until a new login. */
  #lostGeneration = -1;

  readonly #connection = new DictationConnection(
    this,
    () => ({ intervalMs: this.keepAliveInterval * 1000, timeoutMs: this.keepAliveTimeout * 1000 }),
    {
      onStateChange: (state, problem, code) => void this.#onConnectionChange(state, problem, code),
      onServerError: (error: ErrorMessage) => this.#onServerError(error),
      onRecognition: (message) => this.#onRecognition(message),
    },
  );

  readonly #microphone = new MicrophoneController(this, () => this.workletUrl || DEFAULT_WORKLET_URL, {
    onFrame: (pcm, level) => this.#onFrame(pcm, level),
    onProblem: (problem) => void this.stopRecording(problem),
    onDevicesChange: (devices) => (this.microphones = devices),
  });

  readonly #field = new TargetFieldController(this, () => this.target);

  constructor() {
    super();
    // Registers itself with the host; nothing else needs to hold it.
    new ShortcutController(this, () => this.shortcut, {
      onPress: () => this.#pressStart(),
      onRelease: (held) => this.#pressEnd(held),
    });
  }

  /** The status bar's current sentence. */
  get statusText(): string {
    if (this.problem) return problemMessage(this.problem, { code: this.problemCode, timeoutSeconds: this.keepAliveTimeout });
    const session = this.session;
    if (!session) return 'Dictation needs a <session-manager> around it.';
    switch (this.state) {
      case 'connecting':
        return 'Connecting to the dictation service…';
      case 'ready':
        return this.#readyText();
    }
    if (session.state === 'checking') return 'Checking your session…';
    if (!isLive(session)) return session.message ?? 'Log in to start dictating.';
    return 'Connecting to the dictation service…';
  }

  #readyText(): string {
    switch (this.recording) {
      case 'starting':
        return 'Starting the microphone…';
      case 'on':
        return `Listening… Press Dictate${this.shortcut ? ` or ${this.shortcut}` : ''} to stop.`;
      case 'stopping':
        return 'Finishing the last words…';
    }
    if (this.recordingProblem) return recordingProblemMessage(this.recordingProblem);
    return this.notice || `Ready to dictate. Press Dictate${this.shortcut ? ` or ${this.shortcut}` : ''} to start.`;
  }

  /** Starts recording into the target field. Resolves false (and says why in the status bar) when it cannot. */
  async startRecording(): Promise<boolean> {
    if (this.state !== 'ready' || this.recording !== 'off') return false;
    this.recordingProblem = null;
    this.notice = '';
    if (!this.#field.field) {
      this.recordingProblem = 'no-target';
      return false;
    }
    this.#setRecording('starting', null);
    this.#pendingFrames = [];
    const problem = await this.#microphone.start(this.microphoneId);
    // The await may have seen a stop or a lost link; TypeScript cannot know `recording` changed meanwhile.
    if ((this.recording as RecordingState) !== 'starting') {
      await this.#microphone.stop(); // stopped or lost while the microphone was starting
      return false;
    }
    if (problem) {
      this.recordingProblem = problem;
      this.#setRecording('off', 'error');
      return false;
    }
    if (!this.#connection.startRecording()) {
      await this.#microphone.stop();
      this.#setRecording('off', 'error');
      return false;
    }
    return true;
  }

  /** Stops recording; the last words still arrive and are inserted. */
  async stopRecording(problem: RecordingProblem | null = null): Promise<void> {
    if (this.recording === 'off' || this.recording === 'stopping') return;
    if (problem) this.recordingProblem = problem;
    const wasOn = this.recording === 'on';
    this.#setRecording('stopping', null);
    await this.#microphone.stop(); // sends the last partial frame first
    if (wasOn && this.#connection.stopRecording()) return; // `stopped` ends it
    this.#finishRecording(problem ? 'error' : 'stop');
  }

  /** Tears the bar down and builds it again: closes the link, forgets its errors, reconnects if the session is live. */
  async reset(): Promise<void> {
    void this.#microphone.stop();
    this.#finishRecording('stop');
    this.recordingProblem = null;
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
    if (state !== 'ready' && this.recording !== 'off') {
      // The link went down mid-recording: keep what the server had already recognised.
      void this.#microphone.stop();
      this.#commitPartial();
      this.#finishRecording(state === 'idle' ? 'session-ended' : 'error');
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

  /** `Alt+Shift+D` in the form `aria-keyshortcuts` wants (`Alt+Shift+D` already is; `Ctrl` becomes `Control`). */
  #ariaShortcut(): string {
    return this.shortcut.replace(/\bCtrl\b/gi, 'Control').replace(/\bCmd\b/gi, 'Meta');
  }

  #retry(): void {
    this.problem = null;
    this.#connection.close();
  }

  #onServerError(error: ErrorMessage): void {
    const recordingProblem = RECORDING_PROBLEM_FOR_ERROR[error.code];
    if (recordingProblem) {
      this.recordingProblem = recordingProblem;
      if (this.recording === 'starting') {
        // The recognizer refused the recording: nothing was recorded, so nothing to wait for.
        void this.#microphone.stop();
        this.#finishRecording('error');
      }
      return;
    }
    if (error.code === ErrorCode.NotRecording) return; // frames that crossed a server-side stop
    this.notice = `The dictation service could not handle a message: ${error.message}`;
  }

  #onRecognition(message: StartedMessage | PartialMessage | FinalMessage | StoppedMessage): void {
    switch (message.type) {
      case MessageType.Started:
        if (this.recording !== 'starting') return;
        this.#setRecording('on', null);
        for (const frame of this.#pendingFrames) this.#connection.sendAudio(frame);
        this.#pendingFrames = [];
        return;
      case MessageType.Partial:
        this.partial = message.text;
        return;
      case MessageType.Final:
        this.partial = '';
        this.#insert(message.text);
        return;
      case MessageType.Stopped:
        if (message.reason === 'limit') this.recordingProblem = 'recording-limit';
        void this.#microphone.stop();
        this.#finishRecording(message.reason);
        return;
    }
  }

  #onFrame(pcm: ArrayBuffer, level: number): void {
    this.level = level;
    if (this.recording === 'on') this.#connection.sendAudio(pcm);
    else if (this.recording === 'starting') this.#pendingFrames.push(pcm);
    else if (this.recording === 'stopping') this.#connection.sendAudio(pcm); // the flushed tail
  }

  #insert(raw: string): void {
    const field = this.#field.field;
    if (!field || raw.trim() === '') return;
    const text = formatDictation(raw, caretContext(field, this.#field.savedRange));
    if (!text) return;
    if (!emit(this, 'dictation-text', { text, raw, field }, { cancelable: true })) return;
    insertAtCaret(field, text, this.#field.savedRange);
  }

  /** The last partial is what the server had recognised when the link went down: it goes into the field. */
  #commitPartial(): void {
    const partial = this.partial;
    this.partial = '';
    if (partial) this.#insert(partial);
  }

  #finishRecording(reason: StopReason): void {
    this.#pendingFrames = [];
    this.level = 0;
    this.partial = '';
    if (this.recording !== 'off') this.#setRecording('off', reason);
  }

  #setRecording(recording: RecordingState, reason: StopReason | null): void {
    this.recording = recording;
    if (recording === 'on' || recording === 'off') emit(this, 'dictation-recording-change', { recording, reason });
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
    if (this.recording === 'on') {
      // Switch devices without ending the recording: the server's stream just continues.
      void this.#microphone.start(this.microphoneId).then((problem) => problem && void this.stopRecording(problem));
    }
  }

  override render() {
    const sessionLost = this.state === 'lost';
    const text = this.statusText;
    return html`
      <div class="bar" part="bar" role="group" aria-label="Dictation">
        <button
          class="record"
          part="record-button"
          type="button"
          aria-pressed=${this.recording === 'on' || this.recording === 'starting' ? 'true' : 'false'}
          aria-keyshortcuts=${this.#ariaShortcut() || nothing}
          ?disabled=${this.state !== 'ready' || this.recording === 'stopping'}
          @pointerdown=${this.#onPointerDown}
          @pointerup=${this.#onPointerUp}
          @click=${this.#onClick}
        >
          <span class="dot" aria-hidden="true"></span>${this.recording === 'on' ? 'Stop' : 'Dictate'}
        </button>
        <span class="indicator" part="indicator" aria-hidden="true"></span>
        ${this.recording === 'on'
          ? html`<meter class="level" part="level" min="0" max="1" .value=${Math.min(1, this.level * 5)} aria-label="Microphone level"></meter>`
          : nothing}
        <div class="messages">
          <div class="status" part="status" role="status">${sessionLost ? '' : text}</div>
          <div class="alert" part="alert" role="alert">${sessionLost ? text : ''}</div>
          <div class="partial" part="partial">${this.partial}</div>
        </div>
        ${this.microphones.length > 1
          ? html`<label class="microphone"
              ><span class="visually-hidden">Microphone</span>
              <select part="microphone-select" @change=${this.#onMicrophoneChange}>
                ${this.microphones.map(
                  (device, i) =>
                    html`<option value=${device.deviceId} ?selected=${device.deviceId === this.microphoneId}>
                      ${device.label || `Microphone ${i + 1}`}
                    </option>`,
                )}
              </select></label
            >`
          : nothing}
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
    'dictation-recording-change': CustomEvent<{ recording: RecordingState; reason: StopReason | null }>;
    'dictation-text': CustomEvent<{ text: string; raw: string; field: HTMLElement }>;
  }
}
