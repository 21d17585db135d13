const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether `text` has `words` at `at` as whole words (not "pain" inside "painful"). */
function wholeAt(text: string, at: number, length: number): boolean {
  return !WORD_CHAR.test(text.charAt(at - 1)) && !WORD_CHAR.test(text.charAt(at + length));
}

/**
 * Where `words` are in `text`, as "select <words>" means it: the nearest whole-word occurrence before `caret`
 * (or around it), else the first after it; case and runs of spaces do not matter. Null when absent.
 */
export function findWords(text: string, words: string, caret: number): [number, number] | null {
  const parts = words.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return null;
  const pattern = new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s+'), 'giu');
  const found: [number, number][] = [];
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    if (wholeAt(text, at, match[0].length)) found.push([at, at + match[0].length]);
  }
  return found.filter(([start]) => start < caret).at(-1) ?? found[0] ?? null;
}

/** The last word before `caret` and the space before it: what "delete last word" removes. */
export function lastWord(text: string, caret: number): [number, number] | null {
  const match = /\s*[^\s]+\s*$/u.exec(text.slice(0, caret));
  return match ? [match.index, caret] : null;
}

/** "capitalize that", "all caps that", "no caps that". */
export function changeCase(words: string, to: 'capitalize' | 'allCaps' | 'noCaps'): string {
  if (to === 'allCaps') return words.toUpperCase();
  if (to === 'noCaps') return words.toLowerCase();
  return words.replace(/(^|[\s(“"/-])(\p{Ll})/gu, (_, lead: string, letter: string) => lead + letter.toUpperCase());
}

/**
 * An alternative written where an utterance was: with what joined the utterance to the text before it (a space, a
 * full stop), and its capital when it had one.
 */
export function fitAlternative(original: string, alternative: string): string {
  const lead = /^[^\p{L}\p{N}]*/u.exec(original)![0];
  const capital = /^\p{Lu}/u.test(original.slice(lead.length));
  return lead + (capital ? alternative.charAt(0).toUpperCase() + alternative.slice(1) : alternative);
}
