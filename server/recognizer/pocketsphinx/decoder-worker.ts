// A decoder thread. It owns a few PocketSphinx decoders (one per live stream, reused afterwards) so decoding never
// blocks the event loop that answers keep-alives and HTTP.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { VocabularyEntry } from '../../../protocol/index.js';
import { LetterToSound } from '../letter-to-sound.js';
import { DecoderModels } from './decoder-models.js';
import { loadPocketSphinx, type PocketSphinxLibrary } from './native.js';
import { resolveVocabulary, vocabularyKey, type Pronunciations } from './personal-vocabulary.js';
import { UtteranceDecoder, type DecoderResult } from './utterance-decoder.js';
import type { DecoderSettings, FromWorker, ToWorker } from './worker-protocol.js';

const settings = workerData as DecoderSettings;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

interface Stream {
  decoder: DecoderModels;
  /** Null while the decoder's search is being built for this stream. */
  utterances: UtteranceDecoder | null;
  /** The user's words changed: switched to at the next pause between utterances. */
  pending: readonly VocabularyEntry[] | null;
  /** The decoder's search is being built for this stream: its audio waits in `backlog`. */
  preparing: boolean;
  /** Audio that came while the search was being switched (at most the chunk that was already on its way). */
  backlog: Int16Array[];
  /** What came while preparing, done once the search is ready. */
  then: 'finish' | 'abort' | null;
}

let lib: PocketSphinxLibrary;
const idle: DecoderModels[] = [];
const streams = new Map<number, Stream>();

/** Letter-to-sound guesses, kept (a user's list is resolved at every stream), at most this many. */
const guesses = new Map<string, string | null>();
// Started before the models load, while the process is small to fork.
const flite = new LetterToSound().start();
const MAX_GUESSES = 50_000;
const pronunciations = (decoder: DecoderModels): Pronunciations => ({
  lookup: (word) => lib.lookupWord(decoder.handle, word)?.replace(/\s+/g, ' ') ?? null,
  async guess(words) {
    const missing = words.filter((w) => !guesses.has(w));
    if (missing.length > 0) {
      if (guesses.size + missing.length > MAX_GUESSES) guesses.clear();
      for (const [word, phones] of await flite.guess(missing)) guesses.set(word, phones);
    }
    return new Map(words.map((w) => [w, guesses.get(w) ?? null]));
  },
});

function deliver(id: number, results: DecoderResult[]): void {
  for (const result of results) {
    if (result.type === 'final') post({ t: 'final', id, ...result });
    else post({ t: 'partial', id, text: result.text });
  }
}

/** A decoder that failed is not trusted again (nor one whose dictionary grew too big): a new one takes its place. */
function renew(decoder: DecoderModels): void {
  decoder.free();
  DecoderModels.create(lib, settings, true).then(
    (fresh) => idle.push(fresh),
    (err) => post({ t: 'init-failed', message: err instanceof Error ? err.message : String(err) }),
  );
}

function fail(id: number, err: unknown): void {
  const stream = streams.get(id);
  streams.delete(id);
  if (stream) renew(stream.decoder);
  post({ t: 'error', id, message: err instanceof Error ? err.message : String(err) });
}

function release(id: number): void {
  const stream = streams.get(id);
  if (!stream) return;
  streams.delete(id);
  if (stream.decoder.worn) renew(stream.decoder);
  else idle.push(stream.decoder);
}

/**
 * A decoder for a user: one whose search already has her words if one is idle, else one with nobody's; the most
 * recently used first (its cepstral mean has adapted to real audio: a fresh decoder misheard the tests' sentence).
 */
function takeDecoder(key: string | null): DecoderModels | undefined {
  const last = (wanted: string | null) => idle.map((d) => d.personalKey).lastIndexOf(wanted);
  let at = last(key);
  if (at < 0) at = last(null);
  return at >= 0 ? idle.splice(at, 1)[0] : idle.pop();
}

