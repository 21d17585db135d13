import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildArpa, DISCOUNT } from './arpa.js';
import { commandPhrases, commandRepeats } from './command-phrases.js';
import { expandTemplate, MAX_PHRASES_PER_TEMPLATE } from './vocabulary-classes.js';

/**
 * A domain vocabulary file: one phrase per line (they shape a small language model interpolated with the general
 * one), and `word: PHONES` lines for words the pronunciation dictionary lacks. `#` starts a comment.
 *
 *     # cardiology
 *     reports mild chest pain
 *     metoprolol: M EH T OW P R OW L AO L
 *
 * A missing word without a pronunciation gets one from flite's letter-to-sound rules (`t2p`) when flite is
 * installed; otherwise its phrases are skipped with a warning.
 */
export interface Vocabulary {
  phrases: string[][];
  pronunciations: Map<string, string>;
}

export class VocabularyError extends Error {
  override name = 'VocabularyError';
}

const PHONE = /^[A-Z]{1,2}$/;

export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' -]+/g, ' ')
    .split(/[\s-]+/)
    .filter(Boolean);
}

/** One file of a vocabulary: its text, and its name for error messages. */
export interface VocabularyPart {
  text: string;
  source: string;
}

/**
 * Parses a vocabulary: one text, or the files of a vocabulary directory in order. A class defined in any file fills
 * templates in all of them, so a directory can keep its classes in one file and its phrases by section in others.
 */
export function parseVocabulary(input: string | VocabularyPart[], name = 'vocabulary'): Vocabulary {
  const parts = typeof input === 'string' ? [{ text: input, source: name }] : input;
  const phrases: string[][] = [];
  const pronunciations = new Map<string, string>();
  const classes = new Map<string, string[][]>();
  const templates: { words: string[]; source: string; line: number }[] = [];
  for (const { text, source } of parts) text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const definition = /^\$([a-z_]+)\s*=\s*(.*)$/.exec(line);
    if (definition) {
      const members = weightedMembers(definition[2]!);
      if (members.length === 0) throw new VocabularyError(`${source}:${index + 1}: the class $${definition[1]} has no members.`);
      classes.set(definition[1]!, members);
      return;
    }
    if (line.includes('$')) {
      templates.push({ words: templateWords(line), source, line: index + 1 });
      return;
    }
    const colon = line.indexOf(':');
    if (colon >= 0) {
      const word = line.slice(0, colon).trim().toLowerCase();
      const phones = line.slice(colon + 1).trim().toUpperCase().split(/\s+/);
      if (!/^[a-z0-9']+$/.test(word) || phones.length === 0 || !phones.every((p) => PHONE.test(p))) {
        throw new VocabularyError(`${source}:${index + 1}: expected "word: PHONES" (CMU phones like "M EH T"), got "${line}".`);
      }
      pronunciations.set(word, phones.join(' '));
      phrases.push([word]);
      return;
    }
    const words = normalizeWords(line);
    if (words.length) phrases.push(words);
  });
  for (const { words, source, line } of templates) {
    try {
      // Seeded by the template's text, not its line: editing one line leaves the other templates' phrases as they were.
      phrases.push(...expandTemplate(words, classes, seedOf(words.join(' '))));
    } catch (err) {
      throw new VocabularyError(`${source}:${line}: ${(err as Error).message} (define it as "$name = a | b").`);
    }
  }
  return { phrases, pronunciations };
}

/** A small number from a text (FNV-1a), the same on every start. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash % 997;
}

/**
 * A class's members, `member *N` counted N times (at most 9): how often a member is said matters as much as that it is
 * said ("metoprolol" far more than "amiodarone"), and without weights every member added to a class thins the others'
 * share. The repeats come in rounds (every member, then those of weight 2 or more, ...), not side by side, so a
 * template that uses only part of a long class still meets many members.
 */
