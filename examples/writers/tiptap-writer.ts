/**
 * A writer for Tiptap (ProseMirror): how an integrator teaches the dictation bar an editor it does not know.
 *
 *   import { registerWriter } from 'dictation-bar';       // the package (or the bundle's export)
 *   import { tiptapWriter } from './tiptap-writer.js';
 *   registerWriter(tiptapWriter);
 *
 * Offsets are characters of the document's text (its text nodes, one after another), mapped to ProseMirror
 * positions; every change is a transaction, so Tiptap's history takes each utterance back with Ctrl+Z.
 */
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { closeHistory } from '@tiptap/pm/history';
import type { DictationWriter } from '../../components/dictation-bar/writers.js';

export function tiptapWriter(field: HTMLElement): DictationWriter | null {
  // Tiptap keeps its editor on the editable element.
  const dom = field.closest('.ProseMirror') as (HTMLElement & { editor?: Editor }) | null;
  const editor = dom?.editor;
  if (!editor || !editor.isEditable) return null;
  const { view } = editor;

  /** Each text node's document position and its offset in the text. */
  const textNodes = () => {
    const nodes: { pos: number; offset: number; text: string }[] = [];
    let offset = 0;
    view.state.doc.descendants((node, pos) => {
      if (!node.isText) return true;
      nodes.push({ pos, offset, text: node.text! });
      offset += node.text!.length;
      return false;
    });
    return nodes;
  };
  const toPos = (offset: number) => {
    const nodes = textNodes();
    const node = nodes.find((n) => offset <= n.offset + n.text.length) ?? nodes.at(-1);
    return node ? node.pos + Math.min(offset - node.offset, node.text.length) : 1;
  };
  const toOffset = (pos: number) => {
    let offset = 0;
    for (const n of textNodes()) {
      if (pos <= n.pos) return offset;
      if (pos <= n.pos + n.text.length) return n.offset + (pos - n.pos);
      offset = n.offset + n.text.length;
    }
    return offset;
  };
  return {
    text: () => textNodes().map((n) => n.text).join(''),
    selection: () => [toOffset(view.state.selection.from), toOffset(view.state.selection.to)],
    // The text runs paragraphs together: say where the selection is at a paragraph's edge (or next to a hard break),
    // so dictation there starts a sentence and gets no space before it.
    lineBreaks() {
      const { $from, $to } = view.state.selection;
      return [
        $from.parentOffset === 0 || $from.nodeBefore?.type.name === 'hardBreak',
        $to.parentOffset === $to.parent.content.size || $to.nodeAfter?.type.name === 'hardBreak',
      ];
    },
    select(start, end) {
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, toPos(start), toPos(end))));
    },
    insert(text) {
      // A new history group: this utterance is one undo step, however soon after the last one it came.
      view.dispatch(closeHistory(view.state.tr.deleteSelection()));
      for (const part of text.split(/(\n\n|\n)/)) {
        if (part === '\n\n') editor.commands.splitBlock();
        else if (part === '\n') editor.commands.setHardBreak();
        else if (part) view.dispatch(view.state.tr.insertText(part));
      }
    },
    undo: () => void editor.commands.undo(),
    redo: () => void editor.commands.redo(),
  };
}
