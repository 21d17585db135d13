import type { Token } from './tokens.js';

/** Marks that hug the word before them. */
const CLOSERS = new Set(['.', ',', ':', ';', '?', '!', ')', '”']);
/** Marks that hug the word after them. */
const OPENERS = new Set(['(', '“']);
/** Marks with no space on either side ("follow-up", "and/or", line breaks). */
const JOINERS = new Set(['-', '/', '\n', '\n\n']);
const ENDS_SENTENCE = new Set(['.', '?', '!', '\n', '\n\n']);
/** The pronoun and its contractions, always capitalised. */
const PRONOUN_I = /^i('(m|ll|ve|d))?$/;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** Thousands separators from five digits on (1000 and years stay as they are): 12,500. */
const grouped = (digits: string) => (/^\d{5,}$/.test(digits) ? Number(digits).toLocaleString('en-US') : digits);

function suffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/** One token as text: numbers in digits or words by the style, ordinals likewise. */
function written(token: Token, wordsBelow: number, numbers: boolean): string {
  switch (token.kind) {
    case 'word':
      return PRONOUN_I.test(token.text) ? capitalize(token.text) : token.text;
    case 'number':
      if (!numbers) return token.words;
      return token.forced || token.form === 'decimal' || token.value >= wordsBelow ? grouped(token.digits) : token.words;
    case 'ordinal':
      return numbers && token.value >= wordsBelow ? `${token.value}${suffix(token.value)}` : token.words;
    case 'mark':
    case 'done':
      return token.text;
  }
}

/**
 * The tokens as text: spaces between words, marks hugging their words, a capital after the end of a sentence or a
 * line break within the text. The first word is left as it is: whether it starts a sentence depends on the text
 * before the caret, which only the page knows.
 */
export function render(tokens: readonly Token[], wordsBelow: number, numbers: boolean): string {
  let text = '';
  let glueNext = true;
  let capitalNext = false;
  for (const token of tokens) {
    const piece = written(token, wordsBelow, numbers);
    const mark = token.kind === 'mark' ? token.text : null;
    if (mark !== null && (CLOSERS.has(mark) || JOINERS.has(mark))) {
      text = text.replace(/ +$/, '') + piece;
    } else {
      if (!glueNext) text += ' ';
      text += capitalNext && mark === null ? capitalize(piece) : piece;
    }
    glueNext = mark !== null && (OPENERS.has(mark) || JOINERS.has(mark));
    if (mark !== null) capitalNext = ENDS_SENTENCE.has(mark) || (capitalNext && OPENERS.has(mark));
    else capitalNext = false;
  }
  return text;
}
