import { Worker } from 'node:worker_threads';
import {
  EngineBusyError,
  EngineUnavailableError,
  type EngineStatus,
  type RecognitionCallbacks,
  type RecognitionStream,
  type RecognizerEngine,
  type StreamOptions,
} from '../engine.js';
import type { DecoderSettings, FromWorker, ToWorker } from './worker-protocol.js';
import { decoderWorkerUrl } from './worker-bundle.js';

export interface PocketSphinxEngineOptions {
  settings: DecoderSettings;
  /** Decoder threads; one per core by default. */
  workers: number;
  /** Streams one thread decodes at once (PocketSphinx runs at ~0.2 x real time, so a core keeps up with ~4). */
  streamsPerWorker: number;
  log?: { info(msg: string): void; error(msg: string): void };
}

interface Stream {
  id: number;
  callbacks: RecognitionCallbacks;
  /** Audio not handed to the thread yet: it stays here so that a stop or an abort can drop it at once. */
  queue: Int16Array[];
  /** A chunk of this stream is being decoded. */
  busy: boolean;
  /** The thread is building the stream's search (its user's words): its audio waits here. */
  held: boolean;
  /** finish() was called: `finish` goes to the thread once the queue is empty. */
  finishing: boolean;
  finishSent: boolean;
  finished?: () => void;
}

interface DecoderThread {
  worker: Worker;
  streams: Map<number, Stream>;
  /** Audio chunks posted and not yet decoded. */
  inFlight: number;
  /** Round-robin position: the stream served last. */
  lastServed: number;
}

/**
 * A thread gets one chunk of at most half a second per stream, and at most two chunks at a time: a stream with minutes
 * of backlog (a replay after an outage, or a client sending faster than real time) waits its turn behind the live
 * streams instead of ahead of them, and its backlog can be dropped on the main thread.
 */
const CHUNK_SAMPLES = 8_000;
const CHUNKS_IN_FLIGHT = 2;

/**
 * PocketSphinx in a pool of worker threads. Streams go to the least loaded thread with a free slot; when every slot
 * is taken `open()` throws {@link EngineBusyError}. Each thread decodes its streams' audio in turns (one chunk each),
 * fed from queues kept here. A thread that dies fails its streams and is replaced.
 */
export class PocketSphinxEngine implements RecognizerEngine {
  readonly name = 'pocketsphinx';
  #threads: DecoderThread[] = [];
  #status: EngineStatus = { available: false, reason: 'The recognizer is still loading.' };
  #nextId = 1;
  #closing = false;
  #workerUrl: URL | null = null;

  private constructor(private readonly options: PocketSphinxEngineOptions) {}

