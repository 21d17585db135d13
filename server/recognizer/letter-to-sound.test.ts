import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LetterToSound } from './letter-to-sound.js';
import { letterToSoundMany } from './vocabulary.js';

test("the kept shell's guesses are flite's, call after call, apostrophes included; without the shell they still come", async () => {
  const flite = new LetterToSound().start();
  try {
    const words = ['zorbitrex', "o'brien", 'quelibex'];
    const expected = await letterToSoundMany(words);
    assert.deepEqual(await flite.guess(words), expected);
    // Calls made at once are answered in turn, each with its own words.
    const [a, b] = await Promise.all([flite.guess(['zorbitrex']), flite.guess(['quelibex'])]);
    assert.equal(a.get('zorbitrex'), expected.get('zorbitrex'));
    assert.equal(b.get('quelibex'), expected.get('quelibex'));
  } finally {
    flite.close();
  }
  assert.deepEqual(await flite.guess(['zorbitrex']), await letterToSoundMany(['zorbitrex']), 'after close, a process of its own');
});
