/**
 * Word error rate and real-time factor of the recognizer on the held-out evaluation sets of bench/eval/ (clinical
 * sentences written apart from the vocabulary and never used to tune it; general English) in flite's voices, and on
 * human read speech (the LibriVox clips of Debian's pocketsphinx-testdata). Each configuration ("lever") is measured
 * on the same audio, so the rows say what each lever is worth.
 *
 *   npx tsx bench/recognition-accuracy.ts [voice ...]        (default: slt rms awb kal16)
 *   LEVERS=default,general npx tsx bench/recognition-accuracy.ts slt     (a subset)
 *   SETS=dev VOCABULARY_WEIGHT=0.5 npx tsx bench/recognition-accuracy.ts   (tuning: the development set only)
 *
 * Two decoder threads, one stream each: the RTF is what one stream costs one core.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config.js';
import { createEngine, type RecognizerEngine } from '../server/recognizer/index.js';
import { speech, wavSamples, wordErrorRate } from '../server/test/speech.js';

const EVAL = join(import.meta.dirname, 'eval');
const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';

/** The configurations compared: what each adds to the recognizer. */
const LEVERS: Record<string, Record<string, string>> = {
  general: { VOCABULARY_FILE: '' },
  /** The 40 phrases of vocabulary/clinical.txt before word classes (issue 22). */
  'phrases only': { VOCABULARY_FILE: join(EVAL, 'vocabulary-before-issue-22.txt') },
  default: {},
  /** Whatever the environment sets (VOCABULARY_WEIGHT, RECOGNIZER_*): for tuning on the development set. */
  env: Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(VOCABULARY_|RECOGNIZER_|END_OF_SPEECH)/.test(k))) as Record<string, string>,
  'second-pass': { RECOGNIZER_SECOND_PASS: 'true' },
};

async function sentences(file: string): Promise<string[]> {
  const text = await readFile(join(EVAL, file), 'utf8');
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** The human clips and what is said in them. */
async function humanClips(): Promise<{ text: string; samples: Int16Array }[]> {
  if (!existsSync(LIBRIVOX)) {
    console.warn(`${LIBRIVOX} is missing (Debian's pocketsphinx-testdata): no human speech measured.`);
    return [];
  }
  const lines = (await readFile(join(LIBRIVOX, 'transcription'), 'utf8')).split('\n').filter(Boolean);
  return Promise.all(
    lines.map(async (line) => {
      const [, text, id] = /^<s> (.*) <\/s> \((.*)\)$/.exec(line.trim())!;
      return { text: text!, samples: await wavSamples(join(LIBRIVOX, `${id}.wav`)) };
    }),
  );
}

const quiet = { info() {}, warn() {}, error() {} };

async function engineWith(env: Record<string, string>): Promise<RecognizerEngine> {
  const config = loadConfig({ COOKIE_SECRET: 'bench-secret-that-is-long-enough-1234', RECOGNIZER_WORKERS: '2', RECOGNIZER_STREAMS_PER_WORKER: '1', ...env });
  return createEngine(config.recognizer, quiet);
}

/** Feeds a whole sentence as fast as the decoder takes it; returns the raw words (unformatted) and the time. */
async function decode(engine: RecognizerEngine, samples: Int16Array): Promise<{ text: string; ms: number }> {
  const finals: string[] = [];
  const started = performance.now();
  const stream = engine.open({ onPartial() {}, onFinal: ({ text: t }) => finals.push(t), onError: (e) => { throw e; } });
  for (let i = 0; i < samples.length; i += 1600) stream.write(samples.subarray(i, i + 1600));
  await stream.finish();
  return { text: finals.join(' ').trim(), ms: performance.now() - started };
}

interface Item { set: string; voice: string; text: string; samples: Int16Array }
interface Tally { errors: number; words: number; ms: number; audioMs: number }

async function main(): Promise<void> {
  const voices = process.argv.slice(2).length ? process.argv.slice(2) : ['slt', 'rms', 'awb', 'kal16'];
  const levers = (process.env['LEVERS'] ?? Object.keys(LEVERS).join(',')).split(',');
  const items: Item[] = [];
  // SETS=dev measures the development sentences only: the set settings are tuned on (never the held-out one).
  const sets = process.env['SETS'] === 'dev' ? [['clinical (dev)', 'clinical-dev.txt'], ['general', 'general.txt']] : [['clinical (held out)', 'clinical-heldout.txt'], ['general', 'general.txt']];
  for (const [set, file] of sets as [string, string][]) {
    for (const voice of voices) {
      for (const text of await sentences(file)) items.push({ set, voice, text, samples: await speech(text, { voice, padSeconds: 0.3 }) });
    }
  }
  if (process.env['SETS'] !== 'dev') for (const clip of await humanClips()) items.push({ set: 'general, human (LibriVox)', voice: 'human', ...clip });

  const rows: string[] = [];
  const misses: string[] = [];
  for (const lever of levers) {
    const env = LEVERS[lever];
    if (!env) throw new Error(`unknown lever "${lever}" (${Object.keys(LEVERS).join(', ')})`);
    const engine = await engineWith(env);
    const tallies = new Map<string, Tally>();
    // Two at a time: one per decoder thread. Each takes every other item, not the next free one: a decoder carries
    // its channel estimate (live CMN) from one sentence to the next, so which sentences it heard before one changes
    // that one's errors; a fixed split makes a run repeat (with a shared queue, one configuration measured
    // 7.0 and 8.0 % on general English in two runs).
    const worker = async (first: number) => {
      for (let next = first; next < items.length; next += 2) {
        const item = items[next]!;
        const { text, ms } = await decode(engine, item.samples);
        const words = item.text.split(' ').length;
        const wer = wordErrorRate(item.text, text);
        const t = tallies.get(item.set) ?? { errors: 0, words: 0, ms: 0, audioMs: 0 };
        t.errors += wer * words;
        t.words += words;
        t.ms += ms;
        t.audioMs += (item.samples.length / 16000) * 1000;
        tallies.set(item.set, t);
        if (wer > 0) misses.push(`  [${lever}, ${item.voice}] "${item.text}" -> "${text}"`);
      }
    };
    await Promise.all([worker(0), worker(1)]);
    await engine.close();
    for (const [set, t] of tallies) rows.push(`| ${lever} | ${set} | ${t.words} | ${((t.errors / t.words) * 100).toFixed(1)} % | ${(t.ms / t.audioMs).toFixed(3)} |`);
  }
  console.log(`node ${process.version}, voices: ${voices.join(', ')}\n`);
  console.log('| lever | sentences | words | WER | RTF |');
  console.log('|---|---|---:|---:|---:|');
  for (const row of rows) console.log(row);
  if (process.env['MISSES']) console.log(`\nSentences with errors:\n${misses.join('\n')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
