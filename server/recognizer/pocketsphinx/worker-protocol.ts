/** Messages between the main thread and a decoder worker (`decoder-worker.ts`). */
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
  | { t: 'open'; id: number }
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
  | { t: 'error'; id: number; message: string };
