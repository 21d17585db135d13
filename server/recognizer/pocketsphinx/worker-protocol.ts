/** Messages between the main thread and a decoder worker (`decoder-worker.ts`). */
import type { VocabularyEntry } from '../../../protocol/index.js';
import type { EngineFinal } from '../engine.js';

export interface DecoderSettings {
  /** Acoustic model directory, language model (.lm.bin or ARPA) and pronunciation dictionary (with any extra words). */
  hmm: string;
  lm: string;
  dict: string;
  /** Run the flat-lexicon second pass when an utterance ends. */
  secondPass: boolean;
  /** Frames (10 ms) of silence that end an utterance. */
  vadPostspeech: number;
  maxUtteranceSamples: number;
  /** Decoders to load before the worker says it is ready: one per stream slot. */
  decoders?: number;
  /** A domain language model (ARPA) interpolated with the general one, or null. */
  domainLm: { path: string; weight: number } | null;
}

export type ToWorker =
  /** `vocabulary`: the user's own words (none: the deployment's only). The stream's audio waits for `prepared`. */
  | { t: 'open'; id: number; vocabulary: readonly VocabularyEntry[] }
  /** The user's words changed: used from the stream's next utterance. */
  | { t: 'vocabulary'; id: number; vocabulary: readonly VocabularyEntry[] }
  | { t: 'audio'; id: number; pcm: ArrayBuffer }
  | { t: 'finish'; id: number }
  | { t: 'abort'; id: number };

export type FromWorker =
  | { t: 'ready'; loadMs: number }
  | { t: 'init-failed'; message: string }
  | { t: 'partial'; id: number; text: string }
  | ({ t: 'final'; id: number } & EngineFinal)
  /** An `audio` message was decoded (or dropped): the main thread may send the next chunk. */
  | { t: 'consumed'; id: number }
  | { t: 'finished'; id: number }
  /** Send no more of this stream's audio (its search is being switched) until `prepared`. */
  | { t: 'hold'; id: number }
  /**
   * The stream's search is ready: its audio may come. `personal`: it was asked for the user's words (at open, or a
   * change); `words`: her phrases in use; `skipped`: those that could not be used.
   */
  | { t: 'prepared'; id: number; ms: number; personal: boolean; words: number; skipped: { phrase: string; reason: string }[] }
  | { t: 'error'; id: number; message: string };
