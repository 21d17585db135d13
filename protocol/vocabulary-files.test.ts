import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatVocabularyFile, parseVocabularyFile } from './vocabulary-files.js';

const ENTRIES = [{ phrase: 'statin' }, { phrase: 'apixaban', phones: 'AH P IH K S AH B AE N' }, { phrase: "o'brien's sign", soundsLike: 'oh brian sign' }];

test('a vocabulary exported as text or CSV imports as the same entries', () => {
  for (const format of ['text', 'csv'] as const) {
    const file = formatVocabularyFile(ENTRIES, format);
    assert.deepEqual(parseVocabularyFile(file, format), { ok: true, entries: ENTRIES }, file);
  }
  assert.equal(formatVocabularyFile(ENTRIES, 'text'), "statin\napixaban: AH P IH K S AH B AE N\no'brien's sign ~ oh brian sign\n");
  // As a spreadsheet writes it: a BOM, CRLF, quotes, a comma inside quotes is not a separator.
  const csv = '\uFEFFPhrase,Sounds like,Phones\r\n"statin","",""\r\nwarfarin,"war far in",\r\n';
  assert.deepEqual(parseVocabularyFile(csv, 'csv'), { ok: true, entries: [{ phrase: 'statin' }, { phrase: 'warfarin', soundsLike: 'war far in' }] });
  assert.deepEqual(parseVocabularyFile('# my words\n\nstatin\n', 'text'), { ok: true, entries: [{ phrase: 'statin' }] });
});

test('an import with bad lines is refused whole, each problem with its line number', () => {
  const parsed = parseVocabularyFile('statin\nStatin\nstatin\napixaban: AH P Q\nfoo: bar ~ baz', 'text');
  assert.equal(parsed.ok, false);
  if (parsed.ok) return;
  assert.deepEqual(parsed.problems.map((p) => p.split(':')[0]), ['line 2', 'line 3', 'line 4', 'line 5']);
  assert.match(parsed.problems[0]!, /lower-case words/);
  assert.match(parsed.problems[1]!, /listed twice/);
  assert.match(parsed.problems[2]!, /"Q" is not one/);
  const csv = parseVocabularyFile('phrase,sounds_like,phones\na,b,c,d\n', 'csv');
  assert.equal(csv.ok, false);
});
