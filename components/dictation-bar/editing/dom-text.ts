/** Elements that start a line of their own: the caret at their edge is at a line's start or end. */
const BLOCK = /^(P|DIV|LI|UL|OL|H[1-6]|BLOCKQUOTE|PRE|TABLE|TR|TD|TH|DL|DT|DD|FIGURE|FIGCAPTION|SECTION|ARTICLE|HEADER|FOOTER|ADDRESS|HR)$/;

/**
 * What a fragment of the region shows first (`fromEnd` false) or last: text, a line break, or nothing. A line break is
 * a <br>, the edge of a block with no text in it (the empty paragraph the caret is in), or a whole block (the
 * paragraph after the caret's line). Along `chain`, the first node at each level may be a clone of one of the
 * caret's ancestors, which continues its line rather than starting one. A <br> an editor keeps only to hold an empty
 * paragraph open (CKEditor's filler, TinyMCE's bogus one) is not a line break. Node types rather than `instanceof`,
 * as the region may be in an iframe (another realm).
 */
function edge(node: Node, fromEnd: boolean, chain = true): 'text' | 'break' | null {
  const children = [...node.childNodes];
  if (fromEnd) children.reverse();
  for (const [i, child] of children.entries()) {
    if (child.nodeType === Node.TEXT_NODE) {
      if (/\S/.test((child as Text).data)) return 'text';
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const element = child as Element;
    if (element.tagName === 'BR') {
      if (element.hasAttribute('data-cke-filler') || element.hasAttribute('data-mce-bogus')) continue;
      return 'break';
    }
    const onChain = chain && i === 0;
    const block = BLOCK.test(element.tagName);
    if (block && !onChain) return 'break';
    const inner = edge(element, fromEnd, onChain);
    if (inner) return inner;
    if (block) return 'break';
  }
  return null;
}

/**
 * A contenteditable region's text as offsets: the concatenation of its text nodes (what `Range.toString()` gives), and
 * the way back from an offset to a DOM position. Works in any document (a same-origin iframe's editor too).
 */
export class DomText {
  constructor(readonly root: HTMLElement) {}

  #nodes(): Text[] {
    const doc = this.root.ownerDocument;
    const walker = doc.createTreeWalker(this.root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    return nodes;
  }

  text(): string {
    return this.#nodes()
      .map((n) => n.data)
      .join('');
  }

  /** The offset of a DOM position inside the root. */
  offsetOf(container: Node, offset: number): number {
    const range = this.root.ownerDocument.createRange();
    range.selectNodeContents(this.root);
    range.setEnd(container, offset);
    return range.toString().length;
  }

  /** The DOM position of an offset: in the text node holding it (the end of the previous one at a boundary). */
  positionOf(offset: number): [Node, number] {
    let rest = offset;
    const nodes = this.#nodes();
    for (const node of nodes) {
      if (rest <= node.data.length) return [node, rest];
      rest -= node.data.length;
    }
    const last = nodes.at(-1);
    return last ? [last, last.data.length] : [this.root, this.root.childNodes.length];
  }

  rangeOf(start: number, end: number): Range {
    const range = this.root.ownerDocument.createRange();
    range.setStart(...this.positionOf(start));
    range.setEnd(...this.positionOf(end));
    return range;
  }

  /**
   * Whether a line starts right before `start` and ends right after `end`, which `text()` cannot show (a paragraph's
   * text runs on from the last one's there): so dictation at the start of a new paragraph starts a sentence and gets
   * no space before it, as in a textarea.
   */
  lineBreaks(start: [Node, number], end: [Node, number]): [before: boolean, after: boolean] {
    const range = this.root.ownerDocument.createRange();
    range.selectNodeContents(this.root);
    range.setEnd(...start);
    const before = edge(range.cloneContents(), true) === 'break';
    range.selectNodeContents(this.root);
    range.setStart(...end);
    return [before, edge(range.cloneContents(), false) === 'break'];
  }

  /** The selection inside the root; else `fallback` (the caret last seen there) when inside it; else null. */
  selectionRange(fallback: Range | null): Range | null {
    const selection = this.root.ownerDocument.getSelection();
    const inside = (r: Range | null | undefined) => r && this.root.contains(r.startContainer) && this.root.contains(r.endContainer);
    const current = selection?.rangeCount ? selection.getRangeAt(0) : null;
    return inside(current) ? current! : inside(fallback) ? fallback! : null;
  }

  /** The selection inside the root, as offsets; `fallback` (the caret last seen there) or the end when it is elsewhere. */
  selection(fallback: Range | null): [number, number] {
    const range = this.selectionRange(fallback);
    if (!range) {
      const length = this.text().length;
      return [length, length];
    }
    return [this.offsetOf(range.startContainer, range.startOffset), this.offsetOf(range.endContainer, range.endOffset)];
  }

  /** `lineBreaks` around a range (none where there is no range). */
  lineBreaksAround(range: Range | null): [before: boolean, after: boolean] {
    return range ? this.lineBreaks([range.startContainer, range.startOffset], [range.endContainer, range.endOffset]) : [false, false];
  }
}
