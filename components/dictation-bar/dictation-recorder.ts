import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StopReason } from '../../protocol/index.js';
import { MicrophoneController } from './microphone-controller.js';
import type { RecorderOptions, RecordingSide, RecordingState, RecoveryState } from './recorder-options.js';
import type { RecordingProblem } from './recording-problems.js';
import { TakeStreamer } from './take-streamer.js';

export type { RecorderOptions, RecordingState, RecoveryState };

/**
 * The recording state machine: the microphone, from `off` through `starting` and `on` to `stopping` (the last words)
 * and back. What is said goes to the take in hand ({@link TakeStreamer}): its journal keeps every frame until the
 * server's text for it arrived, through a dead link, a reload or a crashed tab.
 */
export class DictationRecorder implements ReactiveController, RecordingSide {
  recording: RecordingState = 'off';
  problem: RecordingProblem | null = null;
  level = 0;

  readonly #microphone: MicrophoneController;
  /** The take in hand: what was said, the stream carrying it, what is kept and recovered. */
  readonly takes: TakeStreamer;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: RecorderOptions;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    options: RecorderOptions,
  ) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.#microphone = new MicrophoneController(host, options.workletUrl, {
      onFrame: (pcm, level) => this.#onFrame(new Int16Array(pcm), level),
      onProblem: (problem) => void this.stop(problem),
      onDevicesChange: (devices) => options.onDevicesChange(devices),
    });
    this.takes = new TakeStreamer(host, options, this);
  }

  /** The chosen microphone changed: switch devices without ending the recording (the stream just continues). */
  switchMicrophone(): void {
    if (this.recording !== 'on') return;
    void this.#microphone.start(this.#options.microphoneId()).then((problem) => problem && void this.stop(problem));
  }

  /** Starts recording into the current field. Resolves false (with `problem` set) when it cannot. */
  async start(): Promise<boolean> {
    if (this.recording !== 'off' || this.#options.connection.state !== 'ready') return false;
    const takes = this.takes;
    this.problem = null;
    takes.notice = null;
    if (takes.take?.stream === 'stopping') return false; // kept speech is being transcribed; a moment
    const field = takes.take?.field ?? this.#options.currentField();
    if (!field) {
      this.problem = 'no-target';
      this.#changed();
      return false;
    }
    takes.takeFor(field);
    this.setRecording('starting', null);
    const problem = await this.#microphone.start(this.#options.microphoneId());
    // The await may have seen a stop or a lost link; TypeScript cannot know `recording` changed meanwhile.
    if ((this.recording as RecordingState) !== 'starting') {
      await this.#microphone.stop(); // stopped or removed while the microphone was starting
      return false;
    }
    if (problem) {
      this.problem = problem;
      this.setRecording('off', 'error');
      takes.dropIfEmpty();
      return false;
    }
    if (this.#options.connection.state !== 'ready') {
      // The link died while the microphone was starting: record locally.
      this.setRecording('on', null);
      takes.recovery = 'keeping';
      this.#changed();
      return true;
    }
    takes.openStream();
    const stream = takes.take?.stream;
    if (stream === 'live') this.setRecording('on', null); // the stream was already up (kept speech replaying)
    if (stream === 'none' || stream === undefined) {
      await this.#microphone.stop();
      this.setRecording('off', 'error');
      return false;
    }
    return true;
  }

  /**
   * Before a logout: stop recording and wait (at most `timeoutMs`) for the server's last words, so they are in the
   * field when the page saves. What does not arrive in time stays in the journal.
   */
  async finish(timeoutMs = 3000): Promise<void> {
    const streaming = () => this.takes.take?.stream === 'stopping';
    if (this.recording === 'off' && !streaming()) return;
    const deadline = Date.now() + timeoutMs;
    await this.stop();
    while ((this.recording !== 'off' || streaming()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Stops recording; the last words still arrive and are inserted, or are kept for later if the link is down. */
  async stop(problem: RecordingProblem | null = null): Promise<void> {
    if (this.recording === 'off' || this.recording === 'stopping') return;
    if (problem) this.problem = problem;
    this.setRecording('stopping', null);
    await this.#microphone.stop(); // its last partial frame arrives first
    this.level = 0;
    const take = this.takes.take;
    if (take?.stream === 'live' && this.takes.stopStream(take, 'user')) return; // `stopped` ends it
    if (take?.stream === 'starting') return; // `started` sends the audio and the stop
    void this.takes.persist();
    this.setRecording('off', problem ? 'error' : 'stop');
    this.takes.settle();
  }

  /** A recording error from the server (busy, unavailable, failed). */
  onRecordingError(problem: RecordingProblem): void {
    this.problem = problem;
    if (this.takes.refused()) {
      // The recognizer refused the stream: stop the microphone.
      this.stopMicrophone();
      if (this.recording !== 'off') this.setRecording('off', 'error');
      // A take with nothing in it is dropped; one with kept speech waits for the next login.
      this.takes.dropIfEmpty();
      if (this.takes.take) this.takes.recovery = 'pending';
    }
    this.#changed();
  }

  /** The link went down (lost, or closed on purpose). Recording goes on locally; nothing said is dropped. */
  onLinkDown(loggedOut: boolean): void {
    if (!this.takes.onLinkDown()) return;
    if (loggedOut) {
      // An explicit logout: the page saved its work first; the user chose to stop.
      this.stopMicrophone();
      if (this.recording !== 'off') this.setRecording('off', 'session-ended');
    } else if (this.recording === 'stopping') {
      this.setRecording('off', 'error');
    } else if (this.recording === 'starting' && this.#microphone.active) {
      this.setRecording('on', null); // the server never said `started`: record locally
    }
    void this.takes.persist();
    this.takes.settle();
  }


  hostDisconnected(): void {
    this.takes.release();
    this.recording = 'off';
  }

  #onFrame(pcm: Int16Array, level: number): void {
    this.level = level;
    if (!this.takes.take || this.recording === 'off') return;
    this.takes.onFrame(pcm);
    this.#changed();
  }

  /** The stream ended by itself (a limit, an error): the microphone stops. */
  stopMicrophone(): void {
    void this.#microphone.stop();
    this.level = 0;
  }

  setRecording(recording: RecordingState, reason: StopReason | null): void {
    this.recording = recording;
    if (recording === 'off') this.takes.partial = '';
    this.#options.onRecordingChange(recording, reason);
    this.#changed();
  }

  #changed(): void {
    this.#host.requestUpdate();
  }
}
