import { isNumberWord, readCardinal, readFraction, readOrdinal } from './number-words.js';
import { spokenMark } from './spoken-punctuation.js';

/**
 * What the rules work on: the recognizer's words, with numbers, ordinals and spoken punctuation already read.
 * A rule replaces a run of tokens with one `done` token (text that is written as it is).
 */
export type Token =
  | { kind: 'word'; text: string }
  | {
      kind: 'number';
      value: number;
      /** As written in digits: "120", "0.5" (leading zero, no trailing zero: the safe-prescribing rules). */
      digits: string;
      /** As spoken, for a small number written as a word. */
      words: string;
      form: 'digit' | 'tens' | 'other' | 'decimal';
      /** "numeral <n>": digits whatever the style says. */
      forced: boolean;
    }
  | { kind: 'ordinal'; value: number; words: string }
  | { kind: 'mark'; text: string }
  | { kind: 'done'; text: string };

export type NumberToken = Extract<Token, { kind: 'number' }>;

/** The recognizer's words, lower case; number words joined by hyphens in the dictionary ("twenty-five") split. */
export function splitWords(raw: string): string[] {
  return raw
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => (w.includes('-') && w.split('-').every(isNumberWord) ? w.split('-') : [w]));
}

/** A decimal's digits: a leading zero, and no trailing zero after the point ("5.0" is misread as 50). */
export function decimalDigits(whole: number, fraction: string): string {
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}` : String(whole);
}

export function tokenize(words: readonly string[]): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < words.length; ) {
    const w = words[i]!;
    // "literal <word>": a command or number word written as spoken.
    if (w === 'literal' && i + 1 < words.length) {
      tokens.push({ kind: 'done', text: words[i + 1]! });
      i += 2;
      continue;
    }
    const forced = w === 'numeral' && readCardinal(words, i + 1) !== null;
    const at = forced ? i + 1 : i;
    const previous = tokens[tokens.length - 1];
    const mark = spokenMark(words, at, previous?.kind === 'word' ? previous.text : '');
    if (mark) {
      tokens.push({ kind: 'mark', text: mark.text });
      i = mark.end;
      continue;
    }
    const number = readNumber(words, at);
    const ordinal = readOrdinal(words, at);
    // "twenty first" is one ordinal, not 20 and "first".
    if (ordinal && (!number || ordinal.end > number.end)) {
      tokens.push({ kind: 'ordinal', value: ordinal.value, words: words.slice(at, ordinal.end).join(' ') });
      i = ordinal.end;
      continue;
    }
    if (number) {
      tokens.push({ ...number.token, forced });
      i = number.end;
      continue;
    }
    tokens.push({ kind: 'word', text: w });
    i += 1;
  }
  return tokens;
}

/** A cardinal, a decimal ("thirty seven point five"), or a bare decimal ("point five" is 0.5). */
function readNumber(words: readonly string[], at: number): { token: NumberToken; end: number } | null {
  const spoken = (end: number) => words.slice(at, end).join(' ');
  if (words[at] === 'point') {
    const fraction = readFraction(words, at + 1);
    if (!fraction) return null;
    const token: NumberToken = { kind: 'number', value: Number(`0.${fraction.digits}`), digits: decimalDigits(0, fraction.digits), words: spoken(fraction.end), form: 'decimal', forced: false };
    return { token, end: fraction.end };
  }
  const cardinal = readCardinal(words, at);
  if (!cardinal) return null;
  const fraction = words[cardinal.end] === 'point' ? readFraction(words, cardinal.end + 1) : null;
  if (fraction) {
    const digits = decimalDigits(cardinal.value, fraction.digits);
    return { token: { kind: 'number', value: Number(digits), digits, words: spoken(fraction.end), form: 'decimal', forced: false }, end: fraction.end };
  }
  const token: NumberToken = { kind: 'number', value: cardinal.value, digits: String(cardinal.value), words: spoken(cardinal.end), form: cardinal.form, forced: false };
  return { token, end: cardinal.end };
}
