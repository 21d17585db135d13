import { VOICE_COMMANDS } from '../../protocol/index.js';

/**
 * How many times the voice commands go into the model, per 1,000 of the vocabulary's phrases (at least 20): their
 * share of what starts an utterance has to stay the same as the corpus grows, or a larger corpus turns "delete that"
 * into "the weight that" (bench/command-recognition.ts with 30,800 phrases: 80 of 88 commands at 20 repeats, 81 at
 * this rate).
 */
const COMMAND_REPEATS_PER_1000 = 6.5;
export const commandRepeats = (phrases: number) => Math.max(20, Math.round((phrases / 1000) * COMMAND_REPEATS_PER_1000));

const NUMBERS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/**
 * The built-in voice commands as phrases, for one round of their repeats. A `<words>` slot is filled with words from
 * the vocabulary's own phrases, a different snippet each round: what a clinician selects or corrects is what she
 * dictated. Left empty, the model learnt that "select" ends an utterance, and "select abdomen" came out "select that
 * down then" (the command "select that" pulling the next word).
 */
export function commandPhrases(corpus: readonly (readonly string[])[], round: number): string[][] {
  return Object.values(VOICE_COMMANDS).flatMap((phrases, command) =>
    phrases.flatMap((phrase, variant) => {
      const words = phrase.split(' ');
      if (words.at(-1) === '<n>') return NUMBERS.map((n) => [...words.slice(0, -1), n]);
      // The names of a user's auto-texts are learnt from her own list (with "insert" before them), not here.
      if (words.includes('<auto-text>')) return [];
      const slot = words.indexOf('<words>');
      if (slot < 0) return [words];
      return [[...words.slice(0, slot), ...snippet(corpus, round * 131 + command * 17 + variant), ...words.slice(slot + 1)]];
    }),
  );
}

/** One to three consecutive words of a phrase of the corpus, chosen by `seed` (the same on every start). */
function snippet(corpus: readonly (readonly string[])[], seed: number): readonly string[] {
  if (corpus.length === 0) return [];
  const phrase = corpus[(seed * 7919) % corpus.length]!;
  const length = Math.min(phrase.length, 1 + (seed % 3));
  const start = (seed * 31) % (phrase.length - length + 1);
  return phrase.slice(start, start + length);
}
