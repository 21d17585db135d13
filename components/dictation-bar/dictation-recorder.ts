import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AUDIO_SAMPLE_RATE, AUDIO_SEND_WINDOW_SAMPLES, MessageType, type StopReason } from '../../protocol/index.js';
import { AudioJournal } from './audio-journal.js';
import type { DictationConnection, RecognitionMessage } from './dictation-connection.js';
import type { StoredTake, UnsavedText } from './journal-store.js';
import { KeptStore } from './kept-store.js';
import { holdLock } from './take-lock.js';
import { MicrophoneController } from './microphone-controller.js';
import type { RecordingProblem } from './status-messages.js';
import type { Phrase } from '../shared/localize.js';
import type { EditableField } from './text-insertion.js';

/** `off` -> `starting` (microphone and recognizer) -> `on` -> `stopping` (last words) -> `off`. */
export type RecordingState = 'off' | 'starting' | 'on' | 'stopping';

/**
 * What happens to speech the server has not transcribed yet:
 * - `none`: nothing is owed;
 * - `keeping`: the link is down and the microphone is still recording onto this device;
 * - `pending`: speech is kept on this device, to be transcribed after the next login;
 * - `recovering`: that speech is being transcribed now.
 */
export type RecoveryState = 'none' | 'keeping' | 'pending' | 'recovering';

/** While the link is down, the microphone keeps recording up to this much; then it stops (and keeps all of it). */
export const MAX_KEPT_SECONDS = 300;
/** Audio goes to the durable journal in pieces this long, so a crashed tab loses at most this much. */
const PERSIST_EVERY_SAMPLES = AUDIO_SAMPLE_RATE * 0.3;
/** Replayed audio is sent a second at a time (the most a frame may carry). */
const REPLAY_FRAME_SAMPLES = AUDIO_SAMPLE_RATE;

/** Text as it went into a field, and the place: the text before it and its offset. */
export interface Inserted {
  text: string;
  at: { before: string; offset: number };
}

/** One dictation into one field: it outlives a dead link, and with the durable journal, the page. */
interface Take {
  id: string;
  field: EditableField | null;
  /** How to find the field again after a reload. */
  fieldKey: string;
  createdAt: number;
  /** Where the text goes after a reload: the text just before it, and its offset. */
  anchor: { before: string; offset: number } | null;
  journal: AudioJournal;
  /** The server stream carrying this take now, if any. */
  stream: 'none' | 'starting' | 'live' | 'stopping';
  /** Take offset at which the current stream began: the server counts `through` from there. */
  streamBase: number;
  /** Take offset sent so far on the current stream. */
  sent: number;
  /** Take offset the server said it received (`audio-ack`): at most a window is sent beyond it. */
  acked: number;
  /** Take offset up to which audio is in the durable journal. */
  persisted: number;
  /** Audio before this offset was not transcribed when first spoken: its text is recovered. */
  owedUntil: number;
  /** Words of recovered text inserted so far. */
  recoveredWords: number;
  /** Releases the Web Lock that tells other tabs this take is in hand here. */
  release: () => void;
  /** Why this page asked the current stream to stop: the user (wants the text now) or the seal before expiry. */
  stopBy: 'user' | 'seal' | null;
  /** A final cut mid-utterance, held until `stopped` says whether to keep it or transcribe the utterance again. */
  held: { text: string; through: number } | null;
}

export interface RecorderOptions {
  connection: DictationConnection;
  workletUrl: () => string;
  microphoneId: () => string;
  /** The field to write into now (for a new take). */
  currentField: () => EditableField | null;
  /** The field a stored take named, if the page has it. */
  findField: (key: string) => EditableField | null;
  fieldKey: (field: EditableField) => string;
  /** Who is logged in, for the durable journal's key; null in single-user mode or signed out. */
  user: () => string | null;
  /**
   * Inserts recognised text into `field` (`anchor`: where, after a reload). Returns the text as inserted and the
   * place it went to, or null when the page took it over or there was nothing to insert.
   */
  insert(field: EditableField, raw: string, anchor: Take['anchor']): Inserted | null;
  /** The text before the caret of `field` (to find the place again after a reload), and its offset. */
  anchorOf(field: EditableField): { before: string; offset: number };
  onRecordingChange(recording: RecordingState, reason: StopReason | null): void;
  onDevicesChange(devices: MediaDeviceInfo[]): void;
  /** Kept speech or text is about to be recovered; false when the page took it over or vetoed it. */
  confirmRecovery(kept: { field: string; audio: AudioJournal | null; text: string | null }): boolean;
}

