import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineBusyError, type EngineFinal, type RecognitionStream, type RecognizerEngine } from '../engine.js';
import { createEngine } from '../index.js';
import { testEngine } from '../../test/engine.js';
import { concat, silence, speech, wordErrorRate } from '../../test/speech.js';
import { loadConfig } from '../../config.js';
import { CLIENT_FRAME_SAMPLES } from '../../../protocol/index.js';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let engine: RecognizerEngine;
before(async () => {
  engine = await testEngine({ RECOGNIZER_STREAMS_PER_WORKER: '2' });
});
after(() => engine.close());

interface Collected {
  partials: string[];
  /** Finals with text: the empty ones only say how much audio is accounted for. */
  finals: string[];
  throughs: number[];
  errors: Error[];
}

function collect(target: RecognizerEngine): { stream: RecognitionStream; got: Collected } {
  const got: Collected = { partials: [], finals: [], throughs: [], errors: [] };
  const stream = target.open({
    onPartial: (text) => got.partials.push(text),
    onFinal: ({ text, through }) => {
      if (text) got.finals.push(text);
      got.throughs.push(through);
    },
    onError: (error) => got.errors.push(error),
  });
  return { stream, got };
}

/** Feeds audio in frames as a browser does. */
function feed(stream: RecognitionStream, samples: Int16Array): void {
  for (let i = 0; i < samples.length; i += CLIENT_FRAME_SAMPLES) stream.write(samples.subarray(i, i + CLIENT_FRAME_SAMPLES));
}

const SENTENCE = 'Blood pressure is one hundred and twenty over eighty.';

test('a spoken sentence becomes its text, with partial guesses on the way', async () => {
  assert.equal(engine.status().available, true);
  const { stream, got } = collect(engine);
  feed(stream, await speech(SENTENCE));
  await stream.finish();
  const text = got.finals.join(' ');
  assert.ok(wordErrorRate(SENTENCE, text) <= 0.2, `recognised "${text}"`);
  assert.ok(got.partials.length >= 3, `${got.partials.length} partials`);
  assert.ok(got.partials.some((p) => p.startsWith('blood')), got.partials.join(' | '));
  assert.deepEqual(got.errors, []);
});

test('a final carries the n-best alternatives and each word with the samples it spans, in order, after the speech starts', async () => {
  const finals: EngineFinal[] = [];
  const stream = engine.open({ onPartial() {}, onFinal: (f) => void (f.text && finals.push(f)), onError: (e) => assert.fail(e) });
  const audio = concat(silence(0.5), await speech(SENTENCE, { padSeconds: 0 }), silence(0.5));
  feed(stream, audio);
  await stream.finish();
  assert.equal(finals.length, 1);
  const [final] = finals as [EngineFinal];
  assert.equal(final.words.map((w) => w.word).join(' '), final.text, 'the timed words are the text');
  // The first word is placed where the speech starts, to about 0.3 s (see utterance-decoder.ts).
  const onset = audio.findIndex((x) => Math.abs(x) > 500);
  assert.ok(Math.abs(final.words[0]!.from - onset) < 0.4 * 16000, `first word at ${final.words[0]!.from}, speech at ${onset}`);
  assert.notEqual(final.spokeFrom, null);
  let previous = 0;
  for (const { word, from, to } of final.words) {
    assert.ok(from >= previous && to > from && to <= final.through, `${word} ${from}-${to} after ${previous}`);
    previous = to;
  }
  assert.ok(final.alternatives.length >= 1 && final.alternatives.length <= 5, final.alternatives.join(' | '));
  assert.ok(!final.alternatives.includes(final.text) && new Set(final.alternatives).size === final.alternatives.length);
});

test('silence between sentences ends an utterance: one final each', async () => {
  const { stream, got } = collect(engine);
  const first = await speech('Good morning.');
  const audio = concat(first, silence(1.2), await speech('Follow up in two weeks.'));
  feed(stream, audio);
  await stream.finish();
  assert.equal(got.finals.length, 2, got.finals.join(' | '));
  // The first final covers the first sentence and not the second; the last one covers everything.
  assert.ok(got.throughs[0]! >= first.length - 16000 && got.throughs[0]! < first.length + 1.2 * 16000, String(got.throughs));
  assert.equal(got.throughs.at(-1), audio.length);
  assert.match(got.finals[0]!, /morning/);
  assert.match(got.finals[1]!, /two weeks/);
});

test('finish() mid-sentence delivers what was heard so far', async () => {
  const { stream, got } = collect(engine);
  const audio = await speech(SENTENCE, { padSeconds: 0 });
  feed(stream, audio.subarray(0, Math.floor(audio.length * 0.6)));
  await stream.finish();
  assert.equal(got.finals.length, 1);
  assert.match(got.finals[0]!, /^blood pressure/);
});

