/**
 * Turns a recognizer's words into text for the field: voice commands become characters, sentences start with a
 * capital, and spacing fits the text around the caret. Pure, so it is tested on its own.
 */

/** Spoken commands and what they produce. Longest first, so "full stop" wins over a word "full". */
const COMMANDS: [words: string[], text: string][] = [
  [['new', 'paragraph'], '\n\n'],
  [['new', 'line'], '\n'],
  [['full', 'stop'], '.'],
  [['question', 'mark'], '?'],
  [['exclamation', 'mark'], '!'],
  [['exclamation', 'point'], '!'],
  [['period'], '.'],
  [['comma'], ','],
];

const SENTENCE_END = /[.?!]$/;
const OPENERS = /[\s([{"'“‘/-]$/;
/** Pronoun "I" and its contractions are always capitalised. */
const PRONOUN_I = /^i('(m|ll|ve|d))?$/;

export interface CaretContext {
  /** Text before the caret (or the selection) in the field. */
  before: string;
  /** Text after it. */
  after: string;
}

type Token = { word: string } | { mark: string };

function tokenize(raw: string): Token[] {
  const words = raw.toLowerCase().split(/\s+/).filter(Boolean);
  const tokens: Token[] = [];
  for (let i = 0; i < words.length; ) {
    const command = COMMANDS.find(([spoken]) => spoken.every((w, j) => words[i + j] === w));
    if (command) {
      tokens.push({ mark: command[1] });
      i += command[0].length;
    } else {
      tokens.push({ word: words[i]! });
      i += 1;
    }
  }
  return tokens;
}

const startsSentence = (text: string) => {
  if (text === '' || text.endsWith('\n')) return true;
  const trimmed = text.trimEnd();
  return trimmed === '' || SENTENCE_END.test(trimmed);
};

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The text to insert at the caret for the recognised `raw` words. Empty when there is nothing to insert. */
export function formatDictation(raw: string, { before, after }: CaretContext): string {
  let text = '';
  for (const token of tokenize(raw)) {
    const context = before + text;
    if ('mark' in token) {
      // Punctuation hugs the word before it; line breaks replace the space that would have followed it.
      if (token.mark.startsWith('\n')) text = text.replace(/ +$/, '');
      text += token.mark;
      continue;
    }
    let word = PRONOUN_I.test(token.word) ? capitalize(token.word) : token.word;
    if (startsSentence(context)) word = capitalize(word);
    if (context !== '' && !OPENERS.test(context)) text += ' ';
    text += word;
  }
  // Keep a word after the caret from gluing onto what we insert.
  if (text !== '' && /^[\p{L}\p{N}]/u.test(after) && !/\s$/.test(text)) text += ' ';
  return text;
}
