/**
 * How the server writes numbers, dates and times in a recording's text (inverse text normalisation). Set per
 * deployment (FORMAT_* variables) and per page (the bar's attributes, sent with `start`).
 */

/** `long`: March 3, 2026. `dmy`: 3 March 2026. `mdy-numeric`: 03/03/2026. `dmy-numeric`: 03/03/2026. `iso`: 2026-03-03. */
export const DATE_STYLES = ['long', 'dmy', 'mdy-numeric', 'dmy-numeric', 'iso'] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

/** `12h`: 10:30 AM. `24h`: 10:30, 22:30. */
export const TIME_STYLES = ['12h', '24h'] as const;
export type TimeStyle = (typeof TIME_STYLES)[number];

/**
 * Text a full stop may follow: a word, a number, a unit, a closing bracket or quote. The server ends sentences after
 * such text only, and the page keeps a server's full stop only after such text before the caret.
 */
export const ENDS_IN_WORD = /[\p{L}\p{N}%°)”]$/u;

/** `pause`: a long pause (and a stop) ends a sentence with a full stop. `spoken`: only said punctuation does. */
export const SENTENCE_STYLES = ['pause', 'spoken'] as const;
export type SentenceStyle = (typeof SENTENCE_STYLES)[number];

export interface FormatOptions {
  /** Numbers, units, dates and times written as a clinician types them; false writes the words as spoken. */
  numbers: boolean;
  dates: DateStyle;
  times: TimeStyle;
  /** Whole numbers below this are words in running prose ("three patients"), unless a unit or measure follows. */
  wordsBelow: number;
  sentences: SentenceStyle;
  /** With `sentences: 'pause'`, the silence (ms) before an utterance that ends the sentence before it. */
  sentencePause: number;
}

/** Sentence pause defaults: chosen from bench/sentence-pauses.ts (bench/README.md). */
export const DEFAULT_FORMAT: FormatOptions = { numbers: true, dates: 'long', times: '12h', wordsBelow: 10, sentences: 'pause', sentencePause: 1000 };

/** The range a sentence pause may be set in (ms). */
export const SENTENCE_PAUSE_RANGE = [200, 10_000] as const;

/** Largest `wordsBelow` (a style that writes "ninety nine" as words is the most any guide asks). */
export const MAX_WORDS_BELOW = 100;

/**
 * The options a client sent (the deployment's fill the rest); an unknown or invalid field is an error naming it, never
 * a silent default (a page that asked for ISO dates must not get US dates without knowing).
 */
export function parseFormatOptions(value: unknown): { ok: true; options: Partial<FormatOptions> } | { ok: false; problem: string } {
  if (value === undefined) return { ok: true, options: {} };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: '"format" must be an object' };
  const given = value as Record<string, unknown>;
  const options: Partial<FormatOptions> = {};
  for (const [key, field] of Object.entries(given)) {
    if (key === 'numbers' && typeof field === 'boolean') options.numbers = field;
    else if (key === 'dates' && (DATE_STYLES as readonly unknown[]).includes(field)) options.dates = field as DateStyle;
    else if (key === 'times' && (TIME_STYLES as readonly unknown[]).includes(field)) options.times = field as TimeStyle;
    else if (key === 'wordsBelow' && Number.isInteger(field) && (field as number) >= 0 && (field as number) <= MAX_WORDS_BELOW) options.wordsBelow = field as number;
    else if (key === 'sentences' && (SENTENCE_STYLES as readonly unknown[]).includes(field)) options.sentences = field as SentenceStyle;
    else if (key === 'sentencePause' && Number.isInteger(field) && (field as number) >= SENTENCE_PAUSE_RANGE[0] && (field as number) <= SENTENCE_PAUSE_RANGE[1]) options.sentencePause = field as number;
    else {
      const choices = `numbers, dates: ${DATE_STYLES.join('/')}, times: ${TIME_STYLES.join('/')}, wordsBelow: 0-${MAX_WORDS_BELOW}, sentences: ${SENTENCE_STYLES.join('/')}, sentencePause: ${SENTENCE_PAUSE_RANGE.join('-')}`;
      return { ok: false, problem: `"format.${key.slice(0, 40)}" is not one of the options (${choices})` };
    }
  }
  return { ok: true, options };
}
