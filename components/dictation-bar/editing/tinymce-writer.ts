import type { DictationWriter } from '../writers.js';
import { DomText } from './dom-text.js';
import { editingHost } from '../text-insertion.js';

// The parts of TinyMCE's API used here (never imported: the page has the editor, the bundle does not).
interface Editor {
  getBody(): HTMLElement;
  selection: { getRng(): Range; setRng(range: Range): void };
  undoManager: { transact(callback: () => void): unknown; undo(): unknown; redo(): unknown };
  execCommand(command: string): boolean;
  nodeChanged(): void;
  focus(): void;
  mode?: { isReadOnly(): boolean };
}

/** The TinyMCE editor whose body (iframe mode) or element (inline mode) `host` is, if the page has TinyMCE. */
function editorOf(host: HTMLElement): Editor | null {
  const tinymce = (window as Window & { tinymce?: { get(): Editor[] } }).tinymce;
  const editors = typeof tinymce?.get === 'function' ? tinymce.get() : [];
  return (Array.isArray(editors) ? editors : []).find((e) => e.getBody() === host) ?? null;
}

/**
 * TinyMCE, in its default iframe mode (the bar follows focus into the frame) and inline: each utterance is one
 * `undoManager.transact`, so TinyMCE's undo (Ctrl+Z, its toolbar) takes it back whole and its `change` event fires.
 * Text is inserted as text nodes, never as HTML (`insertContent` would parse it, and trim the space that joins it to
 * what precedes).
 */
export function tinymceWriter(field: HTMLElement): DictationWriter | null {
  const host = editingHost(field);
  const editor = editorOf(host);
  if (!editor || editor.mode?.isReadOnly()) return null;
  const dom = new DomText(host);
  const doc = host.ownerDocument;
  const select = (start: number, end: number) => editor.selection.setRng(dom.rangeOf(start, end));
  /** TinyMCE's selection, or (inline, while the page's focus is elsewhere) the end of the editor. */
  const range = () => {
    const current = editor.selection.getRng();
    if (host.contains(current.startContainer) && host.contains(current.endContainer)) return current;
    const end = dom.text().length;
    select(end, end);
    return editor.selection.getRng();
  };
  return {
    text: () => dom.text(),
    selection: () => {
      const current = editor.selection.getRng();
      return host.contains(current.startContainer) ? [dom.offsetOf(current.startContainer, current.startOffset), dom.offsetOf(current.endContainer, current.endOffset)] : dom.selection(null);
    },
    lineBreaks: () => {
      const current = editor.selection.getRng();
      return dom.lineBreaksAround(host.contains(current.startContainer) ? current : null);
    },
    select,
    insert(text) {
      editor.undoManager.transact(() => {
        range().deleteContents();
        for (const part of text.split(/(\n\n|\n)/)) {
          if (part === '') continue;
          if (part.startsWith('\n')) {
            editor.execCommand(part === '\n\n' ? 'mceInsertNewLine' : 'InsertLineBreak');
            continue;
          }
          const at = range();
          const node = doc.createTextNode(part);
          at.insertNode(node);
          at.setStartAfter(node);
          at.collapse(true);
          editor.selection.setRng(at);
        }
      });
      editor.nodeChanged();
    },
    undo: () => void editor.undoManager.undo(),
    redo: () => void editor.undoManager.redo(),
  };
}
