/**
 * Word error rate and real-time factor of the recognizer, with and without the domain vocabulary, on sentences
 * synthesised by flite in several voices. The clinical sentences use the vocabulary's words in sentences that are
 * NOT among its phrases, so the figure says whether the vocabulary generalises, not whether it memorised.
 *
 *   npx tsx bench/recognition-accuracy.ts [voice ...]        (default: slt rms awb kal16)
 *
 * One decoder thread, one stream at a time: the RTF is what one stream costs one core.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config.js';
import { createEngine, type RecognizerEngine } from '../server/recognizer/index.js';
import { speech, wordErrorRate } from '../server/test/speech.js';

const CLINICAL = [
  'the patient denies shortness of breath',
  'history of diabetes and atrial fibrillation',
  'continue metoprolol and lisinopril',
  'lungs are clear with no edema',
  'blood pressure is one hundred and forty over ninety',
  'order troponin and refer to cardiology',
  'the abdomen is soft with mild tenderness',
  'she reports chest pain radiating to the left arm',
];

const GENERAL = [
  'please call me back tomorrow morning',
  'the meeting was moved to next week',
  'we need to buy more paper for the office',
  'the weather has been very cold this month',
  'send the letter to the main office',
  'he will arrive at the station at noon',
];

const voices = process.argv.slice(2).length ? process.argv.slice(2) : ['slt', 'rms', 'awb', 'kal16'];
const quiet = { info() {}, warn() {}, error() {} };

async function engineWith(env: Record<string, string>): Promise<RecognizerEngine> {
  const config = loadConfig({ COOKIE_SECRET: 'bench-secret-that-is-long-enough-1234', RECOGNIZER_WORKERS: '1', ...env });
  return createEngine(config.recognizer, quiet);
}

/** Feeds a whole sentence as fast as the decoder takes it; returns the text and the decoding time. */
async function decode(engine: RecognizerEngine, samples: Int16Array): Promise<{ text: string; ms: number }> {
  const finals: string[] = [];
  const started = performance.now();
  const stream = engine.open({ onPartial() {}, onFinal: (t) => finals.push(t), onError: (e) => { throw e; } });
  for (let i = 0; i < samples.length; i += 1600) stream.write(samples.subarray(i, i + 1600));
  await stream.finish();
  return { text: finals.join(' ').trim(), ms: performance.now() - started };
}

interface Tally { errors: number; words: number; ms: number; audioMs: number }
const tally = (): Tally => ({ errors: 0, words: 0, ms: 0, audioMs: 0 });

async function main(): Promise<void> {
  const configs: [string, Record<string, string>][] = [
    ['general model only', { VOCABULARY_FILE: '' }],
    ['with vocabulary/clinical.txt (default)', {}],
    ['vocabulary + second pass', { RECOGNIZER_SECOND_PASS: 'true' }],
  ];
  const rows: string[] = [];
  const misses: string[] = [];
  for (const [label, env] of configs) {
    const loadStart = performance.now();
    const engine = await engineWith(env);
    const loadMs = performance.now() - loadStart;
    const sets = { clinical: tally(), general: tally() };
    for (const voice of voices) {
      for (const [set, sentences] of [['clinical', CLINICAL], ['general', GENERAL]] as const) {
        for (const sentence of sentences) {
          const samples = await speech(sentence, { voice, padSeconds: 0.3 });
          if (process.env["BENCH_TRACE"]) console.error(`${label} ${voice} ${sentence} ${samples.length}`);
          const { text, ms } = await decode(engine, samples);
          const words = sentence.split(' ').length;
          const wer = wordErrorRate(sentence, text);
          const t = sets[set];
          t.errors += wer * words;
          t.words += words;
          t.ms += ms;
          t.audioMs += (samples.length / 16000) * 1000;
          if (wer > 0) misses.push(`  [${label}, ${voice}] "${sentence}" -> "${text}"`);
        }
      }
    }
    await engine.close();
    for (const [set, t] of Object.entries(sets)) {
      rows.push(
        `| ${label} | ${set} | ${t.words} | ${((t.errors / t.words) * 100).toFixed(1)} % | ${(t.ms / t.audioMs).toFixed(3)} | ${(loadMs / 1000).toFixed(1)} s |`,
      );
    }
  }
  console.log(`node ${process.version}, voices: ${voices.join(', ')}\n`);
  console.log('| model | sentences | words | WER | RTF | load |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log(`\nSentences with errors:\n${misses.join('\n')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
