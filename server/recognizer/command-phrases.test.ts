import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandPhrases, commandRepeats } from './command-phrases.js';

const corpus = [
  ['the', 'abdomen', 'is', 'soft'],
  ['start', 'metoprolol', 'twenty', 'five', 'milligrams'],
  ['chest', 'clear'],
];
const said = (phrases: string[][]) => phrases.map((p) => p.join(' '));

test('a <words> slot is filled with consecutive words of the corpus, a different snippet in different rounds', () => {
  const fills = new Set<string>();
  for (let round = 0; round < 12; round++) {
    const select = said(commandPhrases(corpus, round)).filter((p) => p.startsWith('select ') && p !== 'select that');
    assert.equal(select.length, 1, `round ${round}: ${select.join(', ')}`);
    const words = select[0]!.slice('select '.length);
    assert.ok(corpus.some((p) => ` ${p.join(' ')} `.includes(` ${words} `)), `"${words}" is not a run of a corpus phrase`);
    fills.add(words);
  }
  assert.ok(fills.size >= 4, `only ${[...fills].join(' / ')}`);
  // The words after a slot stay where the phrase has them.
  assert.ok(said(commandPhrases(corpus, 3)).some((p) => p.startsWith('add ') && p.endsWith(' to vocabulary') && p !== 'add that to vocabulary'));
});

test('the same corpus and round give the same phrases (the model cache is keyed on them)', () => {
  assert.deepEqual(commandPhrases(corpus, 5), commandPhrases(corpus.map((p) => [...p]), 5));
});

test('"choose <n>" is every choice from one to nine; auto-text names are not learnt here; no corpus, no slot words', () => {
  const phrases = said(commandPhrases([], 0));
  assert.deepEqual(phrases.filter((p) => p.startsWith('choose ')), ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].map((n) => `choose ${n}`));
  assert.ok(phrases.includes('scratch that') && phrases.includes('what can i say'));
  assert.ok(phrases.includes('select') && phrases.includes('insert after'));
  assert.ok(!phrases.some((p) => p.includes('<')));
  assert.ok(!phrases.includes('insert'), 'insert <auto-text> comes from the user\'s own list');
});

test('the commands keep their share of the model as the corpus grows', () => {
  assert.equal(commandRepeats(3100), 20);
  assert.equal(commandRepeats(15400), 100);
});
