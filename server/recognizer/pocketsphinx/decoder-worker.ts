// A decoder thread. It owns a few PocketSphinx decoders (one per live stream, reused afterwards) so decoding never
// blocks the event loop that answers keep-alives and HTTP.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadPocketSphinx, type PocketSphinxLibrary } from './native.js';
import { UtteranceDecoder, type DecoderResult } from './utterance-decoder.js';
import type { DecoderSettings, FromWorker, ToWorker } from './worker-protocol.js';

const settings = workerData as DecoderSettings;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

interface Decoder {
  handle: unknown;
  config: unknown;
}

let lib: PocketSphinxLibrary;
const idle: Decoder[] = [];
const streams = new Map<number, { decoder: Decoder; utterances: UtteranceDecoder }>();

function createDecoder(): Decoder {
  const config = lib.config({
    '-hmm': settings.hmm,
    '-lm': settings.lm,
    '-dict': settings.dict,
    '-vad_postspeech': String(settings.vadPostspeech),
    // At most 5000 active HMMs per frame (default 30000): with the word-class vocabulary, 3000 cost general English
    // a point (8.2-8.6 % against 7.4 % on the development run) and 10000 doubled the real-time factor (0.29) for
    // nothing more (bench/recognition-accuracy.ts, bench/README.md).
    '-maxhmmpf': '5000',
    // The second pass re-decodes the whole utterance when it ends: it delays every final by ~90 ms (p95 end of
    // speech -> final 413 ms with it, 349 ms without) for about one word error in 150. Off unless configured.
    '-fwdflat': settings.secondPass ? 'yes' : 'no',
  });
  if (!config) throw new Error('PocketSphinx rejected its configuration');
  const handle = lib.init(config);
  if (!handle) throw new Error(`PocketSphinx could not load the model (${settings.hmm})`);
  if (settings.domainLm && !lib.addDomainLanguageModel(handle, config, settings.domainLm.path, settings.domainLm.weight)) {
    throw new Error(`PocketSphinx could not load the domain language model ${settings.domainLm.path}`);
  }
  return { handle, config };
}

function deliver(id: number, results: DecoderResult[]): void {
  for (const result of results) {
    if (result.type === 'final') post({ t: 'final', id, ...result });
    else post({ t: 'partial', id, text: result.text });
  }
}

function release(id: number): void {
  const stream = streams.get(id);
  if (!stream) return;
  streams.delete(id);
  idle.push(stream.decoder);
}

function handle(message: ToWorker): void {
  const { id } = message;
  try {
    switch (message.t) {
      case 'open': {
        const decoder = idle.pop() ?? createDecoder();
        streams.set(id, { decoder, utterances: new UtteranceDecoder(lib, decoder.handle, settings.maxUtteranceSamples, settings.vadPostspeech) });
        return;
      }
      case 'audio': {
        const stream = streams.get(id);
        try {
          if (stream) deliver(id, stream.utterances.push(new Int16Array(message.pcm)));
        } finally {
          post({ t: 'consumed', id });
        }
        return;
      }
      case 'finish': {
        const stream = streams.get(id);
        if (stream) deliver(id, stream.utterances.finish());
        release(id);
        post({ t: 'finished', id });
        return;
      }
      case 'abort': {
        const stream = streams.get(id);
        if (stream) stream.utterances.finish();
        release(id);
        return;
      }
    }
  } catch (err) {
    // A decoder that failed is not trusted again.
    streams.delete(id);
    post({ t: 'error', id, message: err instanceof Error ? err.message : String(err) });
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
  for (let i = 0; i < Math.max(1, settings.decoders ?? 1); i++) idle.push(createDecoder());
  // Only now: loading at nice 10 on a busy machine starved the start-up (no start within 20 s beside two busy cores).
  lowerThreadPriority();
  post({ t: 'ready', loadMs: Math.round(performance.now() - started) });
  port.on('message', handle);
} catch (err) {
  post({ t: 'init-failed', message: err instanceof Error ? err.message : String(err) });
}
