import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRequest } from './format-request.js';

const none = { formatting: '', dateStyle: '', timeStyle: '', numbersAsWordsBelow: null };

test("a page asks only for what its attributes set; the deployment's settings fill the rest", () => {
  assert.deepEqual(formatRequest(none), {});
  assert.deepEqual(formatRequest({ formatting: 'off', dateStyle: 'iso', timeStyle: '24h', numbersAsWordsBelow: 0 }), {
    numbers: false,
    dates: 'iso',
    times: '24h',
    wordsBelow: 0,
  });
});

test('an attribute value that is not a choice is dropped with a warning, so recordings still start', (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  assert.deepEqual(formatRequest({ formatting: 'maybe', dateStyle: 'lunar', timeStyle: '13h', numbersAsWordsBelow: Number.NaN }), {});
  assert.equal(warn.mock.callCount(), 4);
  assert.match(String(warn.mock.calls[1]!.arguments[0]), /date-style="lunar" is not a choice/);
});
