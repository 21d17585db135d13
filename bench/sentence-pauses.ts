/**
 * When does a pause end a sentence? Measures the pause the server reports before each utterance (`final.pause`) at
 * true sentence ends and inside sentences, and counts, for pause thresholds, the full stops a pause rule would add
 * wrongly (inside a sentence) and the sentence ends it would miss. The default of the bar's `sentences` attribute is
 * chosen from this (bench/README.md).
 *
 *   npx tsx bench/sentence-pauses.ts [voice ...]       (default: slt rms awb kal16)
 *
 * Speech: the held-out clinical sentences (bench/eval) in flite's voices, four to a paragraph with a pause between
 * sentences of 0.6-1.2 s; the same sentences with a hesitation inside (split at a word boundary, 0.2-1.0 s: the
 * range of silent hesitations inside clauses in read and dictated speech); and the LibriVox clips (human read
 * speech, its own phrasing pauses) as they are. The pause reported is the silence before the utterance less the
 * 200 ms the decoder waits to end one (END_OF_SPEECH_MS).
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../server/config.js';
import { pauseBefore } from '../server/dictation/recording.js';
import { createEngine, SAMPLE_RATE, type RecognizerEngine } from '../server/recognizer/index.js';
import { concat, silence, speech, wavSamples } from '../server/test/speech.js';

const EVAL = join(import.meta.dirname, 'eval');
const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';
const THRESHOLDS = [200, 300, 400, 500, 600, 700, 800, 1000, 1200, 1500];

/** A seeded random number in [0, 1): the same speech on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

interface Boundary { atSentenceEnd: boolean; pause: number }

/** The first and last sample louder than the quiet edges of synthetic speech. */
function speechBounds(audio: Int16Array): [number, number] {
  let first = -1;
  let last = -1;
  for (let i = 0; i < audio.length; i++) {
    if (Math.abs(audio[i]!) > 300) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? [0, audio.length] : [first, last + 1];
}

const trim = (audio: Int16Array) => {
  const [from, to] = speechBounds(audio);
  return audio.subarray(Math.max(0, from - 160), Math.min(audio.length, to + 160));
};

/** Decodes `samples`; returns each utterance's pause (as the server computes it) and where its speech began. */
async function utterances(engine: RecognizerEngine, samples: Int16Array): Promise<{ pause: number | null; from: number; previousFrom: number }[]> {
  const out: { pause: number | null; from: number; previousFrom: number }[] = [];
  let through = 0;
  let spoke = false;
  const stream = engine.open({
    onPartial() {},
    onFinal: ({ text, through: at, spokeFrom }) => {
      if (spokeFrom !== null && text) {
        out.push({ pause: spoke ? pauseBefore(spokeFrom, through) : null, from: spokeFrom, previousFrom: out.at(-1)?.from ?? 0 });
        spoke = true;
      }
      through = at;
    },
    onError: (e) => {
      throw e;
    },
  });
  for (let i = 0; i < samples.length; i += 1600) stream.write(samples.subarray(i, i + 1600));
  await stream.finish();
  return out;
}

async function main(): Promise<void> {
  const voices = process.argv.slice(2).length ? process.argv.slice(2) : ['slt', 'rms', 'awb', 'kal16'];
  const sentences = (await readFile(join(EVAL, 'clinical-heldout.txt'), 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
  const config = loadConfig({ COOKIE_SECRET: 'bench-secret-that-is-long-enough-1234', RECOGNIZER_WORKERS: '1' });
  const engine = await createEngine(config.recognizer, { info() {}, warn() {}, error() {} });
  const boundaries: Boundary[] = [];
  let sentenceEnds = 0;
  let sentencesSpoken = 0;
  const rand = random(22);

  for (const voice of voices) {
    // Paragraphs: sentence ends at known places.
    for (let p = 0; p + 4 <= sentences.length; p += 4) {
      const parts: Int16Array[] = [];
      /** Where each sentence's speech ends and the next one's begins (by energy: flite's audio has quiet edges). */
      const ends: { end: number; next: number }[] = [];
      let at = 0;
      let lastEnd = 0;
      for (const sentence of sentences.slice(p, p + 4)) {
        const audio = await speech(sentence, { voice, padSeconds: 0 });
        const gap = silence(0.6 + rand() * 0.6);
        const [onset, offset] = speechBounds(audio);
        if (at > 0) ends.push({ end: lastEnd, next: at + onset });
        lastEnd = at + offset;
        parts.push(audio, gap);
        at += audio.length + gap.length;
      }
      sentencesSpoken += 4;
      sentenceEnds += 3;
      for (const u of await utterances(engine, concat(...parts))) {
        if (u.pause === null) continue;
        // At a sentence end: this utterance's speech began with the next sentence's (give or take 0.2 s: the
        // detection's 50 ms steps and its onset), not somewhere inside it.
        const atSentenceEnd = ends.some((e) => e.end > u.previousFrom && Math.abs(u.from - e.next) < 0.2 * SAMPLE_RATE);
        boundaries.push({ atSentenceEnd, pause: u.pause });
      }
    }
    // Hesitations inside sentences.
    for (const sentence of sentences) {
      const words = sentence.split(' ');
      if (words.length < 4) continue;
      const cut = 2 + Math.floor(rand() * (words.length - 3));
      // The hesitation is the silence between the two halves' speech: flite's quiet edges are trimmed off.
      const first = trim(await speech(words.slice(0, cut).join(' '), { voice, padSeconds: 0 }));
      const second = trim(await speech(words.slice(cut).join(' '), { voice, padSeconds: 0 }));
      const audio = concat(silence(0.3), first, silence(0.2 + rand() * 0.8), second, silence(0.3));
      sentencesSpoken += 1;
      for (const u of await utterances(engine, audio)) if (u.pause !== null) boundaries.push({ atSentenceEnd: false, pause: u.pause });
    }
  }
  if (existsSync(LIBRIVOX)) {
    for (const id of (await readFile(join(LIBRIVOX, 'fileids'), 'utf8')).split('\n').filter(Boolean)) {
      sentencesSpoken += 1;
      for (const u of await utterances(engine, await wavSamples(join(LIBRIVOX, `${id}.wav`)))) {
        if (u.pause !== null) boundaries.push({ atSentenceEnd: false, pause: u.pause });
      }
    }
  }
  await engine.close();

  const inside = boundaries.filter((b) => !b.atSentenceEnd).map((b) => b.pause).sort((a, b) => a - b);
  const atEnds = boundaries.filter((b) => b.atSentenceEnd).map((b) => b.pause).sort((a, b) => a - b);
  const q = (xs: number[], f: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * f))] ?? NaN;
  console.log(`voices ${voices.join(', ')}; ${sentencesSpoken} sentences spoken, ${sentenceEnds} sentence ends between utterances`);
  console.log(`pause before an utterance inside a sentence: n=${inside.length}, p10 ${q(inside, 0.1)}, median ${q(inside, 0.5)}, p90 ${q(inside, 0.9)} ms`);
  console.log(`pause before an utterance at a sentence end: n=${atEnds.length}, p10 ${q(atEnds, 0.1)}, median ${q(atEnds, 0.5)}, p90 ${q(atEnds, 0.9)} ms\n`);
  console.log('| full stop after a pause of at least | wrong full stops per 100 sentences | sentence ends missed |');
  console.log('|---:|---:|---:|');
  for (const t of THRESHOLDS) {
    const wrong = inside.filter((p) => p >= t).length;
    const found = atEnds.filter((p) => p >= t).length;
    console.log(`| ${t} ms | ${((wrong / sentencesSpoken) * 100).toFixed(1)} | ${(((sentenceEnds - found) / sentenceEnds) * 100).toFixed(1)} % |`);
  }
  console.log(`| never (spoken punctuation only) | 0.0 | 100.0 % (unless said) |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
