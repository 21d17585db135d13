import { DATE_STYLES, MAX_WORDS_BELOW, SENTENCE_PAUSE_RANGE, SENTENCE_STYLES, TIME_STYLES, type FormatOptions } from '../../protocol/index.js';

const oneOf = (choices: readonly unknown[]) => (value: string) => (choices.includes(value) ? value : undefined);
const within = (low: number, high: number) => (value: string) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= low && n <= high ? n : undefined;
};

/** Each formatting attribute of the bar, the option it sets, and its valid values. */
const ATTRIBUTES: [attribute: string, option: keyof FormatOptions, valid: (value: string) => unknown][] = [
  ['formatting', 'numbers', (value) => (value === 'on' ? true : value === 'off' ? false : undefined)],
  ['date-style', 'dates', oneOf(DATE_STYLES)],
  ['time-style', 'times', oneOf(TIME_STYLES)],
  ['numbers-as-words-below', 'wordsBelow', within(0, MAX_WORDS_BELOW)],
  ['sentences', 'sentences', oneOf(SENTENCE_STYLES)],
  ['sentence-pause', 'sentencePause', within(...SENTENCE_PAUSE_RANGE)],
];

/**
 * What the page asks the server for with each `start`, read from the bar's attributes when a recording starts: only
 * what they set, so the deployment's FORMAT_* fill the rest. A value the server would refuse is dropped here with a
 * warning rather than failing every recording.
 */
export function formatRequest(attribute: (name: string) => string | null): Partial<FormatOptions> {
  const request: Record<string, unknown> = {};
  for (const [name, option, valid] of ATTRIBUTES) {
    const value = attribute(name);
    if (value === null || value === '') continue;
    const checked = valid(value);
    if (checked === undefined) console.warn(`<dictation-bar> ${name}="${value}" ignored: not a choice`);
    else request[option] = checked;
  }
  return request as Partial<FormatOptions>;
}
