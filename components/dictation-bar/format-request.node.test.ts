import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRequest } from './format-request.js';

const none = { formatting: '', dateStyle: '', timeStyle: '', numbersAsWordsBelow: null, sentences: '', sentencePause: null };

test("a page asks only for what its attributes set; the deployment's settings fill the rest", () => {
  assert.deepEqual(formatRequest(none), {});
  assert.deepEqual(
    formatRequest({ formatting: 'off', dateStyle: 'iso', timeStyle: '24h', numbersAsWordsBelow: 0, sentences: 'spoken', sentencePause: 1500 }),
    { numbers: false, dates: 'iso', times: '24h', wordsBelow: 0, sentences: 'spoken', sentencePause: 1500 },
  );
});

test('an attribute value that is not a choice is dropped with a warning naming the attribute, so recordings still start', (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  const bad = { formatting: 'maybe', dateStyle: 'lunar', timeStyle: '13h', numbersAsWordsBelow: Number.NaN, sentences: 'always', sentencePause: 5 };
  assert.deepEqual(formatRequest(bad), {});
  assert.equal(warn.mock.callCount(), 6);
  const said = warn.mock.calls.map((c) => String(c.arguments[0]));
  assert.match(said[1]!, /date-style="lunar" is not a choice/);
  assert.match(said[3]!, /numbers-as-words-below="NaN"/);
  assert.match(said[5]!, /sentence-pause="5"/);
});
