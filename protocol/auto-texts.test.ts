import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTO_TEXT_LIMITS, checkAutoTextName, EMPTY_FIELD, parseAutoText } from './auto-texts.js';

test('an auto-text becomes its text with each field holding its default, and where each field is', () => {
  const parsed = parseAutoText('Chest: [clear|wheeze|crackles] bilaterally. Rate [16] per minute. Notes: [ ].');
  assert.ok(parsed.ok);
  const { text, fields } = parsed.value;
  assert.equal(text, `Chest: clear bilaterally. Rate 16 per minute. Notes: ${EMPTY_FIELD}.`);
  assert.deepEqual(
    fields.map((f) => [text.slice(f.start, f.end), f.choices]),
    [
      ['clear', ['clear', 'wheeze', 'crackles']],
      ['16', ['16']],
      [EMPTY_FIELD, []],
    ],
  );
  const escaped = parseAutoText('Use \\[brackets\\] as text, and [a field]');
  assert.ok(escaped.ok);
  assert.equal(escaped.value.text, 'Use [brackets] as text, and a field');
  assert.equal(escaped.value.fields.length, 1);
});

test('a bad auto-text is refused with the reason and the place', () => {
  const problems: [string, RegExp][] = [
    ['', /empty/],
    ['Rate [16 per minute', /field opened at character 6 is not closed/],
    ['Rate [16 [per] minute]', /field opened at character 6 is not closed/],
    ['Rate 16] per minute', /"\]" at character 8 closes no field/],
    ['Chest [clear||wheeze]', /empty choice/],
    ['x'.repeat(AUTO_TEXT_LIMITS.textChars + 1), /longer than 5000/],
    ['[a]'.repeat(AUTO_TEXT_LIMITS.fields + 1), /more than 50 fields/],
  ];
  for (const [body, problem] of problems) {
    const parsed = parseAutoText(body);
    assert.equal(parsed.ok, false, body.slice(0, 40));
    if (!parsed.ok) assert.match(parsed.problem, problem);
  }
});

test('an auto-text name is lower-case words the recognizer can say', () => {
  assert.equal(checkAutoTextName('normal chest exam'), null);
  assert.equal(checkAutoTextName("o'brien follow up 2"), null);
  for (const bad of ['', 'Normal exam', 'normal  exam', ' normal', 'chest-exam', 'a'.repeat(61)]) assert.notEqual(checkAutoTextName(bad), null, bad);
});
