import {
  AUDIO_ACK_EVERY_SAMPLES,
  ErrorCode,
  type CommandOptions,
  type FinalMessage,
  type FormatOptions,
  MAX_AUDIO_FRAME_BYTES,
  MessageType,
  type ServerMessage,
  type StopReason,
  type VocabularyEntry,
} from '../../protocol/index.js';
import type { UserLists, VocabularyWatch } from '../content/vocabulary-feed.js';
import { formatTranscript } from '../formatting/index.js';
import { SentenceStops } from '../formatting/sentence-stops.js';
import { VoiceCommandMatcher } from './voice-command-matcher.js';
import {
  EngineBusyError,
  EngineUnavailableError,
  SAMPLE_RATE,
  type RecognitionStream,
  type RecognizerEngine,
} from '../recognizer/index.js';

export interface RecordingOptions {
  /** The engine in force when a recording starts. */
  engine: () => RecognizerEngine;
  send(message: ServerMessage): void;
  /** A recording is stopped by the server after this many seconds of audio. */
  maxRecordingSeconds: number;
  /** Audio arrived: the user is active. */
  onAudio(): void;
  /** A recording with no audio for this long is stopped at the next `stopIfIdle` (RECORDING_IDLE_SECONDS). */
  idleMs: number;
  clock: () => number;
  /** Takes one of the user's recording slots (MAX_RECORDINGS_PER_USER); false when they are all taken. */
  claimSlot(): Promise<boolean>;
  /** Gives the slot back: the decoder is free. */
  releaseSlot(): void;
  recordingsPerUser: number;
  /** The deployment's formatting; a `start` may ask for other options for its recording. */
  format: FormatOptions;
  /** The user's own words and auto-texts (hers and her teams'), and their changes while the recording runs. */
  vocabulary?: (onChange: (lists: UserLists) => void) => VocabularyWatch;
  /** Her words could not be read (the store is down): she dictates with the deployment's vocabulary. */
  onVocabularyError?: (err: unknown) => void;
}

/** What the recognizer learns of her lists: her words, and her auto-texts' names after "insert". */
const vocabularyOf = ({ words, autoTexts }: UserLists): VocabularyEntry[] => [...words, ...autoTexts.map((a) => ({ phrase: `insert ${a.name}` }))];

/** Milliseconds between the audio the previous final covered (`through`) and an utterance's speech (`spokeFrom`). */
export const pauseBefore = (spokeFrom: number, through: number) => Math.max(0, Math.round(((spokeFrom - through) * 1000) / SAMPLE_RATE));

/** How long a flush may take before the socket closes anyway (a stuck decoder must not hold a logout). */
export const FLUSH_TIMEOUT_MS = 2000;
/**
 * A user's stop waits for the decoder to catch up with the audio it was sent: a replay after an outage arrives
 * faster than real time, and its text must all be sent before `stopped`. Allowed: the backlog's duration on top of
 * FLUSH_TIMEOUT_MS. Decoders run at ~0.15 x real time, but their threads yield (nice 10): on a saturated machine
 * (a fresh-clone `npm test`, both cores busy) half the backlog's duration ran out and the replayed speech stayed kept
 * on the device, "press Dictate to transcribe it", for no fault. Nothing is lost past it either way: the client
 * keeps the audio that no final covered.
 */
const FLUSH_MS_PER_BACKLOG_SECOND = 1000;

/**
 * One socket's recording: `start`, binary PCM frames, `stop`. Streams audio into the engine and relays its partial
 * and final results; every way a recording ends sends the last final first and then `stopped`.
 */
export class Recording {
  #stream: RecognitionStream | null = null;
  /** Samples received since `start`; `final.through` counts in the same units. */
  #samples = 0;
  /** `through` of the last final: audio after it is not transcribed yet. */
  #through = 0;
  #stopping: Promise<void> | null = null;
  /** The server ended the recording: frames still in flight from the client are dropped quietly. */
  #endedByServer = false;
  /** When audio last came (or the recording started). */
  #lastAudioAt = 0;
  /** A `start` waits for its slot (a shared store answers asynchronously); the socket's frames wait with it. */
  #claiming = false;
  /** The socket went away while the slot was being claimed. */
  #gone = false;
  /** An utterance with speech was finalised in this recording (the next one has a pause before it). */
  #spoke = false;
  /** Full stops from pauses, for this recording's options. */
  #sentences: SentenceStops | null = null;
  /** The last final ended mid-speech. */
  #lastCut = false;
  /** Her words' changes reach the recording's stream while it runs. */
  #vocabulary: VocabularyWatch | null = null;

