import type { CommandContext, Run } from './command-context.js';
import { accepted, autoTextToInsert, fieldsIn, nearestField, type FieldAt } from './auto-text-fields.js';

/** Selects a field; with choices known for it, opens them (choosing one replaces the field, brackets and all). */
function visit(c: CommandContext, field: FieldAt): void {
  c.writer.select(field.start, field.end);
  const choices = c.fieldChoices.get(c.field)?.get(field.inner);
  if (!choices || choices.length < 2) return c.say(c.text.field(field.inner.trim()));
  c.choices.open(c.text.fieldChoices, choices, (i) => {
    // Found again: the text may have changed while the list was open.
    const now = fieldsIn(c.writer.text()).find((f) => f.inner === field.inner && f.start >= field.start - 1) ?? null;
    if (!now) return c.say(c.text.nothingSelected);
    c.writer.select(now.start, now.end);
    c.writer.insert(choices[i]!);
    c.say(c.text.chose(choices[i]!));
  });
}

function move(direction: 'next' | 'previous'): Run {
  return (c) => {
    const [start, end] = c.writer.selection();
    // From a selected field, the next one starts after it; the previous one ends before it.
    const field = nearestField(c.writer.text(), direction === 'next' ? (start === end ? start : end) : start, direction);
    if (!field) return c.say(c.text.noFields);
    visit(c, field);
  };
}

/** Auto-texts and their fields: "insert <name>", "next field", "previous field", "accept defaults". */
export const AUTO_TEXT_COMMANDS = {
  insertAutoText(c, { words = '', text: body }) {
    if (body === undefined) return c.say(c.text.noAutoText(words));
    const prepared = autoTextToInsert(body);
    if ('problem' in prepared) return c.say(c.text.badAutoText(words, prepared.problem));
    const at = c.writer.selection()[0];
    c.writer.insert(prepared.text);
    // One utterance: "scratch that" takes the whole auto-text back.
    c.spans.add(c.field, { text: prepared.text, at, alternatives: [] }, c.writer.text());
    const choices = c.fieldChoices.get(c.field) ?? new Map<string, string[]>();
    for (const { choices: list } of prepared.fields) if (list.length > 1) choices.set(list[0]!, list);
    c.fieldChoices.set(c.field, choices);
    const first = prepared.fields[0];
    if (!first) return c.say(c.text.inserted(words));
    const field = fieldsIn(c.writer.text()).find((f) => f.start >= at + first.start);
    if (field) visit(c, field);
  },
  nextField: move('next'),
  previousField: move('previous'),
  acceptDefaults(c) {
    const fields = fieldsIn(c.writer.text());
    if (fields.length === 0) return c.say(c.text.noFields);
    // From the last to the first, so the offsets of those still to do stay right.
    const text = c.writer.text();
    let end = 0;
    for (const field of fields.reverse()) {
      const value = accepted(field);
      // An empty field goes with the space before it: "Heart [ ]." becomes "Heart.", not "Heart .".
      const spaced = value === '' && text[field.start - 1] === ' ' && /^$|^[\s.,;:!?)]/.test(text.slice(field.end, field.end + 1));
      const from = spaced ? field.start - 1 : field.start;
      c.writer.select(from, field.end);
      c.writer.insert(value);
      // The caret ends after the last field, moved by what changed before it.
      end = end === 0 ? from + value.length : end + value.length - (field.end - from);
    }
    // And past the punctuation that closes it ("Plan [rest]." continues after the full stop).
    end += /^[.,;:!?)]*/.exec(c.writer.text().slice(end))![0].length;
    c.writer.select(end, end);
    c.say(c.text.defaultsAccepted(fields.length));
  },
} satisfies Record<string, Run>;
