import { emit } from '../shared/emit.js';
import type { AudioJournal } from './audio-journal.js';
import { anchorAt } from './field-keys.js';
import type { Anchor, Inserted } from './take.js';
import { formatDictation } from './text-formatter.js';
import { caretContext, insertAtCaret, placeCaret, type EditableField } from './text-insertion.js';
import { contextOf, writerFor, type EditingHooks } from './writers.js';
import { deepActiveElement } from '../shared/dom.js';

/**
 * Recognised text into a field: at `anchor` when given (after a reload), else at the caret; formatted for what precedes
 * it (spacing, capitals, voice commands); offered to the page first as a cancelable `dictation-text`. Returns the text
 * as inserted and the place it went to, or null when there was nothing to insert or the page took it over.
 */
export function insertDictation(
  bar: HTMLElement,
  field: EditableField,
  raw: string,
  anchor: Anchor | null,
  savedRange: Range | null,
  alternatives: readonly string[] = [],
  editing: EditingHooks | null = null,
): Inserted | null {
  if (!field.isConnected || raw.trim() === '') return null;
  if (anchor) placeCaret(field, anchor);
  // A writer (the editing module's, or the page's) when there is one for this field; else the plain insertion.
  const writer = writerFor(field, savedRange);
  const context = writer ? contextOf(writer) : caretContext(field, savedRange);
  const text = formatDictation(raw, context);
  if (!text) return null;
  if (!emit(bar, 'dictation-text', { text, raw, field }, { cancelable: true })) return null;
  // What precedes it as the field's own text has it (the context may end in a line break that text does not show).
  const before = writer ? writer.text().slice(0, writer.selection()[0]) : context.before;
  if (writer) {
    const focus = deepActiveElement();
    writer.insert(text);
    editing?.inserted(field, text, before.length, alternatives);
    // Writing into the field must not steal the keyboard from the bar (or wherever the user was).
    if (focus && focus !== field && focus !== document.body && !field.contains(focus)) focus.focus({ preventScroll: true });
  } else {
    insertAtCaret(field, text, savedRange);
  }
  return { text, at: anchorAt(before) };
}

/** What an earlier page kept is about to go into `field`: the page may veto it or take it over (`dictation-recovery`). */
export function confirmRecovery(
  bar: HTMLElement,
  field: HTMLElement | null,
  kept: { field: string; audio: AudioJournal | null; text: string | null },
): boolean {
  const detail = { field, fieldKey: kept.field, seconds: kept.audio?.seconds ?? 0, audio: kept.audio?.all() ?? null, text: kept.text };
  return emit(bar, 'dictation-recovery', detail, { cancelable: true });
}