  constructor(private readonly options: RecordingOptions) {}

  get active(): boolean {
    return this.#stream !== null;
  }

  /** Resolves once `started` (or the reason it did not start) is sent; the caller holds the socket's frames till then. */
  async start(format: Partial<FormatOptions> = {}, commands: CommandOptions | false = false): Promise<void> {
    this.#endedByServer = false;
    if (this.#stream || this.#stopping || this.#claiming) {
      this.#error(ErrorCode.AlreadyRecording, 'A recording is already running on this connection; send "stop" first.');
      return;
    }
    this.#claiming = true;
    // Her lists are read while the slot is claimed (both may wait on a shared store).
    const voiceCommands = new VoiceCommandMatcher(commands, { ...this.options.format, ...format });
    const watch =
      this.options.vocabulary?.((lists) => {
        voiceCommands.setAutoTexts(lists.autoTexts);
        this.#stream?.setVocabulary(vocabularyOf(lists));
      }) ?? null;
    const read = (watch?.initial ?? Promise.resolve(null)).catch((err: unknown) => {
      this.options.onVocabularyError?.(err);
      return null;
    });
    const claimed = await this.options.claimSlot().finally(() => (this.#claiming = false));
    const lists = await read;
    if (lists) voiceCommands.setAutoTexts(lists.autoTexts);
    if (this.#gone || !claimed) watch?.stop();
    if (this.#gone) {
      if (claimed) this.options.releaseSlot();
      return;
    }
    if (!claimed) {
      const n = this.options.recordingsPerUser;
      this.#error(ErrorCode.TooManyRecordings, `This user already has ${n} recording${n === 1 ? '' : 's'} running; stop one first.`);
      return;
    }
    // Every final and partial of this recording is written the same way, live or a replay of kept audio.
    const options = { ...this.options.format, ...format };
    const sentences = (this.#sentences = new SentenceStops(options));
    try {
      this.#stream = this.options.engine().open({
        onPartial: (raw) => this.options.send({ type: MessageType.Partial, text: formatTranscript(raw, options) }),
        onFinal: ({ text: raw, through, cut, spokeFrom, alternatives, words }) => {
          // Audio time, not wall time: a replay of kept audio has the pauses the clinician made.
          const pause = spokeFrom !== null && this.#spoke ? pauseBefore(spokeFrom, this.#through) : undefined;
          const command = voiceCommands.matchUtterance(raw, alternatives);
          const written = command ? '' : formatTranscript(raw, options);
          // A command is run, never written: it neither ends nor starts a sentence.
          const final: FinalMessage = { type: MessageType.Final, text: command ? '' : sentences.utterance(written, pause), through };
          if (command) final.command = command;
          const choice = command ? null : voiceCommands.choiceAmong(alternatives);
          if (choice) final.choice = choice;
          if (cut) final.cut = true;
          this.#lastCut = cut;
          if (pause !== undefined) final.pause = pause;
          // Written as the text is, without the sentence's full stop: each replaces the utterance's words.
          const others = [...new Set(alternatives.map((a) => formatTranscript(a, options)))].filter((a) => a && a !== written);
          if (others.length > 0 && !command) final.alternatives = others;
          if (words.length > 0) final.words = words;
          if (spokeFrom !== null) this.#spoke = true;
          this.#through = through;
          this.options.send(final);
        },
        onError: (error) => {
          this.#error(ErrorCode.RecognizerFailed, `The speech recognizer failed: ${error.message}`);
          void this.stop('error');
        },
        onVocabulary: ({ words, skipped }) => this.options.send({ type: MessageType.Vocabulary, words, skipped }),
      }, { vocabulary: lists ? vocabularyOf(lists) : [] });
      this.#vocabulary = watch;
    } catch (err) {
      watch?.stop();
      this.options.releaseSlot();
      if (err instanceof EngineUnavailableError) {
        this.#error(ErrorCode.RecognizerUnavailable, `Speech recognition is not available on the server: ${err.message}`);
      } else if (err instanceof EngineBusyError) {
        this.#error(ErrorCode.RecognizerBusy, err.message);
      } else {
        this.#error(ErrorCode.RecognizerFailed, 'The speech recognizer could not start.');
      }
      return;
    }
    this.#samples = 0;
    this.#through = 0;
    this.#spoke = false;
    this.#lastAudioAt = this.options.clock();
    this.options.send({ type: MessageType.Started });
  }

  audio(data: Buffer): void {
    if (!this.#stream) {
      if (!this.#endedByServer && !this.#stopping) {
        this.#error(ErrorCode.NotRecording, 'Audio arrived before "start"; it was dropped.');
      }
      return;
    }
    if (data.length % 2 !== 0 || data.length > MAX_AUDIO_FRAME_BYTES) {
      this.#error(
        ErrorCode.BadAudioFrame,
        `Audio frames must be whole 16-bit samples and at most ${MAX_AUDIO_FRAME_BYTES} bytes (got ${data.length}); the frame was dropped.`,
      );
      return;
    }
    if (data.length === 0) return;
    // Copy: the socket's buffer may be a view into a larger, reused one, and may be oddly aligned.
    const samples = new Int16Array(data.length / 2);
    Buffer.from(samples.buffer).set(data);
    this.#stream.write(samples);
    this.#lastAudioAt = this.options.clock();
    const before = this.#samples;
    this.#samples += samples.length;
    if (Math.floor(this.#samples / AUDIO_ACK_EVERY_SAMPLES) > Math.floor(before / AUDIO_ACK_EVERY_SAMPLES)) {
      this.options.send({ type: MessageType.AudioAck, received: this.#samples });
    }
    this.options.onAudio();
    if (this.#samples >= this.options.maxRecordingSeconds * SAMPLE_RATE) void this.stop('limit');
  }

  /**
   * Flushes the last utterance, then says `stopped`. Safe to call in any state. `endSentence`: the clinician
   * stopped, so the last sentence ends (never when the page will carry on with kept audio).
   */
  stop(reason: StopReason, endSentence = false): Promise<void> {
    if (this.#stopping) return this.#stopping;
    const stream = this.#stream;
    if (!stream) {
      if (reason === 'stop') this.options.send({ type: MessageType.Stopped, reason });
      return Promise.resolve();
    }
    this.#stream = null;
    this.#stopWatching();
    this.options.releaseSlot();
    this.#endedByServer = reason !== 'stop';
    const backlogSeconds = (this.#samples - this.#through) / SAMPLE_RATE;
    const flushMs = FLUSH_TIMEOUT_MS + (reason === 'stop' ? backlogSeconds * FLUSH_MS_PER_BACKLOG_SECOND : 0);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, flushMs)));
    let flushed = false;
    const finished = stream.finish().then(() => (flushed = true));
    this.#stopping = Promise.race([finished, timeout]).then(() => {
      clearTimeout(timer);
      // The clinician's stop ends the sentence being dictated (when every final came: one that timed out may lack
      // words). Not a cut one: the page may transcribe that utterance again, and this final would cover its audio.
      const close = flushed && endSentence && !this.#lastCut ? this.#sentences?.closing() : '';
      if (close) this.options.send({ type: MessageType.Final, text: close, through: this.#through });
      // Past the timeout the audio still queued for the decoder is dropped: it must not hold a decoder for others.
      // The client keeps whatever no final covered.
      stream.abort();
      this.#stopping = null;
      this.options.send({ type: MessageType.Stopped, reason });
    });
    return this.#stopping;
  }

  /**
   * A recording that sends nothing holds a decoder another user may need (a bar always sends, silence included): past
   * the idle time it is stopped, and the client told why.
   */
  stopIfIdle(now: number): void {
    if (this.#stream && now - this.#lastAudioAt >= this.options.idleMs) void this.stop('idle');
  }

  /** The socket is gone: nobody to send results to. */
  abort(): void {
    this.#gone = true;
    if (!this.#stream) return;
    this.#stream.abort();
    this.#stream = null;
    this.#stopWatching();
    this.options.releaseSlot();
  }

  #stopWatching(): void {
    this.#vocabulary?.stop();
    this.#vocabulary = null;
  }

  #error(code: ErrorCode, message: string): void {
    this.options.send({ type: MessageType.Error, code, message });
  }
}
