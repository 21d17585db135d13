/**
 * Fits an utterance's text to the text around the caret: a capital where a sentence starts, a space where one is
 * needed. The words themselves come written from the server (numbers, units, spoken punctuation: see
 * server/formatting), the same for every client and every replay; only the caret's surroundings are known here.
 * Pure, so it is tested on its own.
 */

import { ENDS_IN_WORD } from '../../protocol/index.js';

const SENTENCE_END = /[.?!]$/;
const OPENERS = /[\s([{"'“‘/-]$/;
/** Text that hugs what is before it: punctuation and line breaks said at the start of an utterance. */
const HUGS_LEFT = /^[.,:;?!)\]”\n]/;

export interface CaretContext {
  /** Text before the caret (or the selection) in the field. */
  before: string;
  /** Text after it. */
  after: string;
}

const startsSentence = (text: string) => {
  const trimmed = text.trimEnd();
  return trimmed === '' || text.endsWith('\n') || SENTENCE_END.test(trimmed);
};


/** The text to insert at the caret for an utterance's `written` text. Empty when there is nothing to insert. */
export function formatDictation(written: string, { before, after }: CaretContext): string {
  let text = written.replace(/^ +| +$/g, '');
  // A full stop the server put before an utterance after a long pause (or at a stop) ends the text the dictation
  // left; where the caret is not right after words, or is inside a sentence, there is no such text to end.
  // Nor where the text after the caret already ends the sentence (an auto-text's "Heart sounds [ ]." filled by voice).
  if (text.startsWith('.') && (!ENDS_IN_WORD.test(before) || /^\s*[\p{L}\p{N}]/u.test(after) || /^[.?!]/.test(after))) {
    text = text.replace(/^\. */, '');
    // Its capital went with it (the recognizer's words are lower case: a capital after that stop is the sentence's).
    if (!startsSentence(before)) text = text.replace(/^(\p{Lu})(?=\p{Ll}+\b)/u, (letter: string) => letter.toLowerCase());
  }
  if (text.trim() === '') return '';
  // The first letter, after any opening bracket or quote.
  if (startsSentence(before)) text = text.replace(/^([(“"]?)(\p{Ll})/u, (_, open: string, letter: string) => open + letter.toUpperCase());
  if (before !== '' && !OPENERS.test(before) && !HUGS_LEFT.test(text)) text = ` ${text}`;
  // Keep a word after the caret from gluing onto what we insert.
  if (/^[\p{L}\p{N}]/u.test(after) && !/\s$/.test(text)) text += ' ';
  return text;
}