/** Builds the stream's search for `vocabulary`, then lets its audio come. */
async function prepare(id: number, stream: Stream, vocabulary: readonly VocabularyEntry[], personal: boolean): Promise<void> {
  const started = performance.now();
  stream.preparing = true;
  const resolved = vocabulary.length > 0 ? await resolveVocabulary(vocabulary, pronunciations(stream.decoder)) : null;
  await stream.decoder.use(resolved);
  stream.preparing = false;
  if (stream.then === 'abort') {
    release(id);
    return;
  }
  if (stream.utterances) stream.utterances.resume();
  else stream.utterances = new UtteranceDecoder(lib, stream.decoder.handle, settings.maxUtteranceSamples, settings.vadPostspeech);
  for (const pcm of stream.backlog.splice(0)) deliver(id, stream.utterances.push(pcm));
  const ms = Math.round(performance.now() - started);
  post({ t: 'prepared', id, ms, personal, words: resolved?.phrases.length ?? 0, skipped: resolved?.skipped ?? [] });
  if (stream.then === 'finish') handle({ t: 'finish', id });
  else switchIfBetween(id, stream);
}

/** Switches to the user's new words if the stream is between utterances (else it waits for the next pause). */
function switchIfBetween(id: number, stream: Stream): void {
  // One switch at a time: a change that comes while one is being built waits for it.
  if (!stream.pending || stream.preparing || !stream.utterances?.between) return;
  const vocabulary = stream.pending;
  stream.pending = null;
  post({ t: 'hold', id });
  stream.utterances.suspend();
  prepare(id, stream, vocabulary, true).catch((err) => fail(id, err));
}

function handle(message: ToWorker): void {
  const { id } = message;
  try {
    switch (message.t) {
      case 'open': {
        const decoder = takeDecoder(message.vocabulary.length > 0 ? vocabularyKey(message.vocabulary) : null);
        if (!decoder) throw new Error('no idle decoder on this thread');
        const stream: Stream = { decoder, utterances: null, pending: null, preparing: true, backlog: [], then: null };
        streams.set(id, stream);
        prepare(id, stream, message.vocabulary, message.vocabulary.length > 0).catch((err) => fail(id, err));
        return;
      }
      case 'vocabulary': {
        const stream = streams.get(id);
        if (!stream) return;
        stream.pending = message.vocabulary;
        switchIfBetween(id, stream);
        return;
      }
      case 'audio': {
        const stream = streams.get(id);
        try {
          const pcm = new Int16Array(message.pcm);
          if (stream?.preparing) stream.backlog.push(pcm);
          else if (stream?.utterances) deliver(id, stream.utterances.push(pcm));
        } finally {
          if (stream) switchIfBetween(id, stream);
          post({ t: 'consumed', id });
        }
        return;
      }
      case 'finish': {
        const stream = streams.get(id);
        if (stream?.preparing) {
          stream.then = 'finish';
          return;
        }
        if (stream?.utterances) deliver(id, stream.utterances.finish());
        release(id);
        post({ t: 'finished', id });
        return;
      }
      case 'abort': {
        const stream = streams.get(id);
        if (!stream) return;
        if (stream.preparing) {
          // Its search is being built: the decoder goes back once that is done.
          stream.then = 'abort';
          return;
        }
        stream.utterances?.finish();
        release(id);
        return;
      }
    }
  } catch (err) {
    fail(id, err);
  }
}

/**
 * Decoding yields the CPU to the main thread: on a busy machine keep-alives and logins must not wait behind
 * recognition, which only falls a little behind. Linux applies a nice value to the thread whose id it is given.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (Number.isInteger(tid)) setPriority(tid, DECODER_NICE);
  } catch {
    // Not Linux, or not allowed: decoding runs at normal priority.
  }
}
const DECODER_NICE = 10;

try {
  const started = performance.now();
  lib = loadPocketSphinx();
  // Every slot's decoder is loaded now: loading one later would stall the streams this thread is decoding.
  for (let i = 0; i < Math.max(1, settings.decoders ?? 1); i++) idle.push(await DecoderModels.create(lib, settings));
  // Only now: loading at nice 10 on a busy machine starved the start-up (no start within 20 s beside two busy cores).
  lowerThreadPriority();
  post({ t: 'ready', loadMs: Math.round(performance.now() - started) });
  port.on('message', handle);
} catch (err) {
  post({ t: 'init-failed', message: err instanceof Error ? err.message : String(err) });
}
