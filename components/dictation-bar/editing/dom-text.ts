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

  /** The selection inside the root, as offsets; `fallback` (the caret last seen there) or the end when it is elsewhere. */
  selection(fallback: Range | null): [number, number] {
    const selection = this.root.ownerDocument.getSelection();
    const inside = (r: Range | null | undefined) => r && this.root.contains(r.startContainer) && this.root.contains(r.endContainer);
    const current = selection?.rangeCount ? selection.getRangeAt(0) : null;
    const range = inside(current) ? current! : inside(fallback) ? fallback! : null;
    if (!range) {
      const length = this.text().length;
      return [length, length];
    }
    return [this.offsetOf(range.startContainer, range.startOffset), this.offsetOf(range.endContainer, range.endOffset)];
  }
}
