import { EMPTY_FIELD, parseAutoText, type ParsedAutoText } from '../../../protocol/auto-texts.js';

/**
 * An auto-text's fields as they stand in a field's text: in brackets, `[clear]` holding its default and `[ ]` empty,
 * as Dragon's and the EHRs' templates show them. The brackets are the state: "next field" finds the next one in the
 * text whatever was edited meanwhile, in any editor, after a reload too; dictating over a selected field replaces it,
 * brackets and all; "accept defaults" keeps each default without its brackets and drops the empty ones. The choices
 * of `[a|b|c]` (shown as `[a]`) are remembered per field for the list; a field whose choices are forgotten still
 * holds its default. Plain functions: no DOM.
 */

/** A field in a text: `[start, end)` includes its brackets. */
export interface FieldAt {
  start: number;
  end: number;
  /** What is inside the brackets (`' '` for an empty field). */
  inner: string;
}

const FIELD = /\[([^[\]\n]*)\]/g;

/** The text to insert for an auto-text, fields in brackets, and each field's choices by where it is in that text. */
export function autoTextToInsert(body: string): { text: string; fields: { start: number; choices: string[] }[] } | { problem: string } {
  const parsed = parseAutoText(body);
  if (!parsed.ok) return { problem: parsed.problem };
  return bracketed(parsed.value);
}

function bracketed({ text, fields }: ParsedAutoText): { text: string; fields: { start: number; choices: string[] }[] } {
  let out = '';
  let from = 0;
  const placed: { start: number; choices: string[] }[] = [];
  for (const field of fields) {
    out += text.slice(from, field.start);
    placed.push({ start: out.length, choices: field.choices });
    out += field.choices.length === 0 ? EMPTY_FIELD : `[${text.slice(field.start, field.end)}]`;
    from = field.end;
  }
  return { text: out + text.slice(from), fields: placed };
}

/** The fields in `text`, in order. */
export function fieldsIn(text: string): FieldAt[] {
  return [...text.matchAll(FIELD)].map((m) => ({ start: m.index, end: m.index + m[0].length, inner: m[1]! }));
}

/** The next field at or after `from` (then from the start), or the previous one before `from` (then from the end). */
export function nearestField(text: string, from: number, direction: 'next' | 'previous'): FieldAt | null {
  const fields = fieldsIn(text);
  if (fields.length === 0) return null;
  if (direction === 'next') return fields.find((f) => f.start >= from) ?? fields[0]!;
  return [...fields].reverse().find((f) => f.end <= from) ?? fields.at(-1)!;
}

/** What a field becomes when its default is accepted: its default, or nothing for an empty field. */
export const accepted = (field: FieldAt) => (field.inner.trim() === '' ? '' : field.inner);
