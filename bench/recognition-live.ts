/**
 * The recognizer under live load, over real sockets: N clients stream speech in real time (50 ms frames, as the
 * browser's worklet sends them) to a server in its own process, and measure
 *  - end of speech -> final text: from the moment the speaker stopped (the last loud sample, in real time) to the
 *    final on the client, when the utterance is ended by the server's silence detection;
 *  - stop -> final: from the client's `stop` (sent 100 ms after the speech, STOP_AFTER_SPEECH_MS) to the final;
 *  - the keep-alive round trip, on every streaming socket and on an idle probe socket, while all N decode;
 *  - the word error rate of what came back.
 *
 *   npx tsx bench/recognition-live.ts [streams] [seconds]     (default: cores x 3 streams, 60 s)
 *   npx tsx bench/recognition-live.ts capacity [seconds]       (how many streams hold end of speech -> final p95 <= 400 ms)
 *   FRAME_SAMPLES=1600 npx tsx bench/recognition-live.ts 6 60  (another frame length than the bar's, to compare)
 *
 * Each stream stands for its own user: the server runs in single-user mode, so the per-user recording limit is lifted
 * to the number of streams and the one session's audio allowance is lifted too (in production each user has their
 * own), and the decoder slots are sized to hold them all. A stream the server
 * refuses, or that gets no answer for 30 s, is reported and ends the run: nothing hangs silently.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { AUDIO_SAMPLE_RATE, CLIENT_FRAME_SAMPLES } from '../protocol/index.js';
import { startApiServer } from '../scripts/api-server.mjs';
import { speech, silence, concat, wordErrorRate, written } from '../server/test/speech.js';

const SENTENCES = [
  'the patient reports mild chest pain since yesterday',
  'blood pressure is one hundred and twenty over eighty',
  'please call me back tomorrow morning',
  'lungs are clear with no edema',
  'follow up in two weeks',
];
/** FRAME_SAMPLES in the environment overrides the bar's frame length, to compare frame lengths. */
const FRAME_SAMPLES = Number(process.env.FRAME_SAMPLES) || CLIENT_FRAME_SAMPLES;
/**
 * A user who presses Stop does so a moment after the last word; the bar then sends the partial frame it holds, so
 * the audio ends here whatever the frame length (rounding up to a whole frame would give longer frames more
 * trailing silence, and the decoder more context, than the bar gives it).
 */
const STOP_AFTER_SPEECH_SAMPLES = (Number(process.env.STOP_AFTER_SPEECH_MS ?? 100) / 1000) * AUDIO_SAMPLE_RATE;
const PAUSE_SECONDS = 1.2;

const capacityMode = process.argv[2] === 'capacity';
const streamsArg = Number(process.argv[2]) || availableParallelism() * 3;
const secondsArg = Number(process.argv[3]) || (capacityMode ? 30 : 60);
/** Recognizer settings in the environment are passed on to the server, to compare them. */
const passed = Object.fromEntries(
  ['END_OF_SPEECH_MS', 'RECOGNIZER_SECOND_PASS', 'VOCABULARY_FILE'].flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])),
);
/** The target the capacity search holds: end of speech -> final text, p95. */
const TARGET_P95_MS = 400;
/** A stream that hears nothing back for this long is stuck: the run says so and ends. */
const STUCK_MS = 30_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const summary = (values: number[]) =>
  `${String(values.length).padStart(5)}  ${[50, 95, 99].map((p) => percentile(values, p).toFixed(1).padStart(7)).join('  ')}  ${Math.max(...values).toFixed(1).padStart(7)}`;

interface Utterance { text: string; audio: Int16Array; speechEnd: number }

