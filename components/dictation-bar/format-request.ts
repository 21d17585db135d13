import { DATE_STYLES, MAX_WORDS_BELOW, SENTENCE_PAUSE_RANGE, SENTENCE_STYLES, TIME_STYLES, type FormatOptions } from '../../protocol/index.js';

/** The bar's formatting attributes, as the element holds them (empty or null: the deployment's setting). */
export interface FormatAttributes {
  formatting: string;
  dateStyle: string;
  timeStyle: string;
  numbersAsWordsBelow: number | null;
  sentences: string;
  sentencePause: number | null;
}

const oneOf = (choices: readonly unknown[]) => (value: unknown) => (choices.includes(value) ? value : undefined);
const within = (low: number, high: number) => (value: unknown) =>
  Number.isInteger(value) && (value as number) >= low && (value as number) <= high ? value : undefined;

/** Each attribute, the option it sets, and its valid values. */
const ATTRIBUTES: [keyof FormatAttributes, keyof FormatOptions, (value: unknown) => unknown][] = [
  ['formatting', 'numbers', (value) => (value === 'on' ? true : value === 'off' ? false : undefined)],
  ['dateStyle', 'dates', oneOf(DATE_STYLES)],
  ['timeStyle', 'times', oneOf(TIME_STYLES)],
  ['numbersAsWordsBelow', 'wordsBelow', within(0, MAX_WORDS_BELOW)],
  ['sentences', 'sentences', oneOf(SENTENCE_STYLES)],
  ['sentencePause', 'sentencePause', within(...SENTENCE_PAUSE_RANGE)],
];

/**
 * What the page asks the server for with each `start`: only what its attributes set, so the deployment's FORMAT_*
 * fill the rest. A value the server would refuse is dropped here with a warning rather than failing every recording.
 */
export function formatRequest(attributes: FormatAttributes): Partial<FormatOptions> {
  const request: Record<string, unknown> = {};
  for (const [attribute, option, valid] of ATTRIBUTES) {
    const value = attributes[attribute];
    if (value === '' || value === null) continue;
    const checked = valid(value);
    if (checked === undefined) console.warn(`<dictation-bar>: ${attribute.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${value}" is not a choice; the server's setting is used.`);
    else request[option] = checked;
  }
  return request as Partial<FormatOptions>;
}
