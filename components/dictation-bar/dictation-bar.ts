import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { statusPhrases } from './status-text.js';
import type { CommandOptions } from '../../protocol/index.js';
import { define } from '../shared/define.js';
import { emit } from '../shared/emit.js';
import type { Phrase } from '../shared/localize.js';
import { PageLifecycleController } from '../shared/page-lifecycle.js';
import { isLive, sessionContext, type SessionState } from '../shared/session-context.js';
import type { ConnectionState } from './dictation-connection.js';
import { DictationRecorder, type RecordingState, type RecoveryState } from './dictation-recorder.js';
import { anchorAt, fieldKey, findField } from './field-keys.js';
import { fetchJournalKey } from './journal-owner.js';
import { LinkController } from './link-controller.js';
import { DEFAULT_WORKLET_URL } from './microphone-controller.js';
import { microphoneSelect } from './microphone-select.js';
import { PushToTalkController } from './push-to-talk.js';
import { serverErrorNotice } from './recording-problems.js';
import { SessionSync } from './session-sync.js';
import { TargetFieldController } from './target-field-controller.js';
import { confirmRecovery, insertDictation } from './insert-dictation.js';
import { formatRequest } from './format-request.js';
import { caretContext } from './text-insertion.js';
import { DEFAULT_EDITING_URL, EditingController } from './editing-controller.js';
import { DEFAULT_DEVICES_URL, DeviceController, type WebHid } from './device-controller.js';
import { deviceButton } from './device-button.js';
import { recordButton } from './record-button.js';
import type { ButtonMap } from './devices/device-buttons.js';
import { styles } from './dictation-bar.styles.js';
import './dictation-bar-events.js';
import { storage } from '../shared/dom.js';
import { DictationElement } from '../shared/dictation-element.js';

export type { RecordingState, RecoveryState };

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
 * written by the server as a clinician types it (numbers, units, dates, spoken punctuation, full stops after pauses).
 *
 * No word is lost: the audio is kept until the server's text for it arrived. When the link dies mid-recording the
 * microphone goes on recording onto this device; after the next login that speech is transcribed and its text goes
 * where dictation stopped. What is kept survives a reload or a crashed tab (IndexedDB, encrypted).
 *
 * @summary Record button and status bar over a keep-alive WebSocket.
 *
 * @attr formatting - `on` or `off`: numbers, units, dates and times formatted or written as spoken. Read at each
 *   recording's start, as are the other formatting attributes; empty or absent: the server's FORMAT_* setting.
 * @attr date-style - `long`, `dmy`, `mdy-numeric`, `dmy-numeric` or `iso`.
 * @attr time-style - `12h` or `24h`.
 * @attr numbers-as-words-below - Whole numbers below this are words in prose (0-100).
 * @attr sentences - `pause` (a long pause or a stop ends a sentence) or `spoken` (only said punctuation does).
 * @attr sentence-pause - Milliseconds of silence that end a sentence with `sentences="pause"` (200-10000).
 * @attr voice-commands - `off`: every utterance is text ("scratch that" is written). Default: the commands run.
 * @attr dictation-devices - `off`: no dictation microphones (no control; WebHID is never touched).
 *
 * @fires dictation-recording-change - Recording started or stopped. `detail: { recording, reason }`.
 * @fires dictation-text - Final text is about to be inserted. Cancelable: cancel it to insert it yourself.
 *   `detail: { text, raw, field }`.
 * @fires dictation-command - A voice command was said. Cancelable: cancel it to run it yourself; a page's own
 *   command (the `commands` property) is only this event. `detail: { name, words?, n?, said, field }`.
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
 * @csspart choices - The correction list ("correct that") and the list of commands ("what can I say").
 * @csspart lists-button - "My words": opens the panel of the user's words and auto-texts (while the link is up).
 * @csspart lists - That panel.
 * @csspart device-button - "Connect dictation microphone", or the names of those connected (with WebHID only).
 *
 * @cssprop [--dictation-bar-accent=var(--dictation-color-danger)] - Record button colour.
 * @cssprop [--dictation-bar-background=var(--dictation-color-surface)] - Bar background.
 * @cssprop [--dictation-bar-border-color=var(--dictation-color-border)] - Bar border.
 */
export class DictationBar extends DictationElement {
  static override styles = styles;

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

  /** URL of the editing module (rich-text writers, voice commands); by default `dictation-editing.js` next to the bundle. */
  @property({ attribute: 'editing-url' }) editingUrl = '';

  /** URL of the dictation-microphone module (WebHID); by default `dictation-devices.js` next to the bundle. */
  @property({ attribute: 'devices-url' }) devicesUrl = '';

