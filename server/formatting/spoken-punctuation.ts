/**
 * Spoken punctuation, as the dictation products take it: the words and what they write. Longest first, so "question
 * mark" wins over a word "question". Two of them are also common clinical words, told apart by the word before:
 * "last menstrual period", "the sigmoid colon".
 */
const MARKS: [spoken: string[], text: string][] = [
  [['new', 'paragraph'], '\n\n'],
  [['next', 'paragraph'], '\n\n'],
  [['new', 'line'], '\n'],
  [['next', 'line'], '\n'],
  [['full', 'stop'], '.'],
  [['question', 'mark'], '?'],
  [['exclamation', 'mark'], '!'],
  [['exclamation', 'point'], '!'],
  [['open', 'parenthesis'], '('],
  [['open', 'paren'], '('],
  [['close', 'parenthesis'], ')'],
  [['close', 'paren'], ')'],
  [['open', 'quote'], '“'],
  [['close', 'quote'], '”'],
  [['period'], '.'],
  [['comma'], ','],
  [['semicolon'], ';'],
  [['colon'], ':'],
  [['hyphen'], '-'],
  [['dash'], '–'],
  [['slash'], '/'],
];

/** "period" after these is the word: "last menstrual period", "a refractory period", "the postoperative period". */
const PERIOD_AS_WORD = new Set([
  'menstrual', 'refractory', 'incubation', 'postoperative', 'perioperative', 'postpartum', 'recovery', 'washout',
  'observation', 'waiting', 'grace', 'time', 'trial', 'the', 'a', 'this', 'that', 'each', 'same', 'short', 'long',
]);
/** "colon" after these is the organ: "the sigmoid colon", "a redundant colon". */
const COLON_AS_WORD = new Set([
  'the', 'a', 'his', 'her', 'their', 'sigmoid', 'ascending', 'descending', 'transverse', 'right', 'left', 'entire',
  'whole', 'distal', 'proximal', 'redundant', 'spastic', 'irritable', 'of',
]);

/** The mark spoken at `at`, if any; `before` is the word said before it ('' after a number or a mark). */
export function spokenMark(words: readonly string[], at: number, before: string): { text: string; end: number } | null {
  const found = MARKS.find(([spoken]) => spoken.every((w, j) => words[at + j] === w));
  if (!found) return null;
  if (found[0][0] === 'period' && PERIOD_AS_WORD.has(before)) return null;
  if (found[0][0] === 'colon' && COLON_AS_WORD.has(before)) return null;
  return { text: found[1], end: at + found[0].length };
}
