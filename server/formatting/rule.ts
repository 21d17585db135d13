import type { NumberToken, Token } from './tokens.js';

/** A rule's match at one place: the tokens that replace `tokens[at..end)`. */
export type Match = { replace: Token[]; end: number } | null;

/** Applies `match` left to right; where it matches, the run is replaced and the scan goes on after it. */
export function rewrite(tokens: readonly Token[], match: (tokens: readonly Token[], at: number) => Match): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; ) {
    const found = match(tokens, i);
    if (found && found.end > i) {
      out.push(...found.replace);
      i = found.end;
    } else {
      out.push(tokens[i]!);
      i += 1;
    }
  }
  return out;
}

export const done = (text: string): Token => ({ kind: 'done', text });

export const wordAt = (tokens: readonly Token[], at: number): string | null => {
  const t = tokens[at];
  return t?.kind === 'word' ? t.text : null;
};

export const numberAt = (tokens: readonly Token[], at: number): NumberToken | null => {
  const t = tokens[at];
  return t?.kind === 'number' ? t : null;
};

/** A whole number (not a decimal). */
export const integerAt = (tokens: readonly Token[], at: number): NumberToken | null => {
  const n = numberAt(tokens, at);
  return n && n.form !== 'decimal' ? n : null;
};

/**
 * The second half of a number said in two ("one twenty", "nineteen ninety", "ten thirty"): 10-99 in tens form, or
 * "oh" and a digit ("one oh five", "ten oh five").
 */
export function secondHalfAt(tokens: readonly Token[], at: number): { value: number; end: number } | null {
  const tens = integerAt(tokens, at);
  if (tens?.form === 'tens' && tens.value >= 10) return { value: tens.value, end: at + 1 };
  const digit = wordAt(tokens, at) === 'oh' ? integerAt(tokens, at + 1) : null;
  return digit?.form === 'digit' ? { value: digit.value, end: at + 2 } : null;
}

/** Reads spoken phrases from a table: the longest that starts at `at`, as [written, end]. */
export function phraseAt(tokens: readonly Token[], at: number, table: ReadonlyMap<string, string>, longest: number): [string, number] | null {
  for (let n = Math.min(longest, tokens.length - at); n > 0; n--) {
    const words: string[] = [];
    for (let j = 0; j < n; j++) {
      const w = wordAt(tokens, at + j);
      if (w === null) break;
      words.push(w);
    }
    if (words.length !== n) continue;
    const written = table.get(words.join(' '));
    if (written !== undefined) return [written, at + n];
  }
  return null;
}

/** "a|b = x" lines into a map of spoken phrase -> written text, and the longest phrase's length in words. */
export function phraseTable(lines: string): { table: ReadonlyMap<string, string>; longest: number } {
  const table = new Map<string, string>();
  let longest = 0;
  for (const line of lines.split('\n')) {
    const [spoken, written] = line.split(' = ');
    if (!spoken || written === undefined) continue;
    for (const phrase of spoken.split('|')) {
      table.set(phrase.trim(), written.trim());
      longest = Math.max(longest, phrase.trim().split(' ').length);
    }
  }
  return { table, longest };
}
