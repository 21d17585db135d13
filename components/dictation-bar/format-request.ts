import { DATE_STYLES, MAX_WORDS_BELOW, TIME_STYLES, type FormatOptions } from '../../protocol/index.js';

/** The bar's formatting attributes, as the element holds them (empty: the deployment's setting). */
export interface FormatAttributes {
  formatting: string;
  dateStyle: string;
  timeStyle: string;
  numbersAsWordsBelow: number | null;
}

/**
 * What the page asks the server for with each `start`: only what its attributes set, so the deployment's FORMAT_*
 * fill the rest. A value the server would refuse is dropped here with a warning rather than failing every recording.
 */
export function formatRequest({ formatting, dateStyle, timeStyle, numbersAsWordsBelow }: FormatAttributes): Partial<FormatOptions> {
  const request: Partial<FormatOptions> = {};
  const bad = (name: string, value: unknown) => console.warn(`<dictation-bar>: ${name}="${String(value)}" is not a choice; the server's setting is used.`);
  if (formatting === 'on' || formatting === 'off') request.numbers = formatting === 'on';
  else if (formatting) bad('formatting', formatting);
  if ((DATE_STYLES as readonly string[]).includes(dateStyle)) request.dates = dateStyle as FormatOptions['dates'];
  else if (dateStyle) bad('date-style', dateStyle);
  if ((TIME_STYLES as readonly string[]).includes(timeStyle)) request.times = timeStyle as FormatOptions['times'];
  else if (timeStyle) bad('time-style', timeStyle);
  if (Number.isInteger(numbersAsWordsBelow) && numbersAsWordsBelow! >= 0 && numbersAsWordsBelow! <= MAX_WORDS_BELOW) request.wordsBelow = numbersAsWordsBelow!;
  else if (numbersAsWordsBelow !== null) bad('numbers-as-words-below', numbersAsWordsBelow);
  return request;
}
