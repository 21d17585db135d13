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
    const active = document.activeElement;
    if (isEditableField(active)) this.#lastFocused = active;
  }

  hostDisconnected(): void {
    document.removeEventListener('focusin', this.#onFocusIn, true);
    document.removeEventListener('selectionchange', this.#onSelectionChange);
  }

  #onFocusIn = (event: FocusEvent) => {
    const element = event.composedPath()[0];
    if (element instanceof Element && isEditableField(element)) this.#lastFocused = element;
  };

  #onSelectionChange = () => {
    const field = this.field;
    const selection = document.getSelection();
    if (!field || field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement || !selection?.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (field.contains(range.commonAncestorContainer)) this.#lastRange = range.cloneRange();
  };
}
