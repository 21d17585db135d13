/**
 * A clinician's own words and phrases (and a team's): what the recognizer should know, with an optional way to say
 * it. Checked the same way by the server, which refuses a bad entry with the reason, and by the bar's panel.
 */

/** Limits per entry and per list (the store holds them: an entry over them is refused, never cut). */
export const VOCABULARY_LIMITS = { phraseChars: 80, words: 8, userEntries: 1000, teamEntries: 5000 } as const;

/** The phones of the recognizer's US English dictionary (CMU ARPAbet, without stress marks). */
export const PHONES = new Set(
  'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(' '),
);

export interface VocabularyEntry {
  /** Lower-case words: "statin", "apixaban five milligrams". */
  phrase: string;
  /** How it sounds, in words the dictionary knows: "stat in". */
  soundsLike?: string;
  /** Or in phones, for a one-word phrase: "S T AE T IH N". */
  phones?: string;
}

const WORDS = /^[a-z0-9'][a-z0-9'-]*( [a-z0-9'][a-z0-9'-]*)*$/;

/** Null when `entry` is valid, else the reason, naming the part that is wrong. */
export function checkVocabularyEntry(entry: VocabularyEntry): string | null {
  const { phrase, soundsLike, phones } = entry;
  if (typeof phrase !== 'string' || !WORDS.test(phrase)) return 'the phrase must be lower-case words (letters, digits, apostrophes, hyphens) separated by single spaces';
  if (phrase.length > VOCABULARY_LIMITS.phraseChars) return `the phrase is longer than ${VOCABULARY_LIMITS.phraseChars} characters`;
  if (phrase.split(' ').length > VOCABULARY_LIMITS.words) return `the phrase has more than ${VOCABULARY_LIMITS.words} words`;
  if (soundsLike !== undefined && phones !== undefined) return 'give "sounds like" or phones, not both';
  if (soundsLike !== undefined && (typeof soundsLike !== 'string' || !WORDS.test(soundsLike) || soundsLike.length > VOCABULARY_LIMITS.phraseChars)) {
    return '"sounds like" must be lower-case words the dictionary knows, separated by single spaces';
  }
  if (phones !== undefined) {
    if (phrase.includes(' ')) return 'phones are for a one-word phrase: for several words, use "sounds like"';
    const list = typeof phones === 'string' ? phones.trim().split(/\s+/) : [];
    const unknown = list.find((p) => !PHONES.has(p));
    if (list.length === 0 || list.length > 30 || unknown !== undefined) {
      return `phones must be 1 to 30 of ${[...PHONES].join(' ')}${unknown ? ` ("${unknown}" is not one)` : ''}`;
    }
  }
  return null;
}
