import { deepActiveElement } from '../shared/dom.js';
import type { CaretContext } from './text-formatter.js';

/** A field dictation can write into. */
export type EditableField = HTMLTextAreaElement | HTMLInputElement | HTMLElement;

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'email', 'tel', '']);

// By tag name, not instanceof: a field in a same-origin frame (TinyMCE's) comes from another window's classes.
const isTextControl = (field: Element): field is HTMLTextAreaElement | HTMLInputElement => field.localName === 'textarea' || field.localName === 'input';

export function isEditableField(element: Element | null | undefined): element is EditableField {
  if (!element) return false;
  if (isTextControl(element)) return (element.localName === 'textarea' || TEXT_INPUT_TYPES.has(element.type)) && !element.disabled && !element.readOnly;
  return (element as HTMLElement).isContentEditable === true;
}

/** The root of a contenteditable region (the element that has the attribute, or a frame's editable body). */
export function editingHost(field: HTMLElement): HTMLElement {
  let host = field;
  while (host.parentElement?.isContentEditable) host = host.parentElement;
  return host;
}

/** Where text would go in `field`: its selection, or for a contenteditable the last `range` inside it, or its end. */
function caretRange(field: HTMLElement, saved: Range | null): Range {
  if (saved && field.contains(saved.commonAncestorContainer)) return saved.cloneRange();
  const range = document.createRange();
  range.selectNodeContents(field);
  range.collapse(false);
  return range;
}

export function caretContext(field: EditableField, saved: Range | null = null): CaretContext {
  if (isTextControl(field)) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    return { before: field.value.slice(0, start), after: field.value.slice(end) };
  }
  const host = editingHost(field);
  const range = caretRange(host, saved);
  const before = document.createRange();
  before.selectNodeContents(host);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.selectNodeContents(host);
  after.setStart(range.endContainer, range.endOffset);
  return { before: before.toString(), after: after.toString() };
}

/**
 * Puts the caret back where dictation stopped before a reload: just after the last occurrence of `before` (the text
 * that preceded it then), or at `offset` when that text is gone. Text controls only; a contenteditable keeps its
 * own caret (at its end after a reload).
 */
export function placeCaret(field: EditableField, anchor: { before: string; offset: number }): void {
  if (!isTextControl(field)) return;
  const found = anchor.before ? field.value.lastIndexOf(anchor.before) : -1;
  const at = found >= 0 ? found + anchor.before.length : Math.min(anchor.offset, field.value.length);
  field.setSelectionRange(at, at);
}

/**
 * Inserts plain text at the caret as if typed, where the editing module (whose writers know rich-text editors) could
 * not load: through the editing commands, so the field fires `beforeinput` and `input` (which frameworks listen to)
 * and the browser's undo (Ctrl+Z) takes it back. Never parsed as HTML. A text control without the command gets a
 * direct edit plus an `input` event.
 */
export function insertAtCaret(field: EditableField, text: string, saved: Range | null = null): void {
  if (text === '') return;
  const previousFocus = deepActiveElement();
  if (isTextControl(field)) {
    field.focus({ preventScroll: true });
    if (!document.execCommand('insertText', false, text)) {
      const start = field.selectionStart ?? field.value.length;
      field.setRangeText(text, start, field.selectionEnd ?? start, 'end');
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    }
  } else {
    const host = editingHost(field);
    host.focus({ preventScroll: true });
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(caretRange(host, saved));
    document.execCommand('insertText', false, text);
  }
  // Typing into the field must not steal the keyboard from the bar (or wherever the user was).
  if (previousFocus && previousFocus !== field && previousFocus !== document.body) previousFocus.focus({ preventScroll: true });
}
