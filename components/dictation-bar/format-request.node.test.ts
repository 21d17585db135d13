import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRequest } from './format-request.js';

const attributes = (set: Record<string, string>) => (name: string) => set[name] ?? null;

test("a page asks only for what its attributes set; the deployment's settings fill the rest", () => {
  assert.deepEqual(formatRequest(attributes({})), {});
  const all = { formatting: 'off', 'date-style': 'iso', 'time-style': '24h', 'numbers-as-words-below': '0', sentences: 'spoken', 'sentence-pause': '1500' };
  assert.deepEqual(formatRequest(attributes(all)), { numbers: false, dates: 'iso', times: '24h', wordsBelow: 0, sentences: 'spoken', sentencePause: 1500 });
});

test('an attribute value that ignored: not a choice is dropped with a warning naming the attribute, so recordings still start', (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  const bad = { formatting: 'maybe', 'date-style': 'lunar', 'time-style': '13h', 'numbers-as-words-below': 'ten', sentences: 'always', 'sentence-pause': '5' };
  assert.deepEqual(formatRequest(attributes(bad)), {});
  assert.equal(warn.mock.callCount(), 6);
  const said = warn.mock.calls.map((c) => String(c.arguments[0]));
  assert.match(said[1]!, /date-style="lunar" ignored: not a choice/);
  assert.match(said[3]!, /numbers-as-words-below="ten"/);
  assert.match(said[5]!, /sentence-pause="5"/);
});
