import { unitAt } from './units.js';
import { done, integerAt, rewrite, secondHalfAt, wordAt, type Match } from './rule.js';
import type { NumberToken, Token } from './tokens.js';

/**
 * Numbers said in two halves: years ("nineteen ninety", "twenty twenty six"), values in the hundreds ("sodium one
 * thirty five", "one oh five"), blood pressure and other ratios ("one twenty over eighty" -> 120/80), visual acuity
 * ("twenty twenty" after "vision" -> 20/20). Not before a unit: "one twenty milligram tablet" is one tablet of 20 mg.
 */

/** Words that may come between a name and its value ("vision is twenty twenty"). */
const BETWEEN = new Set(['is', 'was', 'of', 'at', 'about', 'around', 'approximately', 'now']);
const ACUITY = new Set(['vision', 'acuity']);

function afterWordIn(tokens: readonly Token[], at: number, names: ReadonlySet<string>): boolean {
  let i = at - 1;
  while (BETWEEN.has(wordAt(tokens, i) ?? '')) i -= 1;
  return names.has(wordAt(tokens, i) ?? '');
}

/** A number said in two halves, its first half accepted by `head`: hundreds of it plus the second half. */
function pairAt(tokens: readonly Token[], at: number, head: (n: NumberToken) => boolean): { value: number; end: number } | null {
  const first = integerAt(tokens, at);
  const second = first && head(first) ? secondHalfAt(tokens, at + 1) : null;
  return second ? { value: first!.value * 100 + second.value, end: second.end } : null;
}

/** "one twenty" (120), "two oh five" (205): a hundreds digit, then tens. */
const hundredsPair = (tokens: readonly Token[], at: number) => pairAt(tokens, at, (n) => n.form === 'digit' && n.value >= 1 && n.value <= 2);

/** "nineteen ninety" (1990), "twenty twenty six" (2026), "twenty oh five" (2005). */
const yearPair = (tokens: readonly Token[], at: number) => pairAt(tokens, at, (n) => n.form === 'tens' && (n.value === 19 || n.value === 20));

const asNumber = (value: number): Token => ({ kind: 'number', value, digits: String(value), words: String(value), form: 'other', forced: true });

/** One side of a ratio: a paired number, or any whole number. */
function ratioSide(tokens: readonly Token[], at: number): { value: number; end: number } | null {
  const pair = hundredsPair(tokens, at);
  if (pair) return pair;
  const n = integerAt(tokens, at);
  return n ? { value: n.value, end: at + 1 } : null;
}

function ratio(tokens: readonly Token[], at: number): Match {
  const left = ratioSide(tokens, at);
  if (!left) return null;
  const over = tokens[left.end];
  const isOver = (over?.kind === 'word' && over.text === 'over') || (over?.kind === 'mark' && over.text === '/');
  const right = isOver ? ratioSide(tokens, left.end + 1) : null;
  if (!right) return null;
  const unit = unitAt(tokens, right.end);
  const text = `${left.value}/${right.value}${unit ? ` ${unit[0]}` : ''}`;
  return { replace: [{ kind: 'done', text }], end: unit ? unit[1] : right.end };
}

export function pairs(tokens: readonly Token[]): Token[] {
  return rewrite(tokens, (t, at) => {
    if (afterWordIn(t, at, ACUITY)) {
      const head = integerAt(t, at);
      const tail = integerAt(t, at + 1);
      if (head?.value === 20 && tail) return { replace: [done(`20/${tail.value}`)], end: at + 2 };
    }
    const found = ratio(t, at);
    if (found) return found;
    const pair = hundredsPair(t, at) ?? yearPair(t, at);
    return pair && !unitAt(t, pair.end) ? { replace: [asNumber(pair.value)], end: pair.end } : null;
  });
}
