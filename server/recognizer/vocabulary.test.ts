import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildArpa } from './arpa.js';
import { flitePhonesToCmu, letterToSoundMany, normalizeWords, parseVocabulary, prepareVocabulary, readVocabulary, VocabularyError } from './vocabulary.js';

const DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

test('a vocabulary file has phrases, pronunciations and comments', () => {
  const vocabulary = parseVocabulary('# heading\nThe patient reports mild chest-pain.\n\nmetoprolol: m eh t ow p r ow l ao l # beta blocker\n');
  assert.deepEqual(vocabulary.phrases, [['the', 'patient', 'reports', 'mild', 'chest', 'pain'], ['metoprolol']]);
  assert.equal(vocabulary.pronunciations.get('metoprolol'), 'M EH T OW P R OW L AO L');
});

test('a bad pronunciation line names the file and line', () => {
  assert.throws(() => parseVocabulary('ok phrase\nfoo: 1 2 3\n', 'clinical.txt'), (err: Error) => {
    assert.ok(err instanceof VocabularyError);
    assert.match(err.message, /^clinical\.txt:2: expected "word: PHONES"/);
    return true;
  });
});

test('word classes: a template stands for phrases with every member of each class used, deterministically', () => {
  const text = '$drug = aspirin | metoprolol | a statin\n$unit = milligrams | grams\nstart $drug $small $unit\n$vital\n$vital = pulse is $number\n';
  const vocabulary = parseVocabulary(text);
  const starts = vocabulary.phrases.filter((p) => p[0] === 'start').map((p) => p.join(' '));
  assert.equal(starts.length, 10, 'as many as the largest class ($small: one to ten)');
  for (const member of ['aspirin', 'metoprolol', 'a statin', 'milligrams', 'grams', 'one', 'ten']) {
    assert.ok(starts.some((p) => p.includes(` ${member}`)), `${member} is used`);
  }
  // A class defined after its use, and a class whose members name classes.
  assert.ok(vocabulary.phrases.some((p) => p.join(' ').startsWith('pulse is ')));
  assert.ok(vocabulary.phrases.every((p) => p.every((w) => !w.startsWith('$'))));
  assert.deepEqual(parseVocabulary(text).phrases, vocabulary.phrases, 'the same file gives the same phrases');
});

test('a class member weighted "*N" fills its class N times as often, spread through the class', () => {
  const vocabulary = parseVocabulary('$drug = metoprolol *3 | amiodarone | a statin * 2\nstart $drug\n');
  const starts = vocabulary.phrases.map((p) => p.join(' '));
  assert.deepEqual(starts.slice().sort(), ['start a statin', 'start a statin', 'start amiodarone', 'start metoprolol', 'start metoprolol', 'start metoprolol']);
  assert.ok(starts.every((p) => !p.includes('*') && !/\d/.test(p)), 'the weight is not a word');
  assert.throws(() => parseVocabulary('$drug = *3\n'), /the class \$drug has no members/);
});

test('a vocabulary directory: its .txt files in name order, a class defined in one file fills templates in another; errors name the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vocabulary-dir-'));
  await writeFile(join(dir, '20-plan.txt'), 'ok\nstart $drug\nthen $drg\n');
  await writeFile(join(dir, '00-classes.txt'), '$drug = aspirin | metoprolol\n');
  await writeFile(join(dir, 'README.md'), 'not a vocabulary $nothing\n');
  const parts = await readVocabulary(dir);
  assert.deepEqual(parts.map((p) => p.source), [join(dir, '00-classes.txt'), join(dir, '20-plan.txt')]);
  assert.throws(() => parseVocabulary(parts), new RegExp(`^VocabularyError: ${join(dir, '20-plan.txt')}:3: unknown class \\$drg`));
  await writeFile(join(dir, '20-plan.txt'), 'ok\nstart $drug\n');
  assert.deepEqual(parseVocabulary(await readVocabulary(dir)).phrases.map((p) => p.join(' ')).sort(), ['ok', 'start aspirin', 'start metoprolol']);
  await assert.rejects(readVocabulary(join(dir, 'missing')), /ENOENT/);
});

test('a template naming an unknown class, or an empty class, names the file and line', () => {
  assert.throws(() => parseVocabulary('ok\nstart $drg\n', 'clinical.txt'), /^VocabularyError: clinical\.txt:2: unknown class \$drg/);
  assert.throws(() => parseVocabulary('$drug = | \n', 'clinical.txt'), /clinical\.txt:1: the class \$drug has no members/);
});

