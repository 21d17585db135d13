import { COUNTED, symbolAt, unitAt } from './units.js';
import { done, integerAt, numberAt, rewrite, wordAt, type Match } from './rule.js';
import type { NumberToken, Token } from './tokens.js';

/** Denominators said as words: "one half", "two thirds", "three quarters". "second" is never one. */
const DENOMINATORS = new Map([
  ['half', 2], ['halves', 2], ['third', 3], ['thirds', 3], ['quarter', 4], ['quarters', 4], ['fourth', 4], ['fourths', 4],
  ['fifth', 5], ['fifths', 5], ['sixth', 6], ['sixths', 6], ['eighth', 8], ['eighths', 8],
]);

const fraction = (value: number, digits: string): NumberToken => ({ kind: 'number', value, digits, words: digits, form: 'decimal', forced: true });

/** "one half" -> 1/2, "two thirds" -> 2/3, "one and a half" -> 1.5 (a dose is written as a decimal, not 1-1/2). */
function fractionAt(tokens: readonly Token[], at: number): Match {
  const n = integerAt(tokens, at);
  if (!n) return null;
  if (wordAt(tokens, at + 1) === 'and' && wordAt(tokens, at + 2) === 'a' && wordAt(tokens, at + 3) === 'half') {
    return { replace: [fraction(n.value + 0.5, `${n.value}.5`)], end: at + 4 };
  }
  if (n.form !== 'digit' || n.value === 0) return null;
  const next = tokens[at + 1];
  const word = next?.kind === 'word' ? next.text : next?.kind === 'ordinal' ? next.words : null;
  const denominator = word === null ? undefined : DENOMINATORS.get(word);
  return denominator ? { replace: [fraction(n.value / denominator, `${n.value}/${denominator}`)], end: at + 2 } : null;
}

/**
 * A number with what it measures: "25 mg", "98%", "37.5°C", "1-2 tablets", "5-10 mg", "from 25 to 50 mg",
 * "56-year-old". A counted word keeps its spelling and makes the number digits.
 */
function measureAt(tokens: readonly Token[], at: number): Match {
  const first = numberAt(tokens, at);
  if (!first) return null;
  const joiner = wordAt(tokens, at + 1);
  const second = joiner === 'to' || joiner === 'through' ? numberAt(tokens, at + 2) : null;
  const after = second ? at + 3 : at + 1;
  const kind = wordAt(tokens, after);
  if (!second && (kind === 'year' || kind === 'month' || kind === 'week' || kind === 'day') && wordAt(tokens, after + 1) === 'old') {
    return { replace: [done(`${first.digits}-${kind}-old`)], end: after + 2 };
  }
  const symbol = symbolAt(tokens, after);
  const unit = symbol ? null : unitAt(tokens, after);
  if (!symbol && !unit && !COUNTED.has(kind ?? '')) return null;
  const opener = wordAt(tokens, at - 1);
  const numbers = !second ? first.digits : opener === 'from' ? `${first.digits} to ${second.digits}` : `${first.digits}-${second.digits}`;
  if (symbol) return { replace: [done(numbers + symbol[0])], end: symbol[1] };
  if (unit) return { replace: [done(`${numbers} ${unit[0]}`)], end: unit[1] };
  return { replace: [done(numbers)], end: after };
}

export function fractions(tokens: readonly Token[]): Token[] {
  return rewrite(tokens, fractionAt);
}

export function measures(tokens: readonly Token[]): Token[] {
  return rewrite(tokens, measureAt);
}