  /** `off` turns dictation microphones off. */
  @property({ attribute: 'dictation-devices' }) dictationDevices: 'on' | 'off' = 'on';

  /** What dictation microphones' buttons do, over the defaults: `{ F1_A: 'scratch', EOL_PRIO: null }` (README). */
  @property({ attribute: false }) deviceButtons: ButtonMap = {};

  /** The WebHID the bar uses: the browser's (none in Firefox and Safari), or a simulated one. */
  @property({ attribute: false }) hid: WebHid | undefined = (navigator as { hid?: WebHid }).hid;

  /** `off` turns voice commands off. */
  @property({ attribute: 'voice-commands' }) voiceCommands: 'on' | 'off' = 'on';

  /** The page's own voice commands (`extra`, heard as `dictation-command`) and built-in ones it turns off (`disable`). */
  @property({ attribute: false }) commands: CommandOptions = {};

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

  @state() private notice: Phrase | null = null;
  @state() private microphones: MediaDeviceInfo[] = [];
  // Read guarded: a page with storage blocked must not get an exception from the element's constructor.
  @state() private microphoneId = storage.get(MICROPHONE_STORAGE_KEY) ?? '';

  /** The words of the utterance in progress, as the recognizer currently hears them. */
  get partial(): string {
    return this.#recorder.takes.partial;
  }

  readonly #link: LinkController = new LinkController(this, {
    timing: () => ({
      intervalMs: this.keepAliveInterval * 1000,
      timeoutMs: this.keepAliveTimeout * 1000,
      recordingTimeoutMs: this.recordingTimeout * 1000,
    }),
    socketUrl: () => this.socketUrl,
    onServerError: (error) => (this.notice = serverErrorNotice(error, (problem) => this.#recorder.onRecordingError(problem)) ?? this.notice),
    onRecognition: (message) => this.#recorder.takes.onMessage(message),
    // The editing module first (loaded once): speech kept from before is written into a rich-text editor through its
    // writer, and its commands are run, exactly as live speech.
    onUp: () => void this.#editing.load().then(() => this.#recorder.takes.onLinkReady()),
    onDown: (loggedOut) => this.#recorder.onLinkDown(loggedOut),
  });

  readonly #field = new TargetFieldController(this, () => this.target);

