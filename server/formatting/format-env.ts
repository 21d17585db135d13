import { DATE_STYLES, DEFAULT_FORMAT, MAX_WORDS_BELOW, SENTENCE_PAUSE_RANGE, SENTENCE_STYLES, TIME_STYLES, type FormatOptions } from '../../protocol/index.js';

/**
 * The deployment's formatting (FORMAT_NUMBERS, FORMAT_DATES, FORMAT_TIMES, FORMAT_WORDS_BELOW, FORMAT_SENTENCES,
 * FORMAT_SENTENCE_PAUSE_MS). A value that is not
 * one of the choices is refused at start-up with the choices named, never replaced by a default.
 */
export function parseFormatEnv(env: Record<string, string | undefined>, fail: (message: string) => never): FormatOptions {
  const choice = <T extends string>(name: string, choices: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    return fail(`${name} must be one of ${choices.map((c) => `"${c}"`).join(', ')} (got "${raw}").`);
  };
  const numbers = choice('FORMAT_NUMBERS', ['on', 'off'], DEFAULT_FORMAT.numbers ? 'on' : 'off') === 'on';
  const below = env['FORMAT_WORDS_BELOW'];
  const wordsBelow = below === undefined || below === '' ? DEFAULT_FORMAT.wordsBelow : Number(below);
  if (!Number.isInteger(wordsBelow) || wordsBelow < 0 || wordsBelow > MAX_WORDS_BELOW) {
    fail(`FORMAT_WORDS_BELOW must be a whole number from 0 to ${MAX_WORDS_BELOW} (got "${below}").`);
  }
  const pauseRaw = env['FORMAT_SENTENCE_PAUSE_MS'];
  const sentencePause = pauseRaw === undefined || pauseRaw === '' ? DEFAULT_FORMAT.sentencePause : Number(pauseRaw);
  if (!Number.isInteger(sentencePause) || sentencePause < SENTENCE_PAUSE_RANGE[0] || sentencePause > SENTENCE_PAUSE_RANGE[1]) {
    fail(`FORMAT_SENTENCE_PAUSE_MS must be a whole number of milliseconds from ${SENTENCE_PAUSE_RANGE.join(' to ')} (got "${pauseRaw}").`);
  }
  return {
    numbers,
    sentences: choice('FORMAT_SENTENCES', SENTENCE_STYLES, DEFAULT_FORMAT.sentences),
    sentencePause,
    dates: choice('FORMAT_DATES', DATE_STYLES, DEFAULT_FORMAT.dates),
    times: choice('FORMAT_TIMES', TIME_STYLES, DEFAULT_FORMAT.times),
    wordsBelow,
  };
}