test('an utterance longer than the limit is cut into finals, nothing dropped', async () => {
  const short = await testEngine({ MAX_UTTERANCE_SECONDS: '1' });
  try {
    const { stream, got } = collect(short);
    feed(stream, await speech('The patient reports mild chest pain since yesterday evening and denies fever.', { padSeconds: 0 }));
    await stream.finish();
    assert.ok(got.finals.length >= 3, got.finals.join(' | '));
    // Cuts fall mid-word, so words at the seams may be wrong, but the speech on either side is there.
    assert.match(got.finals.join(' '), /^the patient .* evening/);
  } finally {
    await short.close();
  }
});

test('when every slot is taken, open() says busy; a finished stream frees its slot', async () => {
  const first = collect(engine);
  const second = collect(engine);
  assert.equal(engine.activeStreams, 2);
  assert.throws(() => collect(engine), EngineBusyError);
  await first.stream.finish();
  const third = collect(engine);
  second.stream.abort();
  await third.stream.finish();
  assert.equal(engine.activeStreams, 0);
});

test('a stream with minutes of backlog waits its turn: a live stream on the same thread is decoded meanwhile', async () => {
  // One thread, two slots: both streams share it.
  const sentence = await speech(SENTENCE);
  const backlog = concat(...Array.from({ length: 20 }, () => sentence));
  const flood = collect(engine);
  feed(flood.stream, backlog);
  const live = collect(engine);
  feed(live.stream, sentence);
  await live.stream.finish();
  // Fed first, but only a small part of the backlog was decoded while the other stream's sentence was.
  const decoded = flood.got.throughs.at(-1) ?? 0;
  assert.ok(decoded < backlog.length / 4, `${decoded} of ${backlog.length} samples of the backlog decoded first`);
  assert.ok(wordErrorRate(SENTENCE, live.got.finals.join(' ')) <= 0.2, live.got.finals.join(' '));
  flood.stream.abort();
});

test('abort() drops the queued audio at once: nothing more is decoded for it', async () => {
  const sentence = await speech(SENTENCE);
  const decode = async () => {
    const started = performance.now();
    const next = collect(engine);
    feed(next.stream, sentence);
    await next.stream.finish();
    assert.match(next.got.finals.join(' '), /^blood pressure/);
    return performance.now() - started;
  };
  const alone = await decode();
  const { stream, got } = collect(engine);
  feed(stream, concat(...Array.from({ length: 20 }, () => sentence)));
  stream.abort();
  const after = got.partials.length + got.finals.length;
  // The next stream on the thread is served straight away, not after the twenty sentences that were dropped.
  const behindDropped = await decode();
  assert.ok(behindDropped < alone * 5, `${Math.round(behindDropped)} ms behind an aborted backlog, ${Math.round(alone)} ms alone`);
  assert.equal(got.partials.length + got.finals.length, after, 'no result for the aborted stream');
  assert.equal(engine.activeStreams, 0);
});

test('the clinical vocabulary: its added words are recognised, and one in the history does not crash the decoder', async () => {
  // PocketSphinx 5prealpha segfaulted here (the whole server with it) when added words went through ps_add_word.
  const clinical = await testEngine({ VOCABULARY_FILE: 'vocabulary/clinical' });
  try {
    const heard: string[] = [];
    for (const voice of ['rms', 'slt', 'awb']) {
      const { stream, got } = collect(clinical);
      feed(stream, await speech('order troponin and refer to cardiology', { voice }));
      await stream.finish();
      heard.push(got.finals.join(' '));
    }
    assert.ok(heard.every((text) => /cardiology/.test(text)), heard.join(' | '));
    assert.ok(heard.some((text) => /troponin/.test(text)), heard.join(' | '));
  } finally {
    await clinical.close();
  }
});

test('a missing model makes the engine unavailable with the reason, without throwing', async () => {
  const config = loadConfig({ COOKIE_SECRET: 'x'.repeat(40), RECOGNIZER_MODEL_DIR: '/nonexistent/model' });
  const errors: string[] = [];
  const missing = await createEngine(config.recognizer, { info() {}, warn() {}, error: (m) => errors.push(m) });
  const status = missing.status();
  assert.equal(status.available, false);
  assert.match(!status.available ? status.reason : '', /pocketsphinx-en-us/);
  assert.match(errors[0]!, /not available/);
});

test('a model the decoder cannot load makes the engine unavailable, and says so', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'broken-model-'));
  await mkdir(join(dir, 'en-us'));
  await writeFile(join(dir, 'en-us.lm.bin'), 'not a language model');
  await writeFile(join(dir, 'cmudict-en-us.dict'), 'hello HH AH L OW\n');
  const config = loadConfig({ COOKIE_SECRET: 'x'.repeat(40), RECOGNIZER_MODEL_DIR: dir, RECOGNIZER_WORKERS: '1', VOCABULARY_FILE: '' });
  const errors: string[] = [];
  const broken = await createEngine(config.recognizer, { info() {}, warn() {}, error: (m) => errors.push(m) });
  assert.equal(broken.status().available, false);
  assert.match(errors[0]!, /could not load the model/);
  assert.throws(() => broken.open({ onPartial() {}, onFinal() {}, onError() {} }), /could not load the model/);
});
