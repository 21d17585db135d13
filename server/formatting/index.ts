import type { FormatOptions } from '../../protocol/index.js';
import { abbreviations } from './abbreviations.js';
import { dates, times } from './dates-times.js';
import { fractions, measures } from './measures.js';
import { pairs } from './pairs.js';
import { render } from './render.js';
import { splitWords, tokenize } from './tokens.js';

/**
 * A recognizer's words as a clinician would type them: spoken punctuation, numbers, doses and units, vitals, dates,
 * times (English). Runs on the server for every final, live or replayed, so every client gets the same text and the
 * page's bundle carries none of it.
 *
 * The order matters: times before years ("ten thirty" is not a year), years before dates, dates before plain
 * numbers, fractions before units ("one and a half tablets").
 */
export function formatTranscript(raw: string, options: FormatOptions): string {
  let tokens = tokenize(splitWords(raw));
  if (options.numbers) {
    tokens = abbreviations(tokens);
    tokens = times(tokens, options.times);
    tokens = pairs(tokens);
    tokens = dates(tokens, options.dates);
    tokens = fractions(tokens);
    tokens = measures(tokens);
  }
  return render(tokens, options.wordsBelow, options.numbers);
}
