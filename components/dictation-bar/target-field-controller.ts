import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { queryFrom } from '../shared/dom.js';
import { isEditableField, type EditableField } from './text-insertion.js';

/**
 * Which field dictated text goes into: the element matching `selector` when one is given, otherwise the text field
 * (textarea, text input or contenteditable) that last had focus. For a contenteditable it also remembers the caret,
 * which clicking the record button would otherwise lose.
 */
export class TargetFieldController implements ReactiveController {
  #lastFocused: EditableField | null = null;
  #lastRange: Range | null = null;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #selector: () => string;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    selector: () => string,
  ) {

    this.#host = host;
    this.#selector = selector;
    host.addController(this);
  }

  /** The field to write into now, or null when there is none. */
  get field(): EditableField | null {
    const selector = this.#selector();
    if (selector) {
      const found = queryFrom(this.#host, selector);
      return isEditableField(found) ? found : null;
    }
    return this.#lastFocused?.isConnected ? this.#lastFocused : null;
  }

  /** The caret inside a contenteditable target, as last seen. */
  get savedRange(): Range | null {
    return this.#lastRange;
  }

  hostConnected(): void {
    document.addEventListener('focusin', this.#onFocusIn, true);
    document.addEventListener('selectionchange', this.#onSelectionChange);
    window.addEventListener('blur', this.#onWindowBlur);
    const active = document.activeElement;
    if (isEditableField(active)) this.#lastFocused = active;
  }

  hostDisconnected(): void {
    document.removeEventListener('focusin', this.#onFocusIn, true);
    document.removeEventListener('selectionchange', this.#onSelectionChange);
    window.removeEventListener('blur', this.#onWindowBlur);
  }

  #onFocusIn = (event: FocusEvent) => {
    const element = event.composedPath()[0] as Element | undefined;
    if (isEditableField(element)) this.#lastFocused = element;
  };

  // Focus going into a same-origin frame (TinyMCE's, a CMS's preview) fires no focusin on this document, only a blur
  // of its window: the field is then the frame's focused element, and focus moving inside the frame is followed from
  // the frame's own document.
  #onWindowBlur = () =>
    setTimeout(() => {
      const frame = document.activeElement;
      if (frame?.localName !== 'iframe') return;
      const inner = frameDocument(frame as HTMLIFrameElement);
      if (!inner) return;
      if (!this.#frames.has(inner)) {
        this.#frames.add(inner);
        inner.addEventListener('focusin', this.#onFocusIn, true);
      }
      if (isEditableField(inner.activeElement)) this.#lastFocused = inner.activeElement;
    });

  readonly #frames = new WeakSet<Document>();

  #onSelectionChange = () => {
    const field = this.field;
    const selection = document.getSelection();
    if (!field || field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement || !selection?.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (field.contains(range.commonAncestorContainer)) this.#lastRange = range.cloneRange();
  };
}

/** A frame's document when it is same-origin (a cross-origin one throws or gives null). */
function frameDocument(frame: HTMLIFrameElement): Document | null {
  try {
    return frame.contentDocument;
  } catch {
    return null;
  }
}
