/** One utterance as it went into a field. */
export interface Utterance {
  /** The text as inserted (with the space or full stop that joined it to what preceded). */
  text: string;
  /** Its offset when inserted. */
  at: number;
  /** The recognizer's other hypotheses, written as the text is. */
  alternatives: readonly string[];
}

/** An utterance found in a field's text now: `[start, end)` covers its words, `from` also what joined it (a space). */
export interface Span {
  utterance: Utterance;
  from: number;
  start: number;
  end: number;
}

/** An utterance's words, without the full stop or space that joined them to what came before. */
export const wordsOf = (text: string) => text.replace(/^[^\p{L}\p{N}]+/u, '');

/** How many utterances a field remembers (older ones can still be selected by their words). */
const REMEMBERED = 100;

/**
 * A pattern for `inserted` as a field may read it back: a textarea keeps its "\n", but a rich-text editor's text is
 * its text nodes', where a new paragraph or a line break reads as nothing (and a page's writer may read a paragraph as
 * one "\n"). Any run of line breaks matches any run, none included, so an utterance with "new paragraph" in it is still
 * found (else "scratch that" would skip it and take the one before).
 */
function readBack(inserted: string): RegExp {
  const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(inserted.split(/\n+/).map(escape).join('\\n*'), 'g');
}

/**
 * Where `utterance.text` is in `text`, and how long it reads there: at its offset, or the copy nearest to it (the user
 * typed elsewhere).
 */
function locate(text: string, utterance: Utterance): { at: number; length: number } | null {
  if (text.startsWith(utterance.text, utterance.at)) return { at: utterance.at, length: utterance.text.length };
  const pattern = readBack(utterance.text);
  let best: { at: number; length: number } | null = null;
  // Every copy, overlapping ones too (the next search starts one past the last copy's start).
  for (let found = pattern.exec(text); found; pattern.lastIndex = found.index + 1, found = pattern.exec(text)) {
    if (!best || Math.abs(found.index - utterance.at) < Math.abs(best.at - utterance.at)) best = { at: found.index, length: found[0].length };
  }
  return best;
}

/**
 * What was dictated into each field, utterance by utterance, for as long as its text is still there: so "scratch
 * that" and a correction act on the right words after the user typed elsewhere, and on nothing once the words were
 * edited away. Plain data: it needs no DOM.
 */
export class DictatedSpans<Field extends object = HTMLElement> {
  readonly #fields = new WeakMap<Field, Utterance[]>();

  /** `utterance` went into the field, whose text is `text` now. */
  add(field: Field, utterance: Utterance, text: string): void {
    const list = this.#fields.get(field) ?? [];
    // Punctuation right after the last utterance (the full stop a stop adds, a said "period") goes with it: "scratch
    // that" takes the sentence, not just its full stop.
    const last = list.at(-1);
    const lastEnd = last && this.#span(last, text)?.end;
    if (last && !/[\p{L}\p{N}]/u.test(utterance.text) && lastEnd === utterance.at) {
      last.text += utterance.text;
      return;
    }
    list.push(utterance);
    if (list.length > REMEMBERED) list.shift();
    this.#fields.set(field, list);
  }

  /** The newest utterance still in `text`; those edited away are forgotten on the way. */
  last(field: Field, text: string): Span | null {
    const list = this.#fields.get(field) ?? [];
    while (list.length > 0) {
      const span = this.#span(list.at(-1)!, text);
      if (span) return span;
      list.pop();
    }
    return null;
  }

  /** The utterance whose words cover `[start, end)` in `text`, newest first. */
  covering(field: Field, text: string, start: number, end: number): Span | null {
    for (const utterance of [...(this.#fields.get(field) ?? [])].reverse()) {
      const span = this.#span(utterance, text);
      if (span && span.start <= start && end <= span.end) return span;
    }
    return null;
  }

  forget(field: Field, utterance: Utterance): void {
    const list = this.#fields.get(field);
    const i = list?.indexOf(utterance) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  }

  /**
   * An utterance was replaced by `text`: it is that text now; after a correction (`corrected`), what it was becomes an
   * alternative (a change of case is not a different hearing).
   */
  replace(utterance: Utterance, text: string, at: number, corrected = true): void {
    const old = wordsOf(utterance.text);
    if (corrected) utterance.alternatives = [old, ...utterance.alternatives.filter((a) => a.toLowerCase() !== text.trim().toLowerCase() && a !== old)];
    utterance.text = text;
    utterance.at = at;
  }

  #span(utterance: Utterance, text: string): Span | null {
    const found = locate(text, utterance);
    if (!found) return null;
    const lead = /^[^\p{L}\p{N}]*/u.exec(text.slice(found.at, found.at + found.length))![0].length;
    return { utterance, from: found.at, start: found.at + lead, end: found.at + found.length };
  }
}
