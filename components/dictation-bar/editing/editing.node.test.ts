import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DictatedSpans } from './dictated-spans.js';
import { changeCase, findWords, fitAlternative, lastWord } from './find-words.js';

test('select <words>: the nearest whole-word occurrence before the caret, else after it; case and spaces do not matter', () => {
  const text = 'Chest pain at rest. No chest  pain on exertion. Painful chest pain.';
  assert.deepEqual(findWords(text, 'chest pain', text.length), [56, 66]);
  assert.deepEqual(findWords(text, 'chest pain', 40), [23, 34], 'two spaces in the text');
  assert.deepEqual(findWords(text, 'Chest Pain', 5), [0, 10], 'the caret inside it');
  assert.deepEqual(findWords(text, 'Chest Pain', 0), [0, 10], 'none before the caret: the first after it');
  assert.equal(findWords(text, 'pain', text.length)![0], 62, '"Painful" is not "pain"');
  assert.equal(findWords(text, 'headache', 0), null);
  assert.equal(findWords(text, '  ', 0), null);
});

test('delete last word, change case, an alternative fitted where its utterance was', () => {
  assert.deepEqual(lastWord('the abdomen is soft ', 20), [14, 20]);
  assert.deepEqual(lastWord('soft', 4), [0, 4]);
  assert.equal(lastWord('   ', 3), null);
  assert.equal(changeCase('the left lower (quadrant)', 'capitalize'), 'The Left Lower (Quadrant)');
  assert.equal(changeCase('copd', 'allCaps'), 'COPD');
  assert.equal(changeCase('Aspirin', 'noCaps'), 'aspirin');
  assert.equal(fitAlternative(' The abdomen is soft', 'the abdomen is soft to'), ' The abdomen is soft to');
  assert.equal(fitAlternative('. Heart rate 72', 'heart rate 70'), '. Heart rate 70');
  assert.equal(fitAlternative(' in the state an', 'and a statin'), ' and a statin');
});

test('what was dictated is found where it is now, the nearest copy to where it went, and forgotten once edited away', () => {
  const spans = new DictatedSpans<object>();
  const field = {};
  spans.add(field, { text: 'The abdomen is soft', at: 0, alternatives: ['the abdomen is stiff'] });
  spans.add(field, { text: ' and not tender', at: 19, alternatives: [] });
  let text = 'The abdomen is soft and not tender';
  assert.deepEqual(spans.last(field, text), { utterance: { text: ' and not tender', at: 19, alternatives: [] }, from: 19, start: 20, end: 34 });
  // The user typed before both: they moved, and are found where they are now.
  text = `Exam: ${text}`;
  assert.equal(spans.last(field, text)!.start, 26);
  assert.equal(spans.covering(field, text, 6, 9)!.utterance.text, 'The abdomen is soft');
  // The last one was edited away: "scratch that" now means the one before.
  text = 'Exam: The abdomen is soft and non-tender';
  assert.equal(spans.last(field, text)!.utterance.text, 'The abdomen is soft');
  // A correction: the utterance is its new text, and its old text is an alternative.
  const span = spans.last(field, text)!;
  spans.replace(span.utterance, 'The abdomen is stiff', span.from);
  assert.deepEqual(span.utterance.alternatives, ['The abdomen is soft']);
  assert.equal(spans.last(field, 'The abdomen is soft'), null);
  assert.equal(spans.last({}, text), null, 'another field remembers nothing');
  // The full stop a stop adds right after an utterance goes with it: "scratch that" takes the sentence.
  const other = {};
  spans.add(other, { text: 'Heart rate 72', at: 0, alternatives: [] });
  spans.add(other, { text: '.', at: 13, alternatives: [] });
  assert.deepEqual(spans.last(other, 'Heart rate 72.'), { utterance: { text: 'Heart rate 72.', at: 0, alternatives: [] }, from: 0, start: 0, end: 14 });
});