  /** Starts the threads and waits for each to load its model. Never rejects: failure is an unavailable status. */
  static async start(options: PocketSphinxEngineOptions): Promise<PocketSphinxEngine> {
    const engine = new PocketSphinxEngine(options);
    const started = performance.now();
    let url: URL;
    try {
      url = await decoderWorkerUrl();
    } catch (err) {
      engine.#status = { available: false, reason: `The decoder could not be built: ${err instanceof Error ? err.message : String(err)}` };
      return engine;
    }
    engine.#workerUrl = url;
    const results = await Promise.all(Array.from({ length: options.workers }, () => engine.#spawn()));
    const failure = results.find((r) => r !== null);
    if (failure) {
      engine.#status = { available: false, reason: failure };
      await engine.close();
    } else {
      engine.#status = { available: true };
      options.log?.info(
        `PocketSphinx ready: ${options.workers} decoder thread(s) x ${options.streamsPerWorker} streams, ` +
          `models loaded in ${Math.round(performance.now() - started)} ms`,
      );
    }
    return engine;
  }

  status(): EngineStatus {
    return this.#status;
  }

  get activeStreams(): number {
    return this.#threads.reduce((n, t) => n + t.streams.size, 0);
  }

  open(callbacks: RecognitionCallbacks, options: StreamOptions = {}): RecognitionStream {
    if (!this.#status.available) throw new EngineUnavailableError(this.#status.reason);
    const thread = this.#threads
      .filter((t) => t.streams.size < this.options.streamsPerWorker)
      .sort((a, b) => a.streams.size - b.streams.size)[0];
    if (!thread) throw new EngineBusyError('Every speech recognizer is busy. Try again in a moment.');
    const id = this.#nextId++;
    const stream: Stream = { id, callbacks, queue: [], busy: false, held: true, finishing: false, finishSent: false };
    thread.streams.set(id, stream);
    thread.worker.postMessage({ t: 'open', id, vocabulary: options.vocabulary ?? [] } satisfies ToWorker);
    let ended = false;
    return {
      write: (samples) => {
        if (ended || !thread.streams.has(id)) return;
        stream.queue.push(samples.slice());
        this.#dispatch(thread);
      },
      setVocabulary: (vocabulary) => {
        if (ended || !thread.streams.has(id)) return;
        thread.worker.postMessage({ t: 'vocabulary', id, vocabulary } satisfies ToWorker);
      },
      finish: () => {
        // Already over, or failed (its error was reported and the thread forgot it).
        if (ended || !thread.streams.has(id)) return Promise.resolve();
        ended = true;
        return new Promise<void>((resolve) => {
          stream.finished = resolve;
          stream.finishing = true;
          this.#dispatch(thread);
        });
      },
      abort: () => {
        if (!thread.streams.has(id)) return;
        ended = true;
        // Queued audio is dropped here and now; at most the chunk being decoded finishes.
        stream.queue = [];
        thread.streams.delete(id);
        thread.worker.postMessage({ t: 'abort', id } satisfies ToWorker);
        stream.finished?.();
      },
    };
  }

  /** Hands the thread its next chunks: one per stream at a time, streams in turn. */
  #dispatch(thread: DecoderThread): void {
    const streams = [...thread.streams.values()];
    if (streams.length === 0) return;
    let start = streams.findIndex((s) => s.id > thread.lastServed);
    if (start < 0) start = 0;
    for (let n = 0; n < streams.length && thread.inFlight < CHUNKS_IN_FLIGHT; n++) {
      const stream = streams[(start + n) % streams.length]!;
      if (stream.busy || stream.held) continue;
      if (stream.queue.length > 0) {
        const pcm = takeChunk(stream.queue);
        stream.busy = true;
        thread.inFlight++;
        thread.lastServed = stream.id;
        thread.worker.postMessage({ t: 'audio', id: stream.id, pcm } satisfies ToWorker, [pcm]);
      } else if (stream.finishing && !stream.finishSent) {
        stream.finishSent = true;
        thread.worker.postMessage({ t: 'finish', id: stream.id } satisfies ToWorker);
      }
    }
  }

  async close(): Promise<void> {
    this.#closing = true;
    const threads = this.#threads;
    this.#threads = [];
    for (const thread of threads) this.#failStreams(thread, 'The recognizer is shutting down.');
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** Resolves null when the thread is ready, or the reason it could not start. */
  #spawn(): Promise<string | null> {
    const worker = new Worker(this.#workerUrl!, { workerData: { ...this.options.settings, decoders: this.options.streamsPerWorker } });
    const thread: DecoderThread = { worker, streams: new Map(), inFlight: 0, lastServed: 0 };
    this.#threads.push(thread);
    return new Promise((resolve) => {
      worker.on('message', (message: FromWorker) => {
        if (message.t === 'ready') resolve(null);
        else if (message.t === 'init-failed') resolve(message.message);
        else this.#onResult(thread, message);
      });
      worker.on('error', (err) => {
        this.options.log?.error(`decoder thread failed: ${err.message}`);
        resolve(err.message);
      });
      worker.on('exit', () => {
        this.#threads = this.#threads.filter((t) => t !== thread);
        this.#failStreams(thread, 'The speech recognizer stopped unexpectedly.');
        // Keep the pool at its size unless we are shutting down or never started.
        if (!this.#closing && this.#status.available) void this.#spawn();
      });
    });
  }

  #onResult(thread: DecoderThread, message: Exclude<FromWorker, { t: 'ready' | 'init-failed' }>): void {
    const stream = thread.streams.get(message.id);
    if (message.t === 'consumed') {
      thread.inFlight--;
      if (stream) stream.busy = false;
      this.#dispatch(thread);
      return;
    }
    if (!stream) return;
    switch (message.t) {
      case 'partial':
        stream.callbacks.onPartial(message.text);
        break;
      case 'final':
        stream.callbacks.onFinal(message);
        break;
      case 'hold':
        stream.held = true;
        break;
      case 'prepared':
        stream.held = false;
        if (message.skipped.length > 0) {
          // The count only: a clinician's words may name patients, and logs are read by others.
          this.options.log?.info(`personal vocabulary: ${message.skipped.length} phrase(s) without a usable pronunciation left out`);
        }
        if (message.personal) stream.callbacks.onVocabulary?.({ words: message.words, skipped: message.skipped.map((s) => s.phrase) });
        this.#dispatch(thread);
        break;
      case 'finished':
        thread.streams.delete(message.id);
        stream.finished?.();
        break;
      case 'error':
        thread.streams.delete(message.id);
        stream.queue = [];
        stream.callbacks.onError(new Error(message.message));
        stream.finished?.();
        this.#dispatch(thread);
        break;
    }
  }

  #failStreams(thread: DecoderThread, reason: string): void {
    for (const stream of thread.streams.values()) {
      stream.callbacks.onError(new Error(reason));
      stream.finished?.();
    }
    thread.streams.clear();
  }
}

/** Takes up to {@link CHUNK_SAMPLES} from the front of the queue, as one transferable buffer. */
function takeChunk(queue: Int16Array[]): ArrayBuffer {
  let size = 0;
  let count = 0;
  while (count < queue.length && (count === 0 || size + queue[count]!.length <= CHUNK_SAMPLES)) size += queue[count++]!.length;
  const chunk = new Int16Array(size);
  let offset = 0;
  for (const piece of queue.splice(0, count)) {
    chunk.set(piece, offset);
    offset += piece.length;
  }
  return chunk.buffer;
}