function weightedMembers(definition: string): string[][] {
  const weighted = definition.split('|').map((text) => {
    const weight = /\*\s*([1-9])\s*$/.exec(text);
    return { words: templateWords(weight ? text.slice(0, weight.index) : text), weight: weight ? Number(weight[1]) : 1 };
  }).filter((m) => m.words.length > 0);
  const rounds = Math.max(0, ...weighted.map((m) => m.weight));
  return Array.from({ length: rounds }, (_, round) => weighted.filter((m) => m.weight > round).map((m) => m.words)).flat();
}

/** A template's words: `$class` names kept, the rest as `normalizeWords` makes them. */
function templateWords(text: string): string[] {
  return text.trim().split(/\s+/).flatMap((w) => (/^\$[a-z_]+$/.test(w) ? [w] : normalizeWords(w)));
}

/** flite's phone set is CMU's in lower case with stress marks and `ax` for schwa; pau is a pause. */
export function flitePhonesToCmu(phones: string): string {
  return phones
    .trim()
    .split(/\s+/)
    .filter((p) => p && p !== 'pau')
    .map((p) => p.replace(/\d$/, '').toUpperCase())
    .map((p) => (p === 'AX' ? 'AH' : p))
    .join(' ');
}

const run = promisify(execFile);

async function letterToSound(word: string): Promise<string | null> {
  try {
    const { stdout } = await run('t2p', [word], { timeout: 5000 });
    const phones = flitePhonesToCmu(stdout);
    return phones || null;
  } catch {
    return null;
  }
}

/**
 * flite's guesses for many words in one process per 200: a process each cost ~35 ms from a server holding its models
 * (a fork of a large process), 100 words 3.5 s; comma-separated, flite puts a pause between the words, so one run
 * gives each word's phones. A run whose pauses do not match its words is redone a word at a time.
 */
export async function letterToSoundMany(words: readonly string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (let i = 0; i < words.length; i += 200) {
    const batch = words.slice(i, i + 200);
    let parts: string[] | null = null;
    try {
      const { stdout } = await run('t2p', [batch.join(', ')], { timeout: 20_000 });
      parts = stdout.trim().split(/\bpau\b/).slice(1, -1);
    } catch {
      // flite is missing, or failed: every word gets its own try below (and null without flite).
    }
    if (parts && parts.length === batch.length) batch.forEach((w, j) => found.set(w, flitePhonesToCmu(parts![j]!) || null));
    else for (const w of batch) found.set(w, await letterToSound(w));
  }
  return found;
}

/** The words a dictionary's text defines (alternatives such as `word(2)` included as written). */
function dictionaryWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) words.add(line.slice(0, space));
  }
  return words;
}

export interface PreparedVocabulary {
  extraWords: { word: string; phones: string }[];
  arpaPath: string;
  /** The general dictionary with the extra words appended. */
  dictPath: string;
  phrases: number;
  warnings: string[];
}

/**
 * The cache directory, if this user owns it and nobody else can write it; otherwise (another user made it first on a
 * shared /tmp) a fresh private one, so nobody else's files are ever read.
 */
async function ownDirectory(path: string): Promise<string> {
  await mkdir(path, { recursive: true, mode: 0o700 }).catch(() => undefined);
  const info = await stat(path).catch(() => null);
  const mine = info?.isDirectory() && info.uid === process.getuid?.() && (info.mode & 0o077) === 0;
  return mine ? path : mkdtemp(join(tmpdir(), 'dictation-vocabulary-'));
}

/** Bumped when what is written changes, so an older cache is not read. */
const FORMAT = `v2-d${DISCOUNT}-t${MAX_PHRASES_PER_TEMPLATE}`;

/**
 * A vocabulary file, or a directory of them (its `.txt` files in name order): a corpus of thousands of lines is kept
 * by section of a note, each file one obvious place to add to.
 */
export async function readVocabulary(path: string): Promise<VocabularyPart[]> {
  if (!(await stat(path)).isDirectory()) return [{ text: await readFile(path, 'utf8'), source: path }];
  const files = (await readdir(path)).filter((f) => f.endsWith('.txt')).sort();
  if (files.length === 0) throw new VocabularyError(`${path} has no .txt files.`);
  return Promise.all(files.map(async (f) => ({ text: await readFile(join(path, f), 'utf8'), source: join(path, f) })));
}