  readonly #editing = new EditingController(this, {
    url: () => this.editingUrl || DEFAULT_EDITING_URL,
    enabled: () => this.voiceCommands !== 'off',
    commands: () => this.commands,
    savedRange: () => this.#field.savedRange,
    say: (sentence) => (this.notice = ['said', sentence]),
    lang: () => this.t.lang,
  });

  readonly #recorder: DictationRecorder = new DictationRecorder(this, {
    connection: this.#link.connection,
    workletUrl: () => this.workletUrl || DEFAULT_WORKLET_URL,
    format: () => formatRequest((name) => this.getAttribute(name)),
    microphoneId: () => this.microphoneId,
    currentField: () => this.#field.field,
    findField: (key) => findField(this, key),
    fieldKey: (field) => fieldKey(field, this.target),
    user: () => (isLive(this.session) && this.session!.mode === 'multi-user' ? this.session!.user : null),
    journalKey: (user) => fetchJournalKey(this.session, user),
    commands: () => this.#editing.commands(),
    insert: (field, raw, anchor, alternatives) => insertDictation(this, field, raw, anchor, this.#field.savedRange, alternatives, this.#editing.hooks),
    command: (field, command) => this.#editing.run(field, command),
    canChoose: (n) => !!this.#editing.hooks?.canChoose(n),
    remember: (field, utterances) => utterances.forEach((u) => this.#editing.hooks?.inserted(field, u.text, u.at, u.alternatives)),
    anchorOf: (field) => anchorAt(caretContext(field, this.#field.savedRange).before),
    onRecordingChange: (recording, reason) => {
      this.recording = recording;
      if (recording === 'on' || recording === 'off') emit(this, 'dictation-recording-change', { recording, reason });
    },
    onDevicesChange: (devices) => (this.microphones = devices),
    confirmRecovery: (kept) => confirmRecovery(this, findField(this, kept.field) ?? this.#field.field, kept),
  });

  readonly #sessionSync = new SessionSync(this, this.#recorder);

  readonly #press = new PushToTalkController(this, {
    shortcut: () => this.shortcut,
    recording: () => this.recording,
    start: () => void this.startRecording(),
    stop: () => void this.stopRecording(),
  });

  readonly #devices = new DeviceController(this, {
    url: () => this.devicesUrl || DEFAULT_DEVICES_URL,
    enabled: () => this.dictationDevices !== 'off',
    hid: () => this.hid,
    buttons: () => this.deviceButtons,
    lang: () => this.t.lang,
    light: () => this,
    say: (sentence) => (this.notice = ['said', sentence]),
    record: this.#press,
    stop: () => void this.stopRecording(),
    run: (name) => void this.runCommand(name),
  });

  constructor() {
    super();
    new PageLifecycleController(this, {
      leave: () => this.#link.leave(),
      back: () => this.#link.back(),
      // Frozen timers prove nothing about the link: probe it afresh (a dropped socket is handled as any 1006).
      resume: () => this.#link.connection.probe(),
    });
  }

  /** The status bar's current sentence, in the language of the nearest `lang`. */
  get statusText(): string {
    const recorder = this.#recorder;
    const input = { bar: this, notice: this.notice, link: this.#link, recorder, takes: recorder.takes, session: this.session, online: navigator.onLine };
    return statusPhrases(input)
      .map((phrase) => this.t.phrase(phrase))
      .join(' ');
  }

  /** Starts recording into the target field. Resolves false (and says why in the status bar) when it cannot. */
  async startRecording(): Promise<boolean> {
    this.notice = null;
    await this.#editing.load();
    return this.#recorder.start();
  }

  /**
   * Runs a built-in voice command in the target field as if it had been said (a button or a dictation microphone's
   * key may map to one): `runCommand('scratch')`, `runCommand('select', { words: 'chest pain' })`. Resolves false
   * when it is not one, or the editing module could not load.
   */
  async runCommand(name: string, options: { words?: string; n?: number; text?: string } = {}): Promise<boolean> {
    await this.#editing.load();
    return this.#editing.hooks?.run(this, this.#field.field, { name, said: name, ...options }) ?? false;
  }

  /** Stops recording; the last words still arrive and are inserted (or are kept for later when the link is down). */
  async stopRecording(): Promise<void> {
    await this.#recorder.stop();
  }

  /** Tears the bar down and builds it again: closes the link, forgets its errors, reconnects if the session is live. */
  async reset(): Promise<void> {
    await this.#recorder.stop();
    this.#link.reset();
    this.notice = null;
    this.requestUpdate();
    await this.updateComplete;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate(); // re-open the link if the bar was moved in the page
  }

  protected override willUpdate(): void {
    this.#sessionSync.sync();
    if (this.#link.sync()) this.notice = null;
    this.recovery = this.#recorder.takes.recovery;
  }

  /** The user's words and auto-texts (the editing module's panel; an auto-text picked there goes into the field). */
  #openLists = () => void this.#editing.load().then((ok) => ok && this.#editing.hooks?.openLists(this.#field.field));

  #onMicrophoneChange = (deviceId: string): void => {
    this.microphoneId = deviceId;
    storage.set(MICROPHONE_STORAGE_KEY, this.microphoneId);
    this.#recorder.switchMicrophone();
  };

  override render() {
    const sessionLost = this.state === 'lost';
    const text = this.statusText;
    const t = this.t;
    return html`
      <div class="bar themed" part="bar" role="group" aria-label=${t.term('barLabel')} lang=${t.lang}>
        ${recordButton(t, this, this.#press)}
        <span class="indicator" part="indicator" aria-hidden="true"></span>
        ${this.recording === 'on'
          ? html`<meter class="level" part="level" min="0" max="1" .value=${Math.min(1, this.#recorder.level * 5)} aria-label=${t.term('microphoneLevel')}></meter>`
          : nothing}
        <div class="messages">
          <div class="status" part="status" role="status">${sessionLost ? '' : text}</div>
          <div class="alert" part="alert" role="alert">${sessionLost ? text : ''}</div>
        </div>
        ${microphoneSelect(t, this.microphones, this.microphoneId, this.#onMicrophoneChange)} ${deviceButton(t, this.#devices)}
        ${this.state === 'ready'
          ? html`<button class="lists" part="lists-button" type="button" @click=${this.#openLists}>${t.term('myWords')}</button>`
          : nothing}
        ${this.state === 'failed'
          ? html`<button class="retry" part="retry-button" type="button" @click=${this.#link.retry}>${t.term('retry')}</button>`
          : nothing}
        <div class="partial" part="partial">${this.partial}</div>
      </div>
    `;
  }
}

define('dictation-bar', DictationBar);

declare global {
  interface HTMLElementTagNameMap {
    'dictation-bar': DictationBar;
  }
}
