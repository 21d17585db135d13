import { Worker } from 'node:worker_threads';
import {
  EngineBusyError,
  EngineUnavailableError,
  type EngineStatus,
  type RecognitionCallbacks,
  type RecognitionStream,
  type RecognizerEngine,
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
  callbacks: RecognitionCallbacks;
  finished?: () => void;
}

interface DecoderThread {
  worker: Worker;
  streams: Map<number, Stream>;
}

/**
 * PocketSphinx in a pool of worker threads. Streams go to the least loaded thread with a free slot; when every slot
 * is taken `open()` throws {@link EngineBusyError}. A thread that dies fails its streams and is replaced.
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

  open(callbacks: RecognitionCallbacks): RecognitionStream {
    if (!this.#status.available) throw new EngineUnavailableError(this.#status.reason);
    const thread = this.#threads
      .filter((t) => t.streams.size < this.options.streamsPerWorker)
      .sort((a, b) => a.streams.size - b.streams.size)[0];
    if (!thread) throw new EngineBusyError('Every speech recognizer is busy. Try again in a moment.');
    const id = this.#nextId++;
    const stream: Stream = { callbacks };
    thread.streams.set(id, stream);
    const send = (message: ToWorker, transfer?: ArrayBuffer[]) => thread.worker.postMessage(message, transfer);
    send({ t: 'open', id });
    let ended = false;
    return {
      write(samples) {
        if (ended) return;
        // Copy into a buffer of our own and hand it over: no copy on the way to the thread.
        const pcm = samples.slice().buffer;
        send({ t: 'audio', id, pcm }, [pcm]);
      },
      finish: () => {
        // Already over, or failed (its error was reported and the thread forgot it).
        if (ended || !thread.streams.has(id)) return Promise.resolve();
        ended = true;
        return new Promise<void>((resolve) => {
          stream.finished = resolve;
          send({ t: 'finish', id });
        });
      },
      abort: () => {
        if (ended) return;
        ended = true;
        thread.streams.delete(id);
        send({ t: 'abort', id });
      },
    };
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
    const thread: DecoderThread = { worker, streams: new Map() };
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
    if (!stream) return;
    switch (message.t) {
      case 'partial':
        stream.callbacks.onPartial(message.text);
        break;
      case 'final':
        stream.callbacks.onFinal(message.text, message.through, message.cut);
        break;
      case 'finished':
        thread.streams.delete(message.id);
        stream.finished?.();
        break;
      case 'error':
        thread.streams.delete(message.id);
        stream.callbacks.onError(new Error(message.message));
        stream.finished?.();
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
