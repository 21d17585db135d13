/**
 * What a user's own words cost (issue 24: opening a stream with 500 personal words adds at most 300 ms; memory per
 * stream with a personal vocabulary within 10 % of what it was; a word saved is recognised in her next utterance
 * within 1 s). The real engine as deployed (clinical vocabulary, one decoder thread of 2 streams), speech from flite
 * fed in real time (50 ms frames every 50 ms) as a bar sends it.
 *
 *   npx tsx bench/personal-vocabulary.ts [rounds]      (default 4)
 */
import { readFileSync } from 'node:fs';
import koffi from 'koffi';
import { performance } from 'node:perf_hooks';
import { AUDIO_SAMPLE_RATE, CLIENT_FRAME_SAMPLES, type VocabularyEntry } from '../protocol/index.js';
import type { RecognitionStream, RecognizerEngine } from '../server/recognizer/index.js';
import { testEngine } from '../server/test/engine.js';
import { concat, silence, speech } from '../server/test/speech.js';

const rounds = Number(process.argv[2]) || 4;
const DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';
const SENTENCE = 'start zorbitrex ten milligrams twice daily';

/** 500 phrases as a clinician's list might be: 400 words the dictionary has, 99 it lacks (guessed), and hers. */
function list(user: string): VocabularyEntry[] {
  const known = readFileSync(DICT, 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((w) => /^[a-z]{6,}$/.test(w));
  const seed = [...user].reduce((a, c) => a + c.charCodeAt(0), 0);
  const pick = (i: number) => known[(seed * 7919 + i * 104_729) % known.length]!;
  const invented = (i: number) => `${['zor', 'quel', 'brax', 'tiv', 'mor'][i % 5]}${['ibex', 'anol', 'udin', 'ofex'][Math.floor(i / 5) % 4]}${user}${i}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
  return [
    ...Array.from({ length: 400 }, (_, i) => ({ phrase: i % 4 === 0 ? `${pick(i)} ${pick(i + 1)}` : pick(i) })),
    ...Array.from({ length: 99 }, (_, i) => ({ phrase: invented(i) })),
    { phrase: 'zorbitrex' },
  ].filter((e, i, all) => all.findIndex((o) => o.phrase === e.phrase) === i);
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMb = () => process.memoryUsage().rss / 1e6;
// What the decoders hold (glibc's count over every malloc arena), beside RSS (which keeps freed pages for a while).
const MallInfo2 = koffi.struct('mallinfo2', Object.fromEntries(['arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks', 'fsmblks', 'uordblks', 'fordblks', 'keepcost'].map((f) => [f, 'size_t'])));
const mallinfo2 = koffi.load('libc.so.6').func('mallinfo2', MallInfo2, []);
const inUseMb = () => {
  const m = mallinfo2() as { uordblks: number | bigint; hblkhd: number | bigint };
  return (Number(m.uordblks) + Number(m.hblkhd)) / 1e6;
};
/** The last sample of speech (the flite file ends in silence): where a listener hears the speaker stop. */
const lastLoud = (samples: Int16Array) => {
  for (let i = samples.length - 1; i >= 0; i--) if (Math.abs(samples[i]!) > 1000) return i;
  return samples.length;
};

interface Run {
  /** open -> her words in force (onVocabulary). */
  readyMs: number | null;
  /** The last speech frame written -> the final with text. */
  finalMs: number;
  text: string;
}

/** Opens a stream, speaks the sentence in real time, and times what matters. */
async function dictate(engine: RecognizerEngine, audio: Int16Array, speechEnd: number, vocabulary?: VocabularyEntry[]): Promise<Run> {
  const opened = performance.now();
  let readyMs: number | null = null;
  let lastSpeechAt = 0;
  let final: { at: number; text: string } | null = null;
  const stream: RecognitionStream = engine.open(
    {
      onPartial() {},
      onFinal: ({ text }) => void (text && !final && (final = { at: performance.now(), text })),
      onError: (err) => console.error(err),
      onVocabulary: () => void (readyMs = performance.now() - opened),
    },
    { vocabulary },
  );
  for (let i = 0; i < audio.length; i += CLIENT_FRAME_SAMPLES) {
    stream.write(audio.subarray(i, i + CLIENT_FRAME_SAMPLES));
    if (i + CLIENT_FRAME_SAMPLES >= speechEnd && !lastSpeechAt) lastSpeechAt = performance.now();
    await sleep((CLIENT_FRAME_SAMPLES / AUDIO_SAMPLE_RATE) * 1000);
  }
  await stream.finish();
  const got = final as { at: number; text: string } | null;
  return { readyMs, finalMs: got ? got.at - lastSpeechAt : NaN, text: got?.text ?? '' };
}

async function main(): Promise<void> {
  const before = rssMb();
  const heldBefore = inUseMb();
  const engine = await testEngine({ VOCABULARY_FILE: 'vocabulary/clinical', RECOGNIZER_STREAMS_PER_WORKER: '2' });
  const loaded = rssMb();
  const heldLoaded = inUseMb();
  const spoken = await speech(SENTENCE, { voice: 'rms' });
  const audio = concat(silence(0.3), spoken, silence(0.8));
  const speechEnd = 0.3 * 16000 + lastLoud(spoken);
  const users = ['ana', 'ben'].map((u) => ({ user: u, words: list(u) }));
  console.log(`engine: 1 thread x 2 decoders, ${(loaded - before).toFixed(0)} MB loaded; lists of ${users[0]!.words.length} phrases`);

  // First contact: flite guesses the 99 words the dictionary lacks (kept afterwards, per thread).
  const first = await dictate(engine, audio, speechEnd, users[0]!.words);
  console.log(`first list ever (guesses included): ready after ${first.readyMs} ms, end of speech -> final ${first.finalMs.toFixed(0)} ms: "${first.text}"`);

  const plain: number[] = [];
  const cold: Run[] = [];
  const warm: Run[] = [];
  for (let r = 0; r < rounds; r++) {
    plain.push((await dictate(engine, audio, speechEnd)).finalMs);
    // Ana then Ben: each finds the decoder with the other's search, so hers is built (both decoders, in turn).
    for (const { words } of users) cold.push(await dictate(engine, audio, speechEnd, words));
    const { words } = users[1]!;
    warm.push(await dictate(engine, audio, speechEnd, words));
  }
  const summary = (name: string, runs: Run[]) => {
    const ready = runs.map((r) => r.readyMs!);
    const finals = runs.map((r) => r.finalMs);
    const recognised = runs.filter((r) => /zorbitrex/.test(r.text)).length;
    console.log(
      `${name.padEnd(34)} ready p50 ${percentile(ready, 50)} ms, max ${Math.max(...ready)} ms; end of speech -> final p50 ${percentile(finals, 50).toFixed(0)} ms, max ${Math.max(...finals).toFixed(0)} ms; "zorbitrex" ${recognised}/${runs.length}`,
    );
  };
  console.log(`${'no personal words'.padEnd(34)} end of speech -> final p50 ${percentile(plain, 50).toFixed(0)} ms, max ${Math.max(...plain).toFixed(0)} ms`);
  summary('500 words, her search built', cold);
  summary('500 words, her search kept', warm);
  // A word saved while she dictates: from setVocabulary (what the feed calls when her lists change) to her new words
  // in force, her stream running in real time meanwhile.
  const changes: Record<'known' | 'guessed', number[]> = { known: [], guessed: [] };
  for (let r = 0; r < rounds * 2; r++) {
    // A word the dictionary has, or one flite must guess a pronunciation for (a process of its own).
    const kind = r % 2 === 0 ? 'known' : 'guessed';
    const word = kind === 'known' ? ['statin', 'apixaban', 'troponin', 'warfarin', 'heparin', 'insulin', 'digoxin', 'amiodarone'][r % 8]! : `quorbalin${'abcdefgh'[r % 8]}`;
    let changedAt = 0;
    let inForce = 0;
    const stream = engine.open({ onPartial() {}, onFinal() {}, onError: (err) => console.error(err), onVocabulary: () => void (inForce = performance.now()) });
    const pause = silence(3);
    for (let i = 0; i < pause.length; i += 1600) {
      stream.write(pause.subarray(i, i + 1600));
      if (i === 8000) {
        changedAt = performance.now();
        stream.setVocabulary([...users[r % 2]!.words, { phrase: word }]);
      }
      await sleep(100);
    }
    await stream.finish();
    changes[kind].push(inForce - changedAt);
  }
  for (const [kind, times] of Object.entries(changes)) {
    console.log(`word saved while dictating (${kind}) -> in force: p50 ${percentile(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (this instance; another adds up to the 0.5 s poll)`);
  }
  const perDecoder = (mb: number) => (mb / 2).toFixed(0);
  console.log(
    `memory per decoder: loaded ${perDecoder(heldLoaded - heldBefore)} MB in use (RSS ${perDecoder(loaded - before)} MB); ` +
      `holding a personal search ${perDecoder(inUseMb() - heldBefore)} MB in use (RSS ${perDecoder(rssMb() - before)} MB)`,
  );
  await engine.close();
}

await main();