test('the held-out and development sentences are not in the shipped vocabulary (bench/eval: never used to tune it)', async () => {
  const corpus = new Set(parseVocabulary(await readVocabulary('vocabulary/clinical')).phrases.map((p) => p.join(' ')));
  const sentences = async (file: string) => (await readFile(`bench/eval/${file}`, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
  const heldOut = await sentences('clinical-heldout.txt');
  assert.ok(heldOut.length >= 100);
  assert.deepEqual(heldOut.filter((s) => corpus.has(s)), []);
  // The development set tunes settings; in the corpus it would say nothing about them either.
  assert.deepEqual((await sentences('clinical-dev.txt')).filter((s) => corpus.has(s)), []);
});

test('every word the shipped vocabulary names reaches the model: no class left unused, no member crowded out by the cap on fills', async () => {
  const parts = await readVocabulary('vocabulary/clinical');
  const inPhrases = new Set(parseVocabulary(parts).phrases.flat());
  const named = new Set<string>();
  for (const raw of parts.flatMap((part) => part.text.split('\n'))) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line || /^[^\s$]+:\s/.test(line)) continue; // a pronunciation
    const body = line.replace(/^\$[a-z_]+\s*=/, '').replace(/\*\d+/g, ' ').replace(/\$[a-z_]+/g, ' ');
    for (const word of normalizeWords(body.replaceAll('|', ' '))) named.add(word);
  }
  assert.ok(named.size > 500);
  assert.deepEqual([...named].filter((w) => !inPhrases.has(w)), []);
});

test("flite's phones become the dictionary's", () => {
  assert.equal(flitePhonesToCmu('pau m eh1 t ax p r aw1 l aa1 l pau \n'), 'M EH T AH P R AW L AA L');
});

/** Sums P(w | context) over the vocabulary, following back-off as a decoder does. */
function totalProbability(arpa: string, context: string[]): number {
  const prob = new Map<string, number>();
  const backoff = new Map<string, number>();
  for (const line of arpa.split('\n')) {
    const parts = line.split('\t');
    if (parts.length < 2) continue;
    prob.set(parts[1]!, 10 ** Number(parts[0]));
    if (parts[2] !== undefined) backoff.set(parts[1]!, 10 ** Number(parts[2]));
  }
  const p = (words: string[]): number => {
    const key = words.join(' ');
    if (prob.has(key)) return prob.get(key)!;
    if (words.length === 1) return 0;
    return (backoff.get(words.slice(0, -1).join(' ')) ?? 1) * p(words.slice(1));
  };
  const vocabulary = [...prob.keys()].filter((k) => !k.includes(' ') && k !== '<s>');
  return vocabulary.reduce((sum, w) => sum + p([...context, w]), 0);
}

test('the domain language model is a proper distribution in every context', () => {
  const arpa = buildArpa([
    ['the', 'patient', 'reports', 'mild', 'chest', 'pain'],
    ['the', 'patient', 'denies', 'chest', 'pain'],
    ['chest', 'x', 'ray'],
  ]);
  assert.match(arpa, /^\\data\\\nngram 1=\d+\nngram 2=\d+\nngram 3=\d+/);
  for (const context of [[], ['<s>'], ['the'], ['chest'], ['the', 'patient'], ['patient', 'denies'], ['pain']]) {
    const total = totalProbability(arpa, context);
    assert.ok(Math.abs(total - 1) < 1e-4, `P(. | ${context.join(' ')}) sums to ${total}`);
  }
});

test('the clinical vocabulary prepares: missing words get pronunciations, the model is written', async () => {
  const prepared = await prepareVocabulary('vocabulary/clinical', DICT);
  assert.ok(prepared.phrases >= 30);
  const metoprolol = prepared.extraWords.find((w) => w.word === 'metoprolol');
  assert.equal(metoprolol?.phones, 'M EH T OW P R OW L AO L');
  assert.deepEqual(prepared.warnings, [], 'every word of the shipped file is known or pronounced');
  assert.match(await readFile(prepared.arpaPath, 'utf8'), /\treports mild chest\n/);
  const dict = await readFile(prepared.dictPath, 'utf8');
  assert.match(dict, /\nmetoprolol M EH T OW P R OW L AO L\n/, 'added words are in the decoder dictionary');
  assert.ok(dict.length > (await readFile(DICT, 'utf8')).length, 'the general dictionary is kept');
});

test("a word nobody pronounced gets flite's letter-to-sound guess, and a warning that says so", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vocabulary-'));
  await writeFile(join(dir, 'v.txt'), 'start dapagliflozin ten milligrams\n');
  const prepared = await prepareVocabulary(join(dir, 'v.txt'), DICT);
  const word = prepared.extraWords.find((w) => w.word === 'dapagliflozin');
  assert.match(word?.phones ?? '', /^D (AE|AH) P .* Z (IH|AH) N$/);
  assert.match(prepared.warnings[0]!, /"dapagliflozin" is not in the dictionary; using flite's guess/);
});

test("flite's guesses for many words in one run are each word's own guess", async () => {
  const words = ['zorbitrex', 'apixaban', "o'brien", 'edoxaban', 'quelibex'];
  const together = await letterToSoundMany(words);
  const alone = await Promise.all(words.map(async (w) => (await letterToSoundMany([w])).get(w)));
  assert.deepEqual([...together.values()], alone);
  assert.equal(together.get('zorbitrex'), 'Z AO R B IH T R EH K S');
});
