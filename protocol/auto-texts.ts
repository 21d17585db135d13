/**
 * Auto-texts: a name ("normal chest exam") and a text with fields to fill. In the text, `[ ]` is an empty field,
 * `[default]` a field with its default, `[a|b|c]` a choice (the first is the default); `\[` and `\]` are brackets as
 * text. Parsed the same way by the server (which refuses a bad one with the reason) and by the bar (which inserts the
 * text and moves between the fields).
 */

/** Limits on one auto-text (the store also limits how many a user and a team have). */
export const AUTO_TEXT_LIMITS = { nameChars: 60, textChars: 5000, fields: 50 } as const;

/** A field in the text as inserted: `[start, end)` holds its default (an empty field holds `[ ]`, to be seen). */
export interface AutoTextField {
  start: number;
  end: number;
  /** The choices of `[a|b|c]` (the first is in the text); one for `[default]`; none for `[ ]`. */
  choices: string[];
}

export interface ParsedAutoText {
  /** The text to insert, fields holding their defaults. */
  text: string;
  fields: AutoTextField[];
}

/** What an empty field shows until it is filled: dictating into it (it is selected) replaces it. */
export const EMPTY_FIELD = '[ ]';

export type AutoTextResult = { ok: true; value: ParsedAutoText } | { ok: false; problem: string };

export function parseAutoText(body: string): AutoTextResult {
  if (body.trim() === '') return { ok: false, problem: 'the text is empty' };
  if (body.length > AUTO_TEXT_LIMITS.textChars) return { ok: false, problem: `the text is longer than ${AUTO_TEXT_LIMITS.textChars} characters` };
  let text = '';
  const fields: AutoTextField[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && (body[i + 1] === '[' || body[i + 1] === ']')) {
      text += body[++i];
      continue;
    }
    if (c === ']') return { ok: false, problem: `a "]" at character ${i + 1} closes no field (write \\] for a bracket)` };
    if (c !== '[') {
      text += c;
      continue;
    }
    const close = body.indexOf(']', i + 1);
    const nested = body.indexOf('[', i + 1);
    if (close < 0 || (nested >= 0 && nested < close)) return { ok: false, problem: `the field opened at character ${i + 1} is not closed with "]"` };
    const inside = body.slice(i + 1, close);
    const choices = inside.trim() === '' ? [] : inside.split('|').map((choice) => choice.trim());
    if (choices.some((choice) => choice === '')) return { ok: false, problem: `the field at character ${i + 1} has an empty choice` };
    if (fields.length === AUTO_TEXT_LIMITS.fields) return { ok: false, problem: `more than ${AUTO_TEXT_LIMITS.fields} fields` };
    const shown = choices[0] ?? EMPTY_FIELD;
    fields.push({ start: text.length, end: text.length + shown.length, choices });
    text += shown;
    i = close;
  }
  return { ok: true, value: { text, fields } };
}

/** An auto-text's name: what is said after "insert". Lower-case words, so the recognizer can say them. */
export function checkAutoTextName(name: string): string | null {
  if (!/^[a-z0-9']+( [a-z0-9']+)*$/.test(name)) return 'the name must be lower-case words (letters, digits, apostrophes) separated by single spaces';
  if (name.length > AUTO_TEXT_LIMITS.nameChars) return `the name is longer than ${AUTO_TEXT_LIMITS.nameChars} characters`;
  return null;
}
