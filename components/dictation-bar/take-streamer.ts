import type { ReactiveControllerHost } from 'lit';
import { finalCommand, MessageType } from '../../protocol/index.js';
import type { Phrase } from '../shared/localize.js';
import { PageLifecycleController } from '../shared/page-lifecycle.js';
import type { RecognitionMessage } from './dictation-connection.js';
import { KeptStore } from './kept-store.js';
import type { RecorderOptions, RecordingSide, RecoveryState } from './recorder-options.js';
import { lockTake } from './take-lock.js';
import {
  beginStream,
  countWords,
  createTake,
  dropStream,
  isOwed,
  MAX_KEPT_SECONDS,
  PERSIST_EVERY_SAMPLES,
  pump,
  type Take as AnyTake,
} from './take.js';
import type { EditableField } from './text-insertion.js';
import { KeptRecovery } from './kept-recovery.js';

type Take = AnyTake<EditableField>;

/**
 * The take in hand and the server stream that carries it: every captured frame goes into the take's journal and,
 * while a stream is live, to the server, paced by its acknowledgements; a `final` names how much audio its text
 * covers, and that audio is forgotten. When the link dies, the journal keeps what is said (up to
 * {@link MAX_KEPT_SECONDS}); when a link is up again, it is replayed on a new stream and its text goes where dictation
 * stopped. The journal is also written, encrypted, to IndexedDB, and what an earlier page kept is recovered from there.
 */
export class TakeStreamer {
  recovery: RecoveryState = 'none';
  /** A sentence about what was recovered, for the status bar. */
  notice: Phrase | null = null;
  partial = '';

  #take: Take | null = null;
  #sealed = false;
  /** The durable journal: the take's copy there, and the text it put into fields. */
  readonly kept: KeptStore;
  readonly #recovery: KeptRecovery;
  readonly #host: ReactiveControllerHost;
  readonly #options: RecorderOptions;
  readonly #side: RecordingSide;

