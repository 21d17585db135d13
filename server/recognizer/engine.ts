/**
 * The recognizer seen from the socket code. An engine turns a stream of 16 kHz mono 16-bit PCM into partial and
 * final text. To add an engine, implement {@link RecognizerEngine} in a folder of its own and add one entry to
 * `registry.ts` (which the configuration validates `RECOGNIZER` against); the dictation socket only ever talks to
 * this interface.
 */

import type { TimedWord, VocabularyEntry } from '../../protocol/index.js';

/** The only audio format on the wire and into engines. */
export const SAMPLE_RATE = 16_000;

export interface RecognitionCallbacks {
  /** The current guess for the utterance in progress; replaces the previous partial. */
  onPartial(text: string): void;
  /** An utterance ended (silence, the length limit, or `finish()`); its text will not change. */
  onFinal(final: EngineFinal): void;
  /** The stream cannot go on (the decoder failed). No more callbacks follow. */
  onError(error: Error): void;
  /**
   * The user's words given at `open` (or by `setVocabulary`) are in force from the next utterance: `words` phrases,
   * and those that could not be used. Not called for a stream opened without any.
   */
  onVocabulary?(applied: { words: number; skipped: string[] }): void;
}

export interface EngineFinal {
  /** The recognizer's words, lower case, unformatted. */
  text: string;
  /**
   * Samples of the stream, from its start, that this final accounts for (all the audio before it is transcribed).
   * `finish()` always ends with a final whose `through` is every sample written, even when its text is empty.
   */
  through: number;
  /** The stream ended while someone was still speaking, so the text may end mid-word. */
  cut: boolean;
  /** The sample where this utterance's speech began (null when nothing was said), so the pause before it is known. */
  spokeFrom: number | null;
  /** Other hypotheses for the utterance, best first (empty where the engine has none). */
  alternatives: string[];
  /** The words of `text` with the stream samples each spans (empty where the engine has no timings). */
  words: TimedWord[];
}

export interface RecognitionStream {
  /** Feeds PCM samples. Cheap: decoding happens elsewhere. */
  write(samples: Int16Array): void;
  /** The user's own words changed: used from the next utterance (one already being spoken keeps the old ones). */
  setVocabulary(vocabulary: readonly VocabularyEntry[]): void;
  /** No more audio: resolves once the last utterance's final (if any) has been delivered. */
  finish(): Promise<void>;
  /** Drops the stream without a final (the socket is gone). */
  abort(): void;
}

export interface StreamOptions {
  vocabulary?: readonly VocabularyEntry[];
}

export type EngineStatus = { available: true } | { available: false; reason: string };

export interface RecognizerEngine {
  readonly name: string;
  /** Whether streams can be opened, and if not why (said in the log and, shortly, to the user). */
  status(): EngineStatus;
  /**
   * Opens a stream. Throws {@link EngineBusyError} when every decoder slot is taken. `vocabulary`: the user's own
   * words and phrases (hers and her teams'), for this stream only; an engine that cannot use them ignores them.
   */
  open(callbacks: RecognitionCallbacks, options?: StreamOptions): RecognitionStream;
  /** Live streams, for logs and the benchmarks. */
  readonly activeStreams: number;
  close(): Promise<void>;
}

/** Every decoder slot is taken; the user should try again shortly. */
export class EngineBusyError extends Error {
  override name = 'EngineBusyError';
}

/** No engine or no model: the server runs, dictation does not. */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}

/** The engine to use when none could be loaded. */
export class UnavailableEngine implements RecognizerEngine {
  readonly name = 'none';
  readonly activeStreams = 0;
  constructor(private readonly reason: string) {}
  status(): EngineStatus {
    return { available: false, reason: this.reason };
  }
  open(): RecognitionStream {
    throw new EngineUnavailableError(this.reason);
  }
  async close(): Promise<void> {}
}

/** What every engine is configured with (from the RECOGNIZER_* variables); an engine uses what applies to it. */
export interface RecognizerConfig {
  /** A name in the registry (`registry.ts`). */
  engine: string;
  /** Holds `en-us/` (acoustic model), `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir: string;
  workers: number;
  streamsPerWorker: number;
  /** Silence that ends an utterance. */
  endOfSpeechMs: number;
  /** PocketSphinx's second (flat-lexicon) pass at each utterance end: fewer errors, about 90 ms more latency. */
  secondPass: boolean;
  /** An utterance longer than this is cut (its text is sent) and the next one starts. */
  maxUtteranceSeconds: number;
  /** A recording (start to stop) longer than this is stopped by the server, its text kept. */
  maxRecordingSeconds: number;
  /** Domain phrases and pronunciations, or '' for none. */
  vocabularyFile: string;
  /** Weight of the domain language model against the general one (0..1). */
  vocabularyWeight: number;
}

/** Where an engine says what it loaded and what is missing. */
export interface EngineLog {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/**
 * Starts an engine. Never throws: a missing library or model becomes an {@link UnavailableEngine} with the reason, so
 * a server without a recognizer still serves logins, sessions and keep-alives.
 */
export type EngineFactory = (config: RecognizerConfig, log: EngineLog) => Promise<RecognizerEngine>;