/** The last sample louder than the noise floor: where the speaker stopped. */
function speechEnd(samples: Int16Array): number {
  for (let i = samples.length - 1; i >= 0; i--) if (Math.abs(samples[i]!) > 500) return i + 1;
  return 0;
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

interface RunResult {
  streams: number;
  endOfSpeech: number[];
  bySentence: Map<string, number[]>;
  stopToFinal: number[];
  keepAlive: number[];
  probeKeepAlive: number[];
  errors: number;
  failures: string[];
  wordErrorRate: number;
  words: number;
  rssAtStart: number;
  rssPeak: number;
}

async function utterancesToSay(): Promise<Utterance[]> {
  const utterances: Utterance[] = [];
  for (const text of SENTENCES) {
    const audio = await speech(text, { padSeconds: 0 });
    utterances.push({ text, audio: concat(audio, silence(PAUSE_SECONDS)), speechEnd: speechEnd(audio) });
  }
  return utterances;
}

/** Waits for `promise`, or fails with `what` after STUCK_MS. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const stuck = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing for ${STUCK_MS / 1000} s`)), STUCK_MS)));
  return Promise.race([promise, stuck]).finally(() => clearTimeout(timer));
}

async function run(utterances: Utterance[], streams: number, seconds: number): Promise<RunResult> {

  const server = await startApiServer({
    SESSION_MODE: 'single-user',
    DEV_CONTROLS: 'false',
    LOG_LEVEL: 'warn',
    // The product default (the test server loads fewer), or enough slots for every stream.
    RECOGNIZER_STREAMS_PER_WORKER: String(Math.max(3, Math.ceil(streams / availableParallelism()))),
    RECOGNIZER_WORKERS: String(availableParallelism()),
    // Single-user mode makes every stream the same user: each stands for its own user here.
    MAX_RECORDINGS_PER_USER: String(streams + 1),
    // ...and they share one session's audio allowance (real time per running recording, plus a burst): a stream that
    // restarts between two utterances lowers the rate for all, and the others' frames (a start among them) wait.
    AUDIO_BURST_SECONDS: '1000000',
    // One session holds every stream's socket and the probe's.
    MAX_SOCKETS_PER_SESSION: String(streams + 2),
    ...passed,
  });
  /** The server process's resident memory, MiB. */
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const rssAtStart = rss();
  let rssPeak = rssAtStart;
  const memoryWatch = setInterval(() => (rssPeak = Math.max(rssPeak, rss())), 1000);
  const url = `ws://127.0.0.1:${server.port}/api/dictation`;
  /** End of speech -> final per sentence: the tail comes mostly from one (its quiet last sound ends the speech late). */
  const bySentence = new Map(utterances.map((u) => [u.text, [] as number[]]));
  const stopToFinal: number[] = [];
  const keepAlive: number[] = [];
  const probeKeepAlive: number[] = [];
  let errors = 0;
  const failures: string[] = [];
  let wordErrors = 0;
  let words = 0;
  const deadline = performance.now() + seconds * 1000;

  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });

  /** Keep-alives every `everyMs` on `ws`, their round trips pushed to `into`. */
  function keepAlives(ws: WebSocket, everyMs: number, into: number[]): () => void {
    const sent = new Map<number, number>();
    let id = 0;
    ws.on('message', (data, binary) => {
      if (binary) return;
      const message = JSON.parse(data.toString()) as { type: string; id?: number };
      if (message.type === 'keepalive-ack' && sent.has(message.id!)) {
        into.push(performance.now() - sent.get(message.id!)!);
        sent.delete(message.id!);
      }
    });
    const timer = setInterval(() => {
      sent.set(++id, performance.now());
      ws.send(JSON.stringify({ type: 'keepalive', id }));
    }, everyMs);
    return () => clearInterval(timer);
  }

  async function client(index: number): Promise<void> {
    const ws = await open();
    const stopKeepAlives = keepAlives(ws, 1000, keepAlive);
    let finals: string[] = [];
    let speakerStoppedAt = Infinity;
    let stopSentAt = Infinity;
    let waitingFor: 'silence' | 'stop' = 'silence';
    let saying = '';
    let started: () => void = () => {};
    let refused: (error: Error) => void = () => {};
    let stopped: () => void = () => {};
    // One listener for the socket's life (one per start leaked a listener per utterance).
    ws.once('close', (code: number) => refused(new Error(`stream ${index}: socket closed (${code})`)));
    ws.on('message', (data, binary) => {
      if (binary) return;
      const message = JSON.parse(data.toString()) as { type: string; text?: string; code?: string };
      if (message.type === 'started') started();
      else if (message.type === 'stopped') stopped();
      else if (message.type === 'error') {
        errors++;
        refused(new Error(`stream ${index}: ${message.code}`));
      } else if (message.type === 'final' && message.text) {
        const now = performance.now();
        if (waitingFor === 'silence' && now >= speakerStoppedAt) bySentence.get(saying)!.push(now - speakerStoppedAt);
        if (waitingFor === 'stop' && now >= stopSentAt) stopToFinal.push(now - stopSentAt);
        finals.push(message.text);
        speakerStoppedAt = Infinity;
        stopSentAt = Infinity;
      }
    });
    const start = () =>
      within(
        new Promise<void>((resolve, reject) => {
          started = resolve;
          refused = reject;
          ws.send(JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le' }));
        }),
        `stream ${index}: start`,
      );
    // Streams start staggered, as real users do.
    await new Promise((r) => setTimeout(r, (index * 1000) / streams));
    await start();
    let clock = performance.now();
    for (let n = index; performance.now() < deadline; n++) {
      const utterance = utterances[n % utterances.length]!;
      // Every other utterance is ended by the user pressing Stop right after speaking.
      waitingFor = n % 2 === 0 ? 'silence' : 'stop';
      saying = utterance.text;
      finals = [];
      const length =
        waitingFor === 'stop' ? Math.min(utterance.audio.length, utterance.speechEnd + STOP_AFTER_SPEECH_SAMPLES) : utterance.audio.length;
      for (let offset = 0; offset < length; offset += FRAME_SAMPLES) {
        const end = Math.min(length, offset + FRAME_SAMPLES);
        clock += ((end - offset) / AUDIO_SAMPLE_RATE) * 1000;
        await sleepUntil(clock); // the frame is complete only once it has been spoken
        ws.send(utterance.audio.subarray(offset, end));
        if (utterance.speechEnd > offset && utterance.speechEnd <= end) {
          speakerStoppedAt = performance.now() - ((end - utterance.speechEnd) / 16000) * 1000;
        }
      }
      if (waitingFor === 'stop') {
        const done = new Promise<void>((resolve) => (stopped = resolve));
        stopSentAt = performance.now();
        ws.send(JSON.stringify({ type: 'stop' }));
        await within(done, `stream ${index}: stop`);
        await start();
        clock = performance.now();
      }
      const text = finals.join(' ');
      // The server writes the text (numbers, units, full stops after pauses): compare with what it writes.
      const reference = written(utterance.text);
      const wer = wordErrorRate(reference, text);
      const count = reference.split(' ').length;
      wordErrors += wer * count;
      words += count;
    }
    stopKeepAlives();
    ws.close();
  }

  const probe = await open();
  const stopProbe = keepAlives(probe, 100, probeKeepAlive);
  await Promise.all(
    Array.from({ length: streams }, (_, i) =>
      client(i).catch((err: unknown) => {
        failures.push(err instanceof Error ? err.message : String(err));
      }),
    ),
  );
  stopProbe();
  probe.close();
  clearInterval(memoryWatch);
  await server.stop();
  return { streams, endOfSpeech: [...bySentence.values()].flat(), bySentence, stopToFinal, keepAlive, probeKeepAlive, errors, failures, wordErrorRate: wordErrors / words, words, rssAtStart, rssPeak };
}

