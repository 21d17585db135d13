import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { VocabularyEntry } from '../../../protocol/index.js';
import type { RecognitionStream, RecognizerEngine } from '../engine.js';
import { testEngine } from '../../test/engine.js';
import { concat, silence, speech } from '../../test/speech.js';
import { resolveVocabulary, spokenWords, vocabularyKey, type Pronunciations } from './personal-vocabulary.js';

/** A word no dictionary has: without the user's list it comes out as other words ("arbiter x", "sore big trucks"). */
const WORD = 'zorbitrex';
const SAID = 'start zorbitrex ten milligrams daily';

describe('resolving a user\'s entries into dictionary tokens and phrases', () => {
  const dictionary = new Map([
    ['stat', 'S T AE T'],
    ['in', 'IH N'],
    ['statin', 'S T EY T IH N'],
    ['five', 'F AY V'],
  ]);
  const pronunciations: Pronunciations = {
    lookup: (w) => dictionary.get(w) ?? null,
    guess: async (words) => new Map(words.map((w) => [w, w === 'xq' ? null : 'Z AO R'])),
  };

  test('known words need nothing; an unknown one gets a guessed pronunciation under its own name', async () => {
    const resolved = await resolveVocabulary([{ phrase: 'statin' }, { phrase: `${WORD} five` }], pronunciations);
    assert.deepEqual(resolved.phrases, [['statin'], [WORD, 'five']]);
    assert.deepEqual(resolved.additions, [{ token: WORD, phones: 'Z AO R' }]);
    assert.deepEqual(resolved.skipped, []);
  });

  test('a pronunciation of the user\'s own is one token that reads back as her words, and only she has it', async () => {
    const resolved = await resolveVocabulary(
      [{ phrase: 'statin', soundsLike: 'stat in' }, { phrase: 'apixaban five', phones: 'AH P IH K S AH B AE N F AY V' }],
      pronunciations,
    );
    const [statin, apixaban] = resolved.additions;
    assert.match(statin!.token, /^statin\+[0-9a-f]{8}$/);
    assert.equal(statin!.phones, 'S T AE T IH N');
    assert.equal(spokenWords(statin!.token), 'statin');
    assert.equal(spokenWords(apixaban!.token), 'apixaban five');
    assert.deepEqual(resolved.phrases, [[statin!.token], [apixaban!.token]]);
  });

  test('an entry that cannot be said is left out with the reason; the rest is kept', async () => {
    const resolved = await resolveVocabulary([{ phrase: 'xq' }, { phrase: 'statin', soundsLike: 'stat zz' }, { phrase: 'five' }], pronunciations);
    assert.deepEqual(resolved.phrases, [['five']]);
    assert.deepEqual(
      resolved.skipped.map((s) => s.reason),
      ['"xq" is not in the dictionary and has no pronunciation', '"zz" (in its "sounds like") is not in the dictionary'],
    );
  });

  test('the key depends on the entries, not their order', () => {
    const a: VocabularyEntry[] = [{ phrase: 'statin' }, { phrase: 'five', soundsLike: 'fife' }];
    assert.equal(vocabularyKey(a), vocabularyKey([...a].reverse()));
    assert.notEqual(vocabularyKey(a), vocabularyKey([{ phrase: 'statin' }, { phrase: 'five' }]));
  });
});

describe('a user\'s words in the real recognizer', () => {
  let engine: RecognizerEngine;
  before(async () => {
    engine = await testEngine({ RECOGNIZER_STREAMS_PER_WORKER: '2' });
  });
  after(() => engine.close());

  function open(vocabulary?: VocabularyEntry[]): { stream: RecognitionStream; finals: string[] } {
    const finals: string[] = [];
    const stream = engine.open(
      { onPartial() {}, onFinal: ({ text }) => void (text && finals.push(text)), onError: (e) => assert.fail(e) },
      { vocabulary },
    );
    return { stream, finals };
  }
  const feed = (stream: RecognitionStream, samples: Int16Array) => {
    for (let i = 0; i < samples.length; i += 1600) stream.write(samples.subarray(i, i + 1600));
  };

  test('her word is recognised in her stream and not in another user\'s stream running beside it', async () => {
    const audio = await speech(SAID, { voice: 'rms' });
    const hers = open([{ phrase: WORD }]);
    const other = open();
    feed(hers.stream, audio);
    feed(other.stream, audio);
    await Promise.all([hers.stream.finish(), other.stream.finish()]);
    assert.match(hers.finals.join(' '), new RegExp(WORD), hers.finals.join(' | '));
    assert.doesNotMatch(other.finals.join(' '), new RegExp(WORD), other.finals.join(' | '));
    // And a decoder that served her serves the next user without her words.
    const next = open();
    feed(next.stream, audio);
    await next.stream.finish();
    assert.doesNotMatch(next.finals.join(' '), new RegExp(WORD), next.finals.join(' | '));
  });

  test('a word added while she dictates is used from her next utterance', async () => {
    const audio = await speech(SAID, { voice: 'slt' });
    const { stream, finals } = open();
    feed(stream, concat(audio, silence(1)));
    // Let the first utterance be decoded with the words she had when she started.
    await waitFor(() => finals.length >= 1);
    stream.setVocabulary([{ phrase: WORD, phones: 'Z AO R B IH T R EH K S' }]);
    feed(stream, concat(silence(0.5), audio));
    await stream.finish();
    assert.equal(finals.length, 2, finals.join(' | '));
    assert.doesNotMatch(finals[0]!, new RegExp(WORD));
    assert.match(finals[1]!, new RegExp(`\\b${WORD}\\b`), 'her own pronunciation, read back as her word');
  });
});

async function waitFor(condition: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