  constructor(host: ReactiveControllerHost, options: RecorderOptions, side: RecordingSide) {
    this.#host = host;
    this.#options = options;
    this.#side = side;
    this.kept = new KeptStore(options.journalKey, options.anchorOf);
    this.#recovery = new KeptRecovery(this.kept, {
      ...options,
      busy: () => this.#take !== null,
      adopt: (take) => {
        this.#take = take;
        this.recovery = take.field ? 'recovering' : 'pending';
        if (take.field) this.openStream();
        this.#changed();
      },
      notice: (phrase) => {
        this.notice = phrase;
        this.#changed();
      },
    });
    // The words on screen are the journal's audio: write what it has not yet, and where the text goes.
    new PageLifecycleController(host, { leave: () => void this.persist(true) });
  }

  get take(): Take | null {
    return this.#take;
  }

  get sealed(): boolean {
    return this.#sealed;
  }

  /** Seconds of speech kept on this device that no delivered text covers yet. */
  get owedSeconds(): number {
    return this.#take?.journal.seconds ?? 0;
  }

  /** The take a recording into `field` goes on: the one in hand (kept speech goes where the user is now), or a new one. */
  takeFor(field: EditableField): void {
    if (this.#take) {
      this.#take.field = field;
      return;
    }
    const take = createTake({
      id: crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`,
      user: this.#options.user(),
      field,
      fieldKey: this.#options.fieldKey(field),
      createdAt: Date.now(),
    });
    lockTake(take);
    void this.kept.saveTakeInfo(take);
    this.#take = take;
  }

  /**
   * The session is about to end: the server's last words for what was said arrive now, and from here on speech is
   * only kept on this device (to be transcribed after the next login), so no text lands after the last save.
   */
  seal(): void {
    if (this.#sealed) return;
    this.#sealed = true;
    const take = this.#take;
    if (!take || take.stream !== 'live' || this.#side.recording !== 'on') return;
    this.stopStream(take, 'seal');
  }

  /** The session was extended after all: what was kept is transcribed now, and recording streams again. */
  unseal(): void {
    if (!this.#sealed) return;
    this.#sealed = false;
    if (this.#take?.stream === 'none') this.#replay();
  }

  /**
   * `user`'s session is live here (null: single-user mode): their journal key is fetched while the server is there.
   * Another user's take (kept through an outage) goes to the journal under its own user's key, for their next login.
   */
  sessionLive(user: string | null): void {
    if (user !== null) this.kept.unlock(user);
    if (this.#take && this.#take.user !== user) {
      if (this.#side.recording !== 'off') {
        this.#side.stopMicrophone();
        this.#side.setRecording('off', null);
      }
      this.release(true);
      this.notice = null;
      this.#changed();
    }
    this.kept.lockAllBut(user);
  }

  /** A link is up (a new login, or the bar came back): replay what is kept, then recover stored takes. */
  onLinkReady(): void {
    this.#sealed = false; // a new link is a new session
    if (!this.#replay()) void this.#recovery.load();
  }

  /** Opens a stream for what is kept (and what is being said); false when there is nothing to carry. */
  #replay(): boolean {
    const take = this.#take;
    if (!take || (this.#side.recording !== 'on' && take.journal.samples === 0)) return false;
    if (take.journal.samples > 0) this.recovery = 'recovering';
    this.openStream();
    this.#changed();
    return true;
  }

  openStream(): void {
    const take = this.#take;
    if (!take || take.stream !== 'none' || this.#sealed || this.#options.connection.state !== 'ready') return;
    if (this.#options.connection.startRecording(this.#options.format(), this.#options.commands())) beginStream(take);
  }

  /** Sends what is left, then asks the server to end the stream (the last final, then `stopped`). */
  stopStream(take: Take, by: 'user' | 'seal'): boolean {
    this.#pump(take, true);
    if (!this.#options.connection.stopRecording(by === 'user')) return false;
    take.stream = 'stopping';
    take.stopBy = by;
    return true;
  }

  #pump(take: Take, all = false): void {
    pump(take, (pcm) => this.#options.connection.sendAudio(pcm), all);
  }

  onFrame(pcm: Int16Array): void {
    const take = this.#take;
    if (!take) return;
    take.journal.append(pcm);
    if (take.stream === 'live') this.#pump(take);
    else if (take.stream === 'none') take.owedUntil = take.journal.end;
    if (take.journal.end - take.persisted >= PERSIST_EVERY_SAMPLES) void this.persist();
    if (take.stream === 'none' && take.journal.seconds >= MAX_KEPT_SECONDS) void this.#side.stop('kept-limit');
  }

  /** The server's answer to a recording message. */
  onMessage(message: RecognitionMessage): void {
    const take = this.#take;
    const recording = this.#side.recording;
    switch (message.type) {
      case MessageType.Started:
        if (!take || take.stream !== 'starting') return;
        take.stream = 'live';
        if (recording === 'starting') this.#side.setRecording('on', null);
        if (this.#side.recording === 'stopping' || this.#side.recording === 'off') {
          this.#pump(take, true);
          this.#options.connection.stopRecording(true);
          take.stream = 'stopping';
          take.stopBy = 'user';
        } else {
          this.#pump(take);
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
      case MessageType.Final: {
        if (!take || take.stream === 'none') return;
        this.partial = '';
        if (message.cut && take.stopBy !== 'user') {
          // Cut mid-word by an end not asked for: unless `stopped` says otherwise, kept and transcribed again, whole.
          take.held = { text: message.text, through: take.streamBase + message.through };
          this.#changed();
          return;
        }
        const command = finalCommand(message, (n) => this.#options.canChoose(n));
        this.#onFinal(take, command ? '' : message.text, take.streamBase + message.through, message.alternatives);
        if (command) this.#options.command(take.field, command);
        return;
      }
      case MessageType.Stopped: {
        if (!take) return;
        take.stream = 'none';
        const held = take.held;
        take.held = null;
        // The recording limit or a failed decoder: nothing will transcribe it again, so the cut text is kept.
        if (held && (message.reason === 'limit' || message.reason === 'error')) this.#onFinal(take, held.text, held.through);
        if (this.#sealed && this.#side.recording === 'on') {
          take.owedUntil = Math.max(take.owedUntil, take.journal.end);
          this.recovery = 'keeping';
          this.#changed();
          return;
        }
        if (message.reason === 'limit') this.#side.problem = 'recording-limit';
        if (message.reason === 'session-ended' || message.reason === 'shutdown') return; // the close that follows says what next
        if (this.#side.recording !== 'off') {
          this.#side.stopMicrophone();
          this.#side.setRecording('off', message.reason);
        }
        this.settle();
        return;
      }
    }
  }

  /** The recognizer refused the stream: what was kept from before stays kept. Whether there was a stream starting. */
  refused(): boolean {
    const take = this.#take;
    if (take?.stream !== 'starting') return false;
    take.stream = 'none';
    return true;
  }

  /** The link went down: the stream is gone, and everything captured so far is owed to a later one. */
  onLinkDown(): boolean {
    this.partial = '';
    if (!this.#take) return false;
    dropStream(this.#take);
    return true;
  }

  #onFinal(take: Take, text: string, through: number, alternatives?: readonly string[]): void {
    // The audio this final covers starts at the journal's start: if that was captured with no link, it is recovered.
    const recovered = isOwed(take);
    if (take.field && text.trim()) {
      const inserted = this.#options.insert(take.field, text, take.anchor, alternatives);
      take.anchor = null; // the caret is now right after what was inserted
      if (inserted) {
        if (recovered) take.recoveredWords += countWords(text);
        this.kept.keepText(take, inserted, alternatives);
      }
      void this.kept.saveTakeInfo(take);
    }
    take.journal.forgetBefore(through);
    this.kept.forgetBefore(take, through);
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
  settle(): void {
    const take = this.#take;
    if (!take) return;
    const capturing = this.#side.recording === 'on' || this.#side.recording === 'starting';
    if (take.stream === 'none' && !capturing && take.journal.samples === 0) {
      if (this.recovery === 'recovering') this.#recovered(take);
      this.recovery = 'none';
      this.#forgetTake(take);
      void this.#recovery.next();
    } else if (take.stream === 'none') {
      this.recovery = capturing ? 'keeping' : 'pending';
    }
    this.#changed();
  }

  dropIfEmpty(): void {
    const take = this.#take;
    if (take && take.journal.samples === 0 && take.stream === 'none') this.#forgetTake(take);
  }

  #forgetTake(take: Take): void {
    this.#take = null;
    this.#recovery.finished(take.id);
    take.release();
    this.kept.forget(take.id);
  }

  /** Writes to the durable journal what it does not have of the take yet (`withInfo`: its place updated too). */
  persist(withInfo = false): Promise<void> {
    return this.#take ? this.kept.keep(this.#take, withInfo) : Promise.resolve();
  }

  /** An explicit logout after saves succeeded: deletes what is kept for `user`, except speech not transcribed yet. */
  async forgetUser(user: string): Promise<void> {
    const speechKept = this.#take !== null && this.#take.journal.samples > 0;
    await this.kept.forgetUser(user, speechKept);
    if (speechKept) return;
    this.#recovery.reset();
    this.kept.lockAllBut(null); // nothing of theirs is left to write
  }

  /**
   * The bar left the page (`keepKeys` false), or another user logged in: the take goes to the durable journal only,
   * and a page that puts the bar back, or its user's next login, recovers it from there.
   */
  release(keepKeys = false): void {
    void this.persist(true); // with the key held now, dropped just after
    if (!keepKeys) this.kept.lockAllBut(null);
    this.#take?.release();
    this.#take = null;
    this.#recovery.reset();
    this.recovery = 'none';
    this.partial = '';
  }

  #changed(): void {
    this.#host.requestUpdate();
  }
}