function report(result: RunResult, seconds: number): void {
  const { streams, endOfSpeech, stopToFinal, keepAlive, probeKeepAlive, errors, rssAtStart, rssPeak } = result;
  console.log(`node ${process.version}, ${availableParallelism()} cores, ${streams} live streams for ${seconds} s, server in its own process, settings: ${JSON.stringify(passed)}\n`);
  console.log('measure                              count   p50 ms   p95 ms   p99 ms   max ms');
  console.log(`end of speech -> final (silence)     ${summary(endOfSpeech)}`);
  console.log(`stop -> final                        ${summary(stopToFinal)}`);
  console.log(`keep-alive round trip, streaming     ${summary(keepAlive)}`);
  console.log(`keep-alive round trip, idle probe    ${summary(probeKeepAlive)}`);
  console.log('\nend of speech -> final, by sentence');
  for (const [text, values] of result.bySentence) if (values.length > 0) console.log(`  ${text.padEnd(53)}${summary(values)}`);
  console.log(`\nserver memory: ${rssAtStart.toFixed(0)} MiB after start, ${rssPeak.toFixed(0)} MiB peak`);
  console.log(`word error rate ${(result.wordErrorRate * 100).toFixed(1)} % over ${result.words} words; server errors: ${errors}`);
  for (const failure of result.failures) console.log(`FAILED ${failure}`);
}

async function main(): Promise<void> {
  const utterances = await utterancesToSay();
  if (!capacityMode) {
    report(await run(utterances, streamsArg, secondsArg), secondsArg);
    return;
  }
  // More streams until end of speech -> final p95 passes the target (or a stream fails); the last that held is the answer.
  console.log(`streams  end-of-speech p50  p95  p99 ms  stop->final p95  keep-alive p99  WER    failures`);
  let held = 0;
  for (let streams = availableParallelism(); ; streams += availableParallelism()) {
    const result = await run(utterances, streams, secondsArg);
    const p95 = percentile(result.endOfSpeech, 95);
    console.log(
      `${String(streams).padStart(7)}  ${[50, 95, 99].map((p) => percentile(result.endOfSpeech, p).toFixed(0).padStart(5)).join('')}       ${percentile(result.stopToFinal, 95).toFixed(0).padStart(8)}  ${percentile(result.keepAlive, 99).toFixed(1).padStart(14)}  ${(result.wordErrorRate * 100).toFixed(1).padStart(4)} %  ${result.failures.length}`,
    );
    for (const failure of result.failures) console.log(`         FAILED ${failure}`);
    if (result.failures.length > 0 || !(p95 <= TARGET_P95_MS)) break;
    held = streams;
  }
  console.log(`\n${held} real-time streams hold end of speech -> final p95 <= ${TARGET_P95_MS} ms on ${availableParallelism()} cores (${secondsArg} s a step).`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