/**
 * The recording state machine and its audio journal. Every captured frame goes into the journal and, while the
 * server is streaming, to the server; a `final` names how much audio its text covers, and that audio is forgotten.
 * When the link dies, the microphone keeps recording into the journal (up to {@link MAX_KEPT_SECONDS}); when a link
 * is up again, the journal is replayed on a new stream (faster than real time) and its text goes where dictation
 * stopped. The journal is also written, encrypted, to IndexedDB, so a reload or a crashed tab loses nothing either.
 */
export class DictationRecorder implements ReactiveController {
  recording: RecordingState = 'off';
  recovery: RecoveryState = 'none';
  problem: RecordingProblem | null = null;
  /** A sentence about what was recovered, for the status bar. */
  notice: Phrase | null = null;
  partial = '';
  level = 0;

  #take: Take | null = null;
  #sealed = false;
  readonly #kept = new KeptStore(() => this.options.user());
  /** Stored takes found after a login, waiting their turn. */
  #queue: StoredTake[] = [];
  #checkedStoreFor: string | null = null;
  readonly #microphone: MicrophoneController;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: RecorderOptions,
  ) {
    host.addController(this);
    this.#microphone = new MicrophoneController(host, options.workletUrl, {
      onFrame: (pcm, level) => this.#onFrame(new Int16Array(pcm), level),
      onProblem: (problem) => void this.stop(problem),
      onDevicesChange: (devices) => options.onDevicesChange(devices),
    });
  }

  /** Seconds of speech kept on this device that no delivered text covers yet. */
  get owedSeconds(): number {
    return this.#take?.journal.seconds ?? 0;
  }

  /**
   * The session is about to end: the server's last words for what was said arrive now, and from here on speech is
   * only kept on this device (to be transcribed after the next login), so no text lands after the last save.
   */
  seal(): void {
    if (this.#sealed) return;
    this.#sealed = true;
    const take = this.#take;
    if (!take || take.stream !== 'live' || this.recording !== 'on') return;
    this.#pump(take, true);
    if (this.options.connection.stopRecording()) {
      take.stream = 'stopping';
      take.stopBy = 'seal';
    }
  }

  /** The session was extended after all: what was kept is transcribed now, and recording streams again. */
  unseal(): void {
    if (!this.#sealed) return;
    this.#sealed = false;
    const take = this.#take;
    if (take && take.stream === 'none' && (this.recording === 'on' || take.journal.samples > 0)) {
      if (take.journal.samples > 0) this.recovery = 'recovering';
      this.#openStream();
      this.#changed();
    }
  }

  get sealed(): boolean {
    return this.#sealed;
  }

  /** The chosen microphone changed: switch devices without ending the recording (the stream just continues). */
  switchMicrophone(): void {
    if (this.recording !== 'on') return;
    void this.#microphone.start(this.options.microphoneId()).then((problem) => problem && void this.stop(problem));
  }

  /** Starts recording into the current field. Resolves false (with `problem` set) when it cannot. */
  async start(): Promise<boolean> {
    if (this.recording !== 'off' || this.options.connection.state !== 'ready') return false;
    this.problem = null;
    this.notice = null;
    if (this.#take?.stream === 'stopping') return false; // kept speech is being transcribed; a moment
    const field = this.#take?.field ?? this.options.currentField();
    if (!field) {
      this.problem = 'no-target';
      this.#changed();
      return false;
    }
    if (this.#take) this.#take.field = field; // a kept take whose field was not found goes where the user is now
    this.#take ??= this.#newTake(field);
    this.#setRecording('starting', null);
    const problem = await this.#microphone.start(this.options.microphoneId());
    // The await may have seen a stop or a lost link; TypeScript cannot know `recording` changed meanwhile.
    if ((this.recording as RecordingState) !== 'starting') {
      await this.#microphone.stop(); // stopped or removed while the microphone was starting
      return false;
    }
    if (problem) {
      this.problem = problem;
      this.#setRecording('off', 'error');
      this.#dropTakeIfEmpty();
      return false;
    }
    if (this.options.connection.state !== 'ready') {
      // The link died while the microphone was starting: record locally.
      this.#setRecording('on', null);
      this.recovery = 'keeping';
      this.#changed();
      return true;
    }
    this.#openStream();
    const stream = this.#take?.stream;
    if (stream === 'live') this.#setRecording('on', null); // the stream was already up (kept speech replaying)
    if (stream === 'none' || stream === undefined) {
      await this.#microphone.stop();
      this.#setRecording('off', 'error');
      return false;
    }
    return true;
  }

  /**
   * Before a logout: stop recording and wait (at most `timeoutMs`) for the server's last words, so they are in the
   * field when the page saves. What does not arrive in time stays in the journal.
   */
  async finish(timeoutMs = 3000): Promise<void> {
    if (this.recording === 'off' && this.#take?.stream !== 'stopping') return;
    const deadline = Date.now() + timeoutMs;
    await this.stop();
    while ((this.recording !== 'off' || this.#take?.stream === 'stopping') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The page saved its work: the text dictated so far is safe with it. */
  confirmSaved(): void {
    void this.#kept.run((store, owner) => store.deleteTexts(owner));
  }

  /** Stops recording; the last words still arrive and are inserted, or are kept for later if the link is down. */
  async stop(problem: RecordingProblem | null = null): Promise<void> {
    if (this.recording === 'off' || this.recording === 'stopping') return;
    if (problem) this.problem = problem;
    this.#setRecording('stopping', null);
    await this.#microphone.stop(); // its last partial frame arrives first
    this.level = 0;
    const take = this.#take;
    if (take && take.stream === 'live') {
      this.#pump(take, true);
      if (this.options.connection.stopRecording()) {
        take.stream = 'stopping';
        take.stopBy = 'user';
        return; // `stopped` ends it
      }
    }
    if (take && take.stream === 'starting') return; // `started` sends the audio and the stop
    void this.#persist();
    this.#setRecording('off', problem ? 'error' : 'stop');
    this.#settle();
  }

  /** The server's answer to a recording message. */
  onMessage(message: RecognitionMessage): void {
    const take = this.#take;
    switch (message.type) {
      case MessageType.Started:
        if (!take || take.stream !== 'starting') return;
        take.stream = 'live';
        if (this.recording === 'starting') this.#setRecording('on', null);
        this.#pump(take, this.recording === 'stopping' || this.recording === 'off');
        if (this.recording === 'stopping' || this.recording === 'off') {
          this.options.connection.stopRecording();
          take.stream = 'stopping';
          take.stopBy = 'user';
        }
        this.#changed();
        return;
      case MessageType.AudioAck:
        if (!take || take.stream !== 'live') return;
        take.acked = take.streamBase + message.received;
        this.#pump(take);
        return;
      case MessageType.Partial:
        this.partial = message.text;
        this.#changed();
        return;
      case MessageType.Final:
        if (!take || take.stream === 'none') return;
        this.partial = '';
        if (message.cut && take.stopBy !== 'user') {
          // Cut mid-word by an end the user did not ask for: unless `stopped` says otherwise, the utterance's audio
          // stays kept and is transcribed again, whole, on the next stream.
          take.held = { text: message.text, through: take.streamBase + message.through };
          this.#changed();
          return;
        }
        this.#onFinal(take, message.text, take.streamBase + message.through);
        return;
      case MessageType.Stopped: {
        if (!take) return;
        take.stream = 'none';
        const held = take.held;
        take.held = null;
        // The recording limit or a failed decoder: nothing will transcribe it again, so the cut text is kept.
        if (held && (message.reason === 'limit' || message.reason === 'error')) this.#onFinal(take, held.text, held.through);
        if (this.#sealed && this.recording === 'on') {
          take.owedUntil = Math.max(take.owedUntil, take.journal.end);
          this.recovery = 'keeping';
          this.#changed();
          return;
        }
        if (message.reason === 'limit') this.problem = 'recording-limit';
        if (message.reason === 'session-ended' || message.reason === 'shutdown') return; // the close that follows says what next
        if (this.recording !== 'off') {
          void this.#microphone.stop();
          this.level = 0;
          this.#setRecording('off', message.reason);
        }
        this.#settle();
        return;
      }
    }
  }

  /** A recording error from the server (busy, unavailable, failed). */
  onRecordingError(problem: RecordingProblem): void {
    this.problem = problem;
    const take = this.#take;
    if (take?.stream === 'starting') {
      // The recognizer refused the stream: stop the microphone; what was kept from before stays kept.
      take.stream = 'none';
      void this.#microphone.stop();
      this.level = 0;
      if (this.recording !== 'off') this.#setRecording('off', 'error');
      this.#dropTakeIfEmpty();
      if (this.#take) this.recovery = 'pending';
    }
    this.#changed();
  }

  /** The link went down (lost, or closed on purpose). Recording goes on locally; nothing said is dropped. */
  onLinkDown(loggedOut: boolean): void {
    const take = this.#take;
    this.partial = '';
    if (!take) return;
    take.stream = 'none';
    take.held = null; // its utterance is transcribed again, whole
    take.owedUntil = Math.max(take.owedUntil, take.journal.end);
    if (loggedOut) {
      // An explicit logout: the page saved its work first; the user chose to stop.
      void this.#microphone.stop();
      this.level = 0;
      if (this.recording !== 'off') this.#setRecording('off', 'session-ended');
    } else if (this.recording === 'stopping') {
      this.#setRecording('off', 'error');
    } else if (this.recording === 'starting' && this.#microphone.active) {
      this.#setRecording('on', null); // the server never said `started`: record locally
    }
    void this.#persist();
    this.#settle();
  }

  /** A link is up (a new login, or the bar came back): replay what is kept, then recover stored takes. */
  onLinkReady(): void {
    this.#sealed = false; // a new link is a new session
    const take = this.#take;
    if (take && (this.recording === 'on' || take.journal.samples > 0)) {
      if (take.journal.samples > 0) this.recovery = 'recovering';
      this.#openStream();
      this.#changed();
      return;
    }
    void this.#loadStored();
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.#onPageHide);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.#onPageHide);
    void this.#persist();
    // The durable journal has it: a page that puts the bar back recovers it from there.
    this.#take?.release();
    this.#take = null;
    this.#queue = [];
    this.#checkedStoreFor = null;
    this.recording = 'off';
    this.recovery = 'none';
  }

  /**
   * An explicit logout after the page's saves succeeded: deletes what is kept for `user`, except speech that is
   * still not transcribed (the last words did not arrive in time), which stays for the next login.
   */
  async forgetUser(user: string): Promise<void> {
    if (this.#take && this.#take.journal.samples > 0) {
      await this.#kept.run((store, owner) => store.deleteTexts(owner), user);
      return;
    }
    await this.#kept.run((store, owner) => store.deleteOwner(owner), user);
    this.#queue = [];
    this.#checkedStoreFor = null;
  }

  // ---- internals ----

  #newTake(field: EditableField): Take {
    const take: Take = {
      id: crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`,
      field,
      fieldKey: this.options.fieldKey(field),
      createdAt: Date.now(),
      anchor: null,
      journal: new AudioJournal(),
      stream: 'none',
      streamBase: 0,
      sent: 0,
      acked: 0,
      persisted: 0,
      owedUntil: 0,
      recoveredWords: 0,
      release: () => undefined,
      stopBy: null,
      held: null,
    };
    // The lock arrives asynchronously: a take already finished by then lets it go at once.
    let finished = false;
    take.release = () => (finished = true);
    void holdLock(take.id).then((release) => {
      if (finished) release?.();
      else if (release) take.release = release;
    });
    void this.#saveTakeInfo(take);
    return take;
  }

  #openStream(): void {
    const take = this.#take;
    if (!take || take.stream !== 'none' || this.#sealed || this.options.connection.state !== 'ready') return;
    if (!this.options.connection.startRecording()) return;
    take.stream = 'starting';
    take.stopBy = null;
    take.held = null;
    take.streamBase = take.sent = take.acked = take.journal.start;
  }

  /**
   * Sends what the current stream has not had yet, at most a window ahead of what the server acknowledged: a replay
   * is paced by the server instead of filling the socket ahead of the keep-alives. `all`: before a stop, everything.
   */
  #pump(take: Take, all = false): void {
    if (take.stream !== 'live') return;
    for (const piece of take.journal.read(take.sent, REPLAY_FRAME_SAMPLES)) {
      if (!all && take.sent - take.acked >= AUDIO_SEND_WINDOW_SAMPLES) return;
      if (!this.options.connection.sendAudio(piece)) return;
      take.sent += piece.length;
    }
  }

  #onFrame(pcm: Int16Array, level: number): void {
    const take = this.#take;
    this.level = level;
    if (!take || this.recording === 'off') return;
    take.journal.append(pcm);
    if (take.stream === 'live') this.#pump(take);
    else if (take.stream === 'none') take.owedUntil = take.journal.end;
    if (take.journal.end - take.persisted >= PERSIST_EVERY_SAMPLES) void this.#persist();
    if (take.stream === 'none' && take.journal.seconds >= MAX_KEPT_SECONDS) void this.stop('kept-limit');
    this.#changed();
  }

  #onFinal(take: Take, text: string, through: number): void {
    // The audio this final covers starts at the journal's start: if that was captured with no link, it is recovered.
    const recovered = take.journal.start < take.owedUntil;
    if (take.field && text.trim()) {
      const field = take.field;
      const anchor = take.anchor;
      const inserted = this.options.insert(field, text, anchor);
      take.anchor = null; // the caret is now right after what was inserted
      if (inserted) {
        if (recovered) take.recoveredWords += text.trim().split(/\s+/).length;
        // Until the page confirms a save, the text is kept too, with the place it went to.
        void this.#kept.run((store, owner) => store.appendText(owner, take.fieldKey, inserted.text, inserted.at));
      }
      void this.#saveTakeInfo(take);
    }
    take.journal.forgetBefore(through);
    void this.#kept.run((store) => store.forgetBefore(take.id, through));
    if (this.recovery === 'recovering' && take.journal.start >= take.owedUntil) this.#recovered(take);
    this.#changed();
  }

  #recovered(take: Take): void {
    this.recovery = 'none';
    const words = take.recoveredWords;
    this.notice = words > 0 ? ['recovered', words] : ['recoveredNothing'];
    take.recoveredWords = 0;
  }

  /** After a stream or the microphone ended: finish the take, or say what is kept. */
  #settle(): void {
    const take = this.#take;
    if (!take) return;
    const capturing = this.recording === 'on' || this.recording === 'starting';
    if (take.stream === 'none' && !capturing && take.journal.samples === 0) {
      if (this.recovery === 'recovering') this.#recovered(take);
      this.recovery = 'none';
      this.#take = null;
      take.release();
      void this.#kept.run((store) => store.deleteTake(take.id));
      if (this.#queue.length) void this.#recoverNext();
    } else if (take.stream === 'none') {
      this.recovery = capturing ? 'keeping' : 'pending';
    }
    this.#changed();
  }

  #dropTakeIfEmpty(): void {
    const take = this.#take;
    if (take && take.journal.samples === 0 && take.stream === 'none') {
      this.#take = null;
      take.release();
      void this.#kept.run((store) => store.deleteTake(take.id));
    }
  }

  /** Writes to the durable journal the audio it does not have yet. */
  async #persist(): Promise<void> {
    const take = this.#take;
    if (!take) return;
    const from = Math.max(take.persisted, take.journal.start);
    const [pcm] = take.journal.read(from, Number.MAX_SAFE_INTEGER);
    take.persisted = take.journal.end;
    if (pcm) await this.#kept.run((store) => store.appendAudio(take.id, from, pcm));
  }

  #saveTakeInfo(take: Take): Promise<void> {
    const field = take.field;
    const anchor = take.anchor ?? (field ? this.options.anchorOf(field) : { before: '', offset: 0 });
    const info = { id: take.id, field: take.fieldKey, before: anchor.before, offset: anchor.offset, createdAt: take.createdAt };
    return this.#kept.run((store, owner) => store.saveTake(owner, info, take.journal.start));
  }

  /** After a login: text and takes kept by an earlier page (reload, crash, redirect) are recovered, one by one. */
  async #loadStored(): Promise<void> {
    const user = this.options.user();
    if (!user || this.#checkedStoreFor === user) return;
    this.#checkedStoreFor = user;
    let texts: UnsavedText[] = [];
    let takes: StoredTake[] = [];
    await this.#kept.run(async (store, owner) => {
      texts = await store.texts(owner);
      takes = await store.takes(owner);
    });
    for (const unsaved of texts) this.#restoreText(unsaved);
    this.#queue.push(...takes);
    if (!this.#take) await this.#recoverNext();
  }

  /** Text dictated before the page went away and never confirmed saved: put back if the page did not keep it. */
  #restoreText(unsaved: UnsavedText): void {
    const field = this.options.findField(unsaved.field);
    if (!field) return;
    const content = 'value' in field ? (field as HTMLTextAreaElement).value : field.textContent ?? '';
    if (normalise(content).includes(normalise(unsaved.text))) return; // the page kept it
    if (!this.options.confirmRecovery({ field: unsaved.field, audio: null, text: unsaved.text })) return;
    const inserted = this.options.insert(field, unsaved.text, { before: unsaved.before, offset: unsaved.offset });
    if (!inserted) return;
    const words = unsaved.text.trim().split(/\s+/).length;
    this.notice = ['restored', words];
    this.#changed();
  }

  async #recoverNext(): Promise<void> {
    while (this.#queue.length && !this.#take) {
      const stored = this.#queue.shift()!;
      if (stored.audio.samples === 0) {
        void this.#kept.run((store) => store.deleteTake(stored.id));
        continue;
      }
      // Another tab of this browser may be recovering it (or still recording it): leave it to that tab.
      const release = await holdLock(stored.id, { ifAvailable: true });
      if (release === null || this.#take) {
        release?.();
        continue;
      }
      if (!this.options.confirmRecovery({ field: stored.field, audio: stored.audio, text: null })) {
        release();
        void this.#kept.run((store) => store.deleteTake(stored.id));
        continue;
      }
      const field = this.options.findField(stored.field) ?? this.options.currentField();
      this.#take = {
        id: stored.id,
        field,
        fieldKey: stored.field,
        createdAt: stored.createdAt,
        anchor: { before: stored.before, offset: stored.offset },
        journal: stored.audio,
        stream: 'none',
        streamBase: 0,
        sent: 0,
        acked: 0,
        persisted: stored.audio.end,
        owedUntil: stored.audio.end,
        recoveredWords: 0,
        release,
        stopBy: null,
        held: null,
      };
      this.recovery = field ? 'recovering' : 'pending';
      if (field) this.#openStream();
      this.#changed();
    }
  }

  #onPageHide = () => {
    // The words on screen are the journal's audio: write what it has not yet, and where the text goes.
    if (this.#take) void this.#saveTakeInfo(this.#take);
    void this.#persist();
  };

  #setRecording(recording: RecordingState, reason: StopReason | null): void {
    this.recording = recording;
    if (recording === 'off') this.partial = '';
    this.options.onRecordingChange(recording, reason);
    this.#changed();
  }

  #changed(): void {
    this.host.requestUpdate();
  }
}

/** Text as compared for "the page already has it": spacing and case do not matter. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
