import type { DictationWriter } from '../writers.js';
import { DomText } from './dom-text.js';
import { editingHost } from '../text-insertion.js';

// The parts of CKEditor 5's API used here (never imported: the page has the editor, the bundle does not).
type Position = object;
interface ModelWriter {
  createText(data: string, attributes?: unknown): unknown;
  createRange(start: Position, end: Position): unknown;
  setSelection(range: unknown): void;
}
interface Editor {
  model: {
    change<T>(callback: (writer: ModelWriter) => T): T;
    insertContent(content: unknown): void;
    deleteContent(selection: unknown): void;
    document: { selection: { getFirstPosition(): Position | null; getLastPosition(): Position | null; getAttributes(): unknown } };
  };
  editing: {
    view: { domConverter: { domPositionToView(node: Node, offset: number): Position | null; viewPositionToDom(position: Position): { parent: Node; offset: number } | null } };
    mapper: { toModelPosition(position: Position): Position; toViewPosition(position: Position): Position };
  };
  execute(command: string): void;
  isReadOnly: boolean;
}

/**
 * CKEditor 5 (Drupal's editor), found by the `ckeditorInstance` it sets on its editable element: text goes through
 * its model (`model.insertContent`), so its undo stack, change events, collaboration and data (`getData()`) see it,
 * and its own undo (Ctrl+Z, the toolbar) takes back one utterance at a time. Offsets are read from the editing view's
 * DOM, which mirrors the model.
 */
export function ckeditor5Writer(field: HTMLElement): DictationWriter | null {
  const host = editingHost(field);
  const editor = (host as HTMLElement & { ckeditorInstance?: Editor }).ckeditorInstance;
  if (!editor?.model || editor.isReadOnly) return null;
  const dom = new DomText(host);
  const { model, editing } = editor;
  const toDom = (position: Position | null) => position && editing.view.domConverter.viewPositionToDom(editing.mapper.toViewPosition(position));
  const toOffset = (position: Position | null) => {
    const at = toDom(position);
    return at ? dom.offsetOf(at.parent, at.offset) : dom.text().length;
  };
  const toModel = (offset: number) => {
    const view = editing.view.domConverter.domPositionToView(...dom.positionOf(offset));
    return view ? editing.mapper.toModelPosition(view) : null;
  };
  return {
    text: () => dom.text(),
    selection: () => [toOffset(model.document.selection.getFirstPosition()), toOffset(model.document.selection.getLastPosition())],
    lineBreaks() {
      const start = toDom(model.document.selection.getFirstPosition());
      const end = toDom(model.document.selection.getLastPosition());
      return start && end ? dom.lineBreaks([start.parent, start.offset], [end.parent, end.offset]) : [false, false];
    },
    select(start, end) {
      const from = toModel(start);
      const to = toModel(end);
      if (from && to) model.change((writer) => writer.setSelection(writer.createRange(from, to)));
    },
    insert(text) {
      // One change block: one batch, one step of the editor's undo.
      model.change((writer) => {
        model.deleteContent(model.document.selection);
        for (const part of text.split(/(\n\n|\n)/)) {
          if (part === '\n\n') editor.execute('enter');
          else if (part === '\n') editor.execute('shiftEnter');
          else if (part) model.insertContent(writer.createText(part, model.document.selection.getAttributes()));
        }
      });
    },
    undo: () => editor.execute('undo'),
    redo: () => editor.execute('redo'),
  };
}
