/**
 * The recognizer under live load, over real sockets: N clients stream speech in real time (100 ms frames, as the
 * browser's worklet sends them) to a server in its own process, and measure
 *  - end of speech -> final text: from the moment the speaker stopped (the last loud sample, in real time) to the
 *    final on the client, when the utterance is ended by the server's silence detection;
 *  - stop -> final: from the client's `stop` (sent right after the speech) to the final;
 *  - the keep-alive round trip, on every streaming socket and on an idle probe socket, while all N decode;
 *  - the word error rate of what came back.
 *
 *   npx tsx bench/recognition-live.ts [streams] [seconds]     (default: cores x 3 streams, 60 s)
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startApiServer } from '../scripts/api-server.mjs';
import { speech, silence, concat, wordErrorRate } from '../server/test/speech.js';

const SENTENCES = [
  'the patient reports mild chest pain since yesterday',
  'blood pressure is one hundred and twenty over eighty',
  'please call me back tomorrow morning',
  'lungs are clear with no edema',
  'follow up in two weeks',
];
const FRAME_MS = 100;
const FRAME_SAMPLES = 1600;
const PAUSE_SECONDS = 1.2;

const streams = Number(process.argv[2]) || availableParallelism() * 3;
const seconds = Number(process.argv[3]) || 60;

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

async function main(): Promise<void> {
  const utterances: Utterance[] = [];
  for (const text of SENTENCES) {
    const audio = await speech(text, { padSeconds: 0 });
    utterances.push({ text, audio: concat(audio, silence(PAUSE_SECONDS)), speechEnd: speechEnd(audio) });
  }

  // Recognizer settings in the environment are passed on, to compare them.
  const passed = Object.fromEntries(
    ['END_OF_SPEECH_MS', 'RECOGNIZER_SECOND_PASS', 'VOCABULARY_FILE'].flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])),
  );
  const server = await startApiServer({
    SESSION_MODE: 'single-user',
    DEV_CONTROLS: 'false',
    LOG_LEVEL: 'warn',
    RECOGNIZER_STREAMS_PER_WORKER: '3', // the product default (the test server loads fewer)
    ...passed,
  });
  /** The server process's resident memory, MiB. */
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const rssAtStart = rss();
  let rssPeak = rssAtStart;
  const memoryWatch = setInterval(() => (rssPeak = Math.max(rssPeak, rss())), 1000);
  const url = `ws://127.0.0.1:${server.port}/api/dictation`;
  const endOfSpeech: number[] = [];
  const stopToFinal: number[] = [];
  const keepAlive: number[] = [];
  const probeKeepAlive: number[] = [];
  let errors = 0;
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
    let started: () => void = () => {};
    let stopped: () => void = () => {};
    ws.on('message', (data, binary) => {
      if (binary) return;
      const message = JSON.parse(data.toString()) as { type: string; text?: string; code?: string };
      if (message.type === 'started') started();
      else if (message.type === 'stopped') stopped();
      else if (message.type === 'error') {
        errors++;
        console.error(`stream ${index}: ${message.code}`);
      } else if (message.type === 'final' && message.text) {
        const now = performance.now();
        if (waitingFor === 'silence' && now >= speakerStoppedAt) endOfSpeech.push(now - speakerStoppedAt);
        if (waitingFor === 'stop' && now >= stopSentAt) stopToFinal.push(now - stopSentAt);
        finals.push(message.text);
        speakerStoppedAt = Infinity;
        stopSentAt = Infinity;
      }
    });
    const start = () =>
      new Promise<void>((resolve) => {
        started = resolve;
        ws.send(JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le' }));
      });
    // Streams start staggered, as real users do.
    await new Promise((r) => setTimeout(r, (index * 1000) / streams));
    await start();
    let clock = performance.now();
    for (let n = index; performance.now() < deadline; n++) {
      const utterance = utterances[n % utterances.length]!;
      // Every other utterance is ended by the user pressing Stop right after speaking.
      waitingFor = n % 2 === 0 ? 'silence' : 'stop';
      finals = [];
      const length = waitingFor === 'stop' ? Math.ceil(utterance.speechEnd / FRAME_SAMPLES) * FRAME_SAMPLES : utterance.audio.length;
      for (let offset = 0; offset < length; offset += FRAME_SAMPLES) {
        clock += FRAME_MS;
        await sleepUntil(clock); // the frame is complete only once its 100 ms have been spoken
        ws.send(utterance.audio.subarray(offset, offset + FRAME_SAMPLES));
        const end = offset + FRAME_SAMPLES;
        if (utterance.speechEnd > offset && utterance.speechEnd <= end) {
          speakerStoppedAt = performance.now() - ((end - utterance.speechEnd) / 16000) * 1000;
        }
      }
      if (waitingFor === 'stop') {
        const done = new Promise<void>((resolve) => (stopped = resolve));
        stopSentAt = performance.now();
        ws.send(JSON.stringify({ type: 'stop' }));
        await done;
        await start();
        clock = performance.now();
      }
      const text = finals.join(' ');
      const wer = wordErrorRate(utterance.text, text);
      const count = utterance.text.split(' ').length;
      wordErrors += wer * count;
      words += count;
    }
    stopKeepAlives();
    ws.close();
  }

  const probe = await open();
  const stopProbe = keepAlives(probe, 100, probeKeepAlive);
  await Promise.all(Array.from({ length: streams }, (_, i) => client(i)));
  stopProbe();
  probe.close();
  clearInterval(memoryWatch);
  await server.stop();

  console.log(`node ${process.version}, ${availableParallelism()} cores, ${streams} live streams for ${seconds} s, server in its own process, settings: ${JSON.stringify(passed)}\n`);
  console.log('measure                              count   p50 ms   p95 ms   p99 ms   max ms');
  console.log(`end of speech -> final (silence)     ${summary(endOfSpeech)}`);
  console.log(`stop -> final                        ${summary(stopToFinal)}`);
  console.log(`keep-alive round trip, streaming     ${summary(keepAlive)}`);
  console.log(`keep-alive round trip, idle probe    ${summary(probeKeepAlive)}`);
  console.log(`\nserver memory: ${rssAtStart.toFixed(0)} MiB after start, ${rssPeak.toFixed(0)} MiB peak`);
  console.log(`word error rate ${((wordErrors / words) * 100).toFixed(1)} % over ${words} words; server errors: ${errors}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
