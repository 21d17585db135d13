import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVocabularyEntry } from './vocabulary-entries.js';

test('a word or phrase, with how it sounds in words or phones; a bad one is refused naming what is wrong', () => {
  assert.equal(checkVocabularyEntry({ phrase: 'statin' }), null);
  assert.equal(checkVocabularyEntry({ phrase: 'statin', soundsLike: 'stat in' }), null);
  assert.equal(checkVocabularyEntry({ phrase: 'statin', phones: 'S T AE T IH N' }), null);
  assert.equal(checkVocabularyEntry({ phrase: "o'brien's sign" }), null);
  assert.equal(checkVocabularyEntry({ phrase: 'covid-19 vaccine' }), null);
  const bad: [object, RegExp][] = [
    [{ phrase: '' }, /lower-case words/],
    [{ phrase: 'Statin' }, /lower-case words/],
    [{ phrase: 'two  spaces' }, /lower-case words/],
    [{ phrase: 'a'.repeat(81) }, /longer than 80/],
    [{ phrase: 'one two three four five six seven eight nine' }, /more than 8 words/],
    [{ phrase: 'statin', soundsLike: 'stat in', phones: 'S T' }, /not both/],
    [{ phrase: 'statin', soundsLike: 'Stat-In!' }, /sounds like/],
    [{ phrase: 'statin', phones: 'S T AE1 T' }, /"AE1" is not one/],
    [{ phrase: 'statin', phones: '  ' }, /phones must be 1 to 30/],
    [{ phrase: 'two words', phones: 'T UW' }, /one-word phrase/],
  ];
  for (const [entry, problem] of bad) assert.match(checkVocabularyEntry(entry as never) ?? 'valid', problem, JSON.stringify(entry));
});
