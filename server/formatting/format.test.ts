import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FORMAT } from '../../protocol/index.js';
import { FORMAT_CASES } from './format-cases.js';
import { formatTranscript } from './index.js';

test(`the formatter writes ${FORMAT_CASES.length} spoken forms as a clinician types them`, () => {
  const wrong: string[] = [];
  for (const [spoken, written, options] of FORMAT_CASES) {
    const got = formatTranscript(spoken, { ...DEFAULT_FORMAT, ...options });
    if (got !== written) wrong.push(`${JSON.stringify(spoken)}${options ? ` ${JSON.stringify(options)}` : ''}\n  expected ${JSON.stringify(written)}\n  got      ${JSON.stringify(got)}`);
  }
  assert.ok(FORMAT_CASES.length >= 150);
  assert.equal(wrong.length, 0, `${wrong.length} wrong:\n${wrong.join('\n')}`);
});

test('nothing a recognizer can say makes it throw, and it never loses a word it does not format', () => {
  const words = ['one', 'hundred', 'and', 'over', 'point', 'oh', 'a', 'thousand', 'literal', 'numeral', 'period', 'march', 'to', 'percent', 'the', 'of', 'third', 'degrees', 'q', 'hours', 'pain'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % words.length;
  for (let n = 0; n < 2000; n++) {
    const spoken = Array.from({ length: 1 + (n % 12) }, () => words[next()]).join(' ');
    const written = formatTranscript(spoken, DEFAULT_FORMAT);
    assert.equal(typeof written, 'string');
    if (spoken.includes('pain')) assert.match(written, /pain/i, spoken);
  }
  assert.equal(formatTranscript('', DEFAULT_FORMAT), '');
  assert.equal(formatTranscript('literal', DEFAULT_FORMAT), 'literal');
  assert.equal(formatTranscript('numeral', DEFAULT_FORMAT), 'numeral');
});
