import { createHash } from 'node:crypto';
import type { VocabularyEntry } from '../../../protocol/index.js';

/**
 * A user's words as one decoder takes them: dictionary entries to add and the phrases of her own language model, in
 * the decoder's tokens. A token is the word itself when the dictionary lacks it and its pronunciation is a guess
 * (the same for everyone); a phrase with a pronunciation of the user's own becomes one token, `its_words+hash`, so
 * that another user's search never sees her way of saying a word, and {@link spokenWords} turns it back into words.
 */
export interface ResolvedVocabulary {
  /** Same entries, same key: a decoder that has this vocabulary already needs no work. */
  key: string;
  additions: { token: string; phones: string }[];
  phrases: string[][];
  /** Phrases left out, with the reason (a sounds-like word the dictionary lacks, a word with no pronunciation). */
  skipped: { phrase: string; reason: string }[];
}

export interface Pronunciations {
  /** The dictionary's phones for a word, or null when it lacks it. */
  lookup(word: string): string | null;
  /** Letter-to-sound phones for words the dictionary lacks (null for one it cannot guess). */
  guess(words: readonly string[]): Promise<Map<string, string | null>>;
}

const tokenOf = (phrase: string, phones: string) =>
  `${phrase.replaceAll(' ', '_')}+${createHash('sha256').update(phones).digest('hex').slice(0, 8)}`;

/** A hypothesis word as the user said it: `statin+1a2b3c4d` -> `statin`, `two_puffs+...` -> `two puffs`. */
export const spokenWords = (token: string) => token.replace(/\+[0-9a-f]{8}$/, '').replaceAll('_', ' ');

export function vocabularyKey(entries: readonly VocabularyEntry[]): string {
  const canonical = entries.map(({ phrase, soundsLike, phones }) => [phrase, soundsLike ?? '', phones ?? '']).sort();
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

export async function resolveVocabulary(entries: readonly VocabularyEntry[], pronunciations: Pronunciations): Promise<ResolvedVocabulary> {
  // Letter-to-sound guesses first, all at once: a new list may need a hundred.
  const unknown = [...new Set(entries.filter((e) => !e.phones && !e.soundsLike).flatMap((e) => e.phrase.split(' ')))].filter(
    (word) => pronunciations.lookup(word) === null,
  );
  const guessed = unknown.length > 0 ? await pronunciations.guess(unknown) : new Map<string, string | null>();
  const additions = new Map<string, string>();
  const phrases: string[][] = [];
  const skipped: ResolvedVocabulary['skipped'] = [];
  for (const { phrase, soundsLike, phones } of entries) {
    let said = phones?.trim().split(/\s+/).join(' ');
    if (soundsLike) {
      const parts = soundsLike.split(' ').map((w) => [w, pronunciations.lookup(w)] as const);
      const missing = parts.find(([, p]) => p === null);
      if (missing) {
        skipped.push({ phrase, reason: `"${missing[0]}" (in its "sounds like") is not in the dictionary` });
        continue;
      }
      said = parts.map(([, p]) => p).join(' ');
    }
    if (said) {
      const token = tokenOf(phrase, said);
      additions.set(token, said);
      phrases.push([token]);
      continue;
    }
    const words = phrase.split(' ');
    const unsayable = words.find((w) => pronunciations.lookup(w) === null && !guessed.get(w));
    if (unsayable) {
      skipped.push({ phrase, reason: `"${unsayable}" is not in the dictionary and has no pronunciation` });
      continue;
    }
    for (const w of words) if (guessed.get(w)) additions.set(w, guessed.get(w)!);
    phrases.push(words);
  }
  return { key: vocabularyKey(entries), additions: [...additions].map(([token, phones]) => ({ token, phones })), phrases, skipped };
}
