import type { DictationWriter } from '../writers.js';
import { editingHost } from '../text-insertion.js';
import { DomText } from './dom-text.js';

/**
 * A contenteditable region, in this document or a same-origin iframe's: edited through its document's editing
 * commands, so the region fires `beforeinput`/`input` and the browser's undo takes each utterance back. Line breaks
 * are commands of their own; text is inserted as text, never parsed as HTML.
 */
export function editableWriter(field: HTMLElement, savedRange: Range | null): DictationWriter | null {
  if (!field.isContentEditable) return null;
  const host = editingHost(field);
  const dom = new DomText(host);
  const doc = host.ownerDocument;
  const selectRange = (range: Range) => {
    host.focus({ preventScroll: true });
    const selection = doc.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  };
  const select = (start: number, end: number) => selectRange(dom.rangeOf(start, end));
  const command = (name: string, value?: string) => doc.execCommand(name, false, value);
  return {
    text: () => dom.text(),
    selection: () => dom.selection(savedRange),
    lineBreaks: () => dom.lineBreaksAround(dom.selectionRange(savedRange)),
    select,
    insert(text) {
      // Focus first (it may move the caret), then put the selection back where dictation was going: as the range it
      // was, since an offset cannot tell the end of a line from the start of the next (an empty new line has no text).
      const range = dom.selectionRange(savedRange)?.cloneRange() ?? dom.rangeOf(dom.text().length, dom.text().length);
      selectRange(range);
      if (text === '') {
        if (!range.collapsed) command('delete');
        return;
      }
      for (const part of text.split(/(\n\n|\n)/)) {
        if (part === '') continue;
        const name = part === '\n\n' ? 'insertParagraph' : part === '\n' ? 'insertLineBreak' : 'insertText';
        if (command(name, name === 'insertText' ? part : undefined)) continue;
        const range = doc.getSelection()!.getRangeAt(0);
        range.deleteContents();
        const node = part.startsWith('\n') ? doc.createElement('br') : doc.createTextNode(part);
        range.insertNode(node);
        range.setStartAfter(node);
        range.collapse(true);
        host.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: name }));
      }
    },
    undo: () => {
      host.focus({ preventScroll: true });
      command('undo');
    },
    redo: () => {
      host.focus({ preventScroll: true });
      command('redo');
    },
  };
}