/**
 * Resolves pronunciations and writes the domain language model and the merged dictionary to files. They depend only
 * on the vocabulary and the dictionary, so they are written once per content (in the temporary directory, under a
 * hash of both) and every later start, and every process of a cluster, reads the same files: a start no longer leaves
 * a 3.5 MB dictionary behind in /tmp.
 */
export async function prepareVocabulary(path: string, dictPath: string): Promise<PreparedVocabulary> {
  const parts = await readVocabulary(path);
  const vocabulary = parseVocabulary(parts);
  // The voice commands are phrases too, said far more often than any one clinical phrase: a command the model does not
  // expect comes out as other words ("choose two" -> "she is due" when it was there once among 3,000 phrases).
  const corpus = vocabulary.phrases.slice();
  const repeats = commandRepeats(corpus.length);
  for (let i = 0; i < repeats; i++) vocabulary.phrases.push(...commandPhrases(corpus, i));
  const dictionary = await readFile(dictPath, 'utf8');
  const known = dictionaryWords(dictionary);
  const warnings: string[] = [];
  const extraWords: { word: string; phones: string }[] = [];
  const unknown = new Set<string>();
  const needed = new Set(vocabulary.phrases.flat());
  for (const word of needed) {
    const explicit = vocabulary.pronunciations.get(word);
    if (explicit) {
      extraWords.push({ word, phones: explicit });
      continue;
    }
    if (known.has(word)) continue;
    const guessed = await letterToSound(word);
    if (guessed) {
      extraWords.push({ word, phones: guessed });
      warnings.push(`vocabulary: "${word}" is not in the dictionary; using flite's guess "${guessed}" (add "${word}: PHONES" to set it).`);
    } else {
      unknown.add(word);
      warnings.push(`vocabulary: "${word}" is not in the dictionary and has no pronunciation; its phrases are skipped.`);
    }
  }
  const phrases = vocabulary.phrases.filter((words) => !words.some((w) => unknown.has(w)));
  if (phrases.length === 0) throw new VocabularyError(`${path} has no usable phrases.`);
  const hash = createHash('sha256').update(JSON.stringify(parts)).update('\0').update(JSON.stringify([repeats, commandPhrases(corpus, 0)])).update('\0').update(dictionary).update('\0').update(FORMAT).digest('hex').slice(0, 16);
  const dir = await ownDirectory(join(tmpdir(), `dictation-vocabulary-${hash}`));
  const arpaPath = join(dir, 'domain.arpa');
  const mergedDict = join(dir, 'dictionary.dict');
  const result = { extraWords, arpaPath, dictPath: mergedDict, phrases: phrases.length, warnings };
  if (await readFile(join(dir, 'complete'), 'utf8').then(() => true, () => false)) return result;
  // The words go into a dictionary file rather than through ps_add_word: that call also appends them to the
  // general (trie) language model, and PocketSphinx 5prealpha then reads past its arrays when such a word is in
  // the history of an interpolated score (a segfault seen with "order troponin and ..."). Words the general model
  // lacks are simply unknown to it; the domain model scores them.
  // A word the dictionary has already gets the explicit pronunciation as an alternative, `word(N)`.
  const added = extraWords.map(({ word, phones }, i) => `${known.has(word) ? `${word}(${i + 10})` : word} ${phones}`);
  // Written whole, then renamed, then marked complete: a process starting meanwhile never reads half a file.
  const unique = `${process.pid}-${Date.now()}`;
  await writeFile(`${arpaPath}.${unique}`, buildArpa(phrases));
  await rename(`${arpaPath}.${unique}`, arpaPath);
  await writeFile(`${mergedDict}.${unique}`, `${dictionary.trimEnd()}\n${added.join('\n')}\n`);
  await rename(`${mergedDict}.${unique}`, mergedDict);
  await writeFile(join(dir, 'complete'), '');
  return result;
}
