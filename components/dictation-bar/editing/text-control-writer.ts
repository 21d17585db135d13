import type { DictationWriter } from '../writers.js';

/**
 * `<textarea>` and text `<input>`: edited through the document's editing commands, so the field fires `beforeinput`
 * and `input` (which frameworks listen to) and the browser's own undo (Ctrl+Z) takes each utterance back.
 */
export function textControlWriter(field: HTMLElement): DictationWriter | null {
  const name = field.localName;
  if (name !== 'textarea' && name !== 'input') return null;
  const control = field as HTMLTextAreaElement | HTMLInputElement;
  const doc = control.ownerDocument;
  const command = (name: string, value?: string) => {
    control.focus({ preventScroll: true });
    return doc.execCommand(name, false, value);
  };
  return {
    text: () => control.value,
    selection: () => [control.selectionStart ?? control.value.length, control.selectionEnd ?? control.value.length],
    select: (start, end) => control.setSelectionRange(start, end),
    insert(text) {
      const [start, end] = [control.selectionStart ?? control.value.length, control.selectionEnd ?? control.value.length];
      if (text === '' && start === end) return;
      // Setting the selection closes the browser's typing run: each utterance is its own undo step, not merged with
      // the one before as typed characters are.
      control.setSelectionRange(start, end);
      // An empty text deletes the selection (insertText with '' is refused by some engines).
      const done = text === '' ? command('delete') : command('insertText', text);
      if (done) return;
      control.setRangeText(text, start, end, 'end');
      control.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: text ? 'insertText' : 'deleteContentBackward', data: text || null }));
    },
    undo: () => void command('undo'),
    redo: () => void command('redo'),
  };
}
