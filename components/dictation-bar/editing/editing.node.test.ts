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
  spans.add(field, { text: 'The abdomen is soft', at: 0, alternatives: ['the abdomen is stiff'] }, 'The abdomen is soft');
  spans.add(field, { text: ' and not tender', at: 19, alternatives: [] }, 'The abdomen is soft and not tender');
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
  spans.add(other, { text: 'Heart rate 72', at: 0, alternatives: [] }, 'Heart rate 72');
  spans.add(other, { text: '.', at: 13, alternatives: [] }, 'Heart rate 72.');
  assert.deepEqual(spans.last(other, 'Heart rate 72.'), { utterance: { text: 'Heart rate 72.', at: 0, alternatives: [] }, from: 0, start: 0, end: 14 });
});

test('an utterance with line breaks is found however the field reads them: "\\n\\n", "\\n" or nothing (a rich-text editor)', () => {
  const said = ' She takes apixaban 5 mg.\n\nBlood pressure 132/78';
  for (const [reads, as] of [['\n\n', 'a textarea'], ['\n', "a page's writer"], ['', 'CKEditor, TinyMCE']] as const) {
    const spans = new DictatedSpans<object>();
    const field = {};
    const before = 'Dear Dr Jones. Thank you for seeing her.';
    const text = `${before}${said.replace('\n\n', reads)}`;
    spans.add(field, { text: 'Thank you for seeing her.', at: 15, alternatives: [] }, before);
    spans.add(field, { text: said, at: before.length, alternatives: [] }, text);
    // The full stop a stop adds joins it, wherever the field reads it to end.
    spans.add(field, { text: '.', at: text.length, alternatives: [] }, `${text}.`);
    const last = spans.last(field, `${text}.`)!;
    assert.equal(`${text}.`.slice(last.start, last.end), `She takes apixaban 5 mg.${reads}Blood pressure 132/78.`, as);
    assert.equal(last.utterance.text, `${said}.`, `${as}: the words as said, for what the bar says it deleted`);
    // After text typed before it: still found, not skipped for the utterance before it.
    const found = spans.last(field, `Re: ${text}.`)!;
    assert.equal(`Re: ${text}.`.slice(found.start, found.end), `She takes apixaban 5 mg.${reads}Blood pressure 132/78.`, as);
  }
  const spans = new DictatedSpans<object>();
  const field = {};
  spans.add(field, { text: '(b)\n\nc.', at: 1, alternatives: [] }, 'a(b)\nc.');
  assert.deepEqual(spans.last(field, 'a(b)\nc.d'), { utterance: { text: '(b)\n\nc.', at: 1, alternatives: [] }, from: 1, start: 2, end: 7 }, 'what a pattern means is taken literally');
  assert.equal(spans.last(field, 'a(bc.d'), null, '"(" is not a group');
});
