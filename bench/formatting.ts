/**
 * The formatter's cost per utterance (the budget: at most 1 ms): every spoken form of the test table, and long
 * utterances of clinical dictation, formatted many times; the time per call, p50, p95 and max.
 *
 *   npx tsx bench/formatting.ts [rounds]     (default 200)
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_FORMAT } from '../protocol/index.js';
import { FORMAT_CASES } from '../server/formatting/format-cases.js';
import { formatTranscript } from '../server/formatting/index.js';

const LONG = [
  'the patient is a sixty two year old woman with three days of cough blood pressure is one hundred and thirty over eighty five heart rate ninety two oxygen saturation ninety four percent on room air temperature thirty eight point four degrees',
  'start amoxicillin five hundred milligrams three times a day for seven days and paracetamol one gram every six hours review on march third twenty twenty six at ten thirty a m',
];

const rounds = Number(process.argv[2] ?? 200);
const utterances = [...FORMAT_CASES.map(([spoken]) => spoken), ...LONG];
for (let i = 0; i < 50; i++) for (const u of utterances) formatTranscript(u, DEFAULT_FORMAT); // warm up
const times: number[] = [];
const long: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const u of utterances) {
    const started = performance.now();
    formatTranscript(u, DEFAULT_FORMAT);
    const ms = performance.now() - started;
    times.push(ms);
    if (LONG.includes(u)) long.push(ms);
  }
}
const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * f))]!;
const row = (label: string, xs: number[]) => `| ${label} | ${xs.length} | ${q(xs, 0.5).toFixed(4)} | ${q(xs, 0.95).toFixed(4)} | ${Math.max(...xs).toFixed(3)} |`;
console.log(`node ${process.version}\n`);
console.log('| utterances | calls | p50 ms | p95 ms | max ms |');
console.log('|---|---:|---:|---:|---:|');
console.log(row(`the ${FORMAT_CASES.length} table cases and 2 long ones`, times));
console.log(row('the long ones (35-40 words)', long));
