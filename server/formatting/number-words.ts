/**
 * English number words: the tables, and parsers that read one number from a list of words. They only read; what a
 * number becomes in the text (digits, a date, a dose) is for the rules.
 */

const UNIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEEN_WORDS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS_WORDS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

export const DIGIT: ReadonlyMap<string, number> = new Map([...UNIT_WORDS.map((w, i) => [w, i] as const), ['oh', 0]]);
const TEEN: ReadonlyMap<string, number> = new Map(TEEN_WORDS.map((w, i) => [w, 10 + i]));
const TENS: ReadonlyMap<string, number> = new Map(TENS_WORDS.flatMap((w, i) => (w ? [[w, i * 10] as const] : [])));
const SCALES: ReadonlyMap<string, number> = new Map([
  ['thousand', 1_000],
  ['million', 1_000_000],
]);

const ORDINAL_UNITS = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const ORDINAL_TEENS = ['tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
const ORDINAL_TENS = ['', '', 'twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'];
export const ORDINAL: ReadonlyMap<string, number> = new Map([
  ...ORDINAL_UNITS.flatMap((w, i) => (w ? [[w, i] as const] : [])),
  ...ORDINAL_TEENS.map((w, i) => [w, 10 + i] as const),
  ...ORDINAL_TENS.flatMap((w, i) => (w ? [[w, i * 10] as const] : [])),
]);

/** Every word that can be part of a spoken number (for "literal": a number word written as spoken). */
export const isNumberWord = (w: string): boolean =>
  DIGIT.has(w) || TEEN.has(w) || TENS.has(w) || SCALES.has(w) || w === 'hundred' || ORDINAL.has(w) || w === 'point';

/** One number read from words[start..end). `form` says how it was said, which the rules need. */
export interface SpokenNumber {
  value: number;
  end: number;
  /**
   * `tens`: 10-99 said as one or two words ("twenty five", "fourteen"): the second half of "one twenty", "nineteen
   * ninety". `digit`: one word 0-9. `other`: anything with hundred, thousand or "and".
   */
  form: 'digit' | 'tens' | 'other';
}

/** 1-99 said in tens form: "seven", "fourteen", "twenty", "twenty five". "oh"/"zero" are not read here. */
function readTens(words: readonly string[], at: number): SpokenNumber | null {
  const w = words[at];
  if (w === undefined) return null;
  const teen = TEEN.get(w);
  if (teen !== undefined) return { value: teen, end: at + 1, form: 'tens' };
  const tens = TENS.get(w);
  if (tens !== undefined) {
    const unit = DIGIT.get(words[at + 1] ?? '');
    if (unit !== undefined && unit > 0 && words[at + 1] !== 'oh') return { value: tens + unit, end: at + 2, form: 'tens' };
    return { value: tens, end: at + 1, form: 'tens' };
  }
  const digit = DIGIT.get(w);
  if (digit !== undefined && digit > 0 && w !== 'oh') return { value: digit, end: at + 1, form: 'digit' };
  return null;
}

/** 1-999: "four", "twenty five", "a hundred and five", "three hundred twelve", "fifteen hundred" (1,500). */
function readBelowThousand(words: readonly string[], at: number): SpokenNumber | null {
  if (words[at] === 'a' && words[at + 1] === 'hundred') return afterHundred(words, 1, at + 2);
  const head = readTens(words, at);
  if (!head) return null;
  // "fifteen hundred", "twenty five hundred": hundreds of a tens form (not "one hundred" only).
  if (words[head.end] === 'hundred' && (head.form === 'digit' || head.value < 100)) return afterHundred(words, head.value, head.end + 1);
  return head;
}

function afterHundred(words: readonly string[], hundreds: number, at: number): SpokenNumber {
  const andAt = words[at] === 'and' ? at + 1 : at;
  const rest = readTens(words, andAt);
  if (rest) return { value: hundreds * 100 + rest.value, end: rest.end, form: 'other' };
  return { value: hundreds * 100, end: at, form: 'other' };
}

/**
 * A cardinal as spoken: "seventy two", "one hundred and twenty", "two thousand and eleven", "a thousand", "three
 * million four hundred thousand". Reads as far as the words make one number; "twenty twenty" is two (the rules pair
 * them into a year). "zero" alone is 0; "oh" alone is not a number.
 */
export function readCardinal(words: readonly string[], at: number): SpokenNumber | null {
  if (words[at] === 'zero') return { value: 0, end: at + 1, form: 'digit' };
  let total = 0;
  let i = at;
  let read: SpokenNumber | null = null;
  /** The scale of the last group read ("three million four hundred thousand": million, then thousand). */
  let lastScale = Number.POSITIVE_INFINITY;
  for (;;) {
    const group =
      words[i] === 'a' && SCALES.has(words[i + 1] ?? '') ? { value: 1, end: i + 1, form: 'other' as const } : readBelowThousand(words, i);
    if (!group) break;
    const scale = SCALES.get(words[group.end] ?? '');
    if (scale !== undefined && scale < lastScale) {
      total += group.value * scale;
      lastScale = scale;
      i = group.end + 1;
      read = { value: total, end: i, form: 'other' };
      // "two thousand and eleven": "and" before the last group.
      if (words[i] === 'and' && readBelowThousand(words, i + 1)) i += 1;
      continue;
    }
    if (read && group.value >= 1000) break;
    total += group.value;
    read = { value: total, end: group.end, form: read ? 'other' : group.form };
    break;
  }
  if (!read) return null;
  // A dangling "and" (said before a word that is not a number) is not part of it.
  if (words[read.end - 1] === 'and') read.end -= 1;
  return read;
}

/**
 * The digits after "point": "five" -> "5", "two five" -> "25", "oh five" -> "05", "twenty five" -> "25". Null when no
 * digit follows.
 */
export function readFraction(words: readonly string[], at: number): { digits: string; end: number } | null {
  let digits = '';
  let i = at;
  while (DIGIT.has(words[i] ?? '')) digits += String(DIGIT.get(words[i++]!));
  if (digits) return { digits, end: i };
  const tens = readTens(words, at);
  return tens && tens.form === 'tens' ? { digits: String(tens.value), end: tens.end } : null;
}

/** An ordinal: "third" (3), "twenty first" (21), "thirtieth" (30). */
export function readOrdinal(words: readonly string[], at: number): { value: number; end: number } | null {
  const tens = TENS.get(words[at] ?? '');
  const ordinal = ORDINAL.get(words[at + (tens === undefined ? 0 : 1)] ?? '');
  if (tens !== undefined && ordinal !== undefined && ordinal < 10) return { value: tens + ordinal, end: at + 2 };
  const alone = ORDINAL.get(words[at] ?? '');
  return alone === undefined ? null : { value: alone, end: at + 1 };
}
