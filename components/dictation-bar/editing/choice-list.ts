import { deepActiveElement } from '../../shared/dom.js';
import type { EditingText } from './editing-text.js';
import { adoptStyle } from './panel-dom.js';

/** The lists' look under the bar (the panel of her words and auto-texts shares it). */
export const CHOICES_STYLE = `
.choices{margin-top:var(--_spacing);padding:calc(var(--_spacing)*.66) var(--_spacing);border:1px solid var(--_color-border);
border-radius:var(--_radius);background:var(--_color-surface-raised);color:var(--_color-text)}
.choices h2{margin:0 0 .4rem;font-size:1em}
.choices ol,.choices ul{margin:0;padding:0;list-style:none}
.choices ul{padding-left:1.2rem;list-style:disc}
.choices .n{display:inline-block;min-width:1.6em;font-variant-numeric:tabular-nums}
.choices [role=option]{padding:.15rem .4rem;border-radius:calc(var(--_radius)/2);cursor:pointer}
.choices [role=option][aria-selected=true]{background:var(--_color-accent);color:var(--_color-on-accent)}
.choices :focus-visible{outline:var(--_focus-ring-width) solid var(--_focus-ring-color);outline-offset:2px}
.choices button{margin-top:.5rem;font:inherit;padding:.2rem .7rem;border:1px solid var(--_color-accent);
border-radius:calc(var(--_radius)/2);background:var(--_color-surface-raised);color:var(--_color-accent);cursor:pointer}`;

let ids = 0;

/**
 * The correction list ("correct that") and the command list ("what can I say"), shown under the bar: a listbox to
 * choose from by voice ("choose 2"), keyboard (arrows, Enter, Escape) or pointer. Plain DOM in the bar's shadow root,
 * drawn with the bar's theme, so it costs the bar's bundle nothing until it is loaded.
 */
export class ChoiceList {
  #panel: HTMLElement | null = null;
  #items: string[] = [];
  #active = 0;
  #onChoose: ((index: number) => void) | null = null;
  #returnFocus: HTMLElement | null = null;

  constructor(
    private readonly root: ShadowRoot,
    private readonly text: () => EditingText,
    private readonly lang: () => string,
  ) {}

  get isOpen(): boolean {
    return this.#panel !== null;
  }

  /** Opens a list to choose from (`onChoose`), or only to read (`onChoose` null). Focus goes to it; it returns on close. */
  open(title: string, items: string[], onChoose: ((index: number) => void) | null): void {
    this.close();
    const doc = this.root.ownerDocument;
    // Into a same-origin frame's editor (TinyMCE), focus goes back to the frame, which keeps its own caret.
    this.#returnFocus = deepActiveElement();
    this.#items = items;
    this.#active = 0;
    this.#onChoose = onChoose;
    const id = `choices-${++ids}`;
    const panel = doc.createElement('section');
    // On the bar's own surface: its theme's colour scheme, and the language its words are in.
    panel.className = 'choices themed';
    panel.lang = this.lang();
    panel.setAttribute('part', 'choices');
    panel.setAttribute('aria-labelledby', `${id}-title`);
    adoptStyle(this.root, CHOICES_STYLE);
    const heading = doc.createElement('h2');
    heading.id = `${id}-title`;
    heading.textContent = title;
    const list = doc.createElement(onChoose ? 'ol' : 'ul');
    list.tabIndex = 0;
    if (onChoose) {
      list.setAttribute('role', 'listbox');
      list.setAttribute('aria-labelledby', heading.id);
    }
    items.forEach((item, i) => {
      const option = doc.createElement('li');
      if (onChoose) {
        // The number is part of what is read out: it is what "choose 2" says.
        const n = doc.createElement('span');
        n.className = 'n';
        n.textContent = `${i + 1}.`;
        const text = doc.createElement('span');
        text.className = 'text';
        text.textContent = item;
        option.append(n, ' ', text);
        option.id = `${id}-${i}`;
        option.setAttribute('role', 'option');
        option.addEventListener('click', () => this.choose(i + 1));
      } else {
        option.textContent = item;
      }
      list.append(option);
    });
    const close = doc.createElement('button');
    close.type = 'button';
    close.textContent = this.text().close;
    close.addEventListener('click', () => this.close());
    panel.addEventListener('keydown', this.#onKey);
    panel.append(heading, list, close);
    this.root.append(panel);
    this.#panel = panel;
    this.#mark();
    list.focus({ preventScroll: true });
  }

  /** Whether item `n` (1-based) can be chosen: a list to choose from (not one only to read) is open and has it. */
  canChoose(n: number): boolean {
    return this.#onChoose !== null && n >= 1 && n <= this.#items.length;
  }

  /** Chooses item `n` (1-based): false when there is no such item or nothing to choose from. */
  choose(n: number): boolean {
    const onChoose = this.#onChoose;
    if (!onChoose || !this.canChoose(n)) return false;
    this.close();
    onChoose(n - 1);
    return true;
  }

  close(): void {
    if (!this.#panel) return;
    this.#panel.remove();
    this.#panel = null;
    this.#onChoose = null;
    const back = this.#returnFocus;
    this.#returnFocus = null;
    if (back?.isConnected) back.focus({ preventScroll: true });
  }

  #mark(): void {
    const options = this.#panel?.querySelectorAll('[role=option]') ?? [];
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === this.#active)));
    const active = options[this.#active];
    if (active) this.#panel!.querySelector('[role=listbox]')!.setAttribute('aria-activedescendant', active.id);
  }

  #onKey = (event: KeyboardEvent) => {
    const last = this.#items.length - 1;
    const moves: Record<string, number> = { ArrowDown: Math.min(last, this.#active + 1), ArrowUp: Math.max(0, this.#active - 1), Home: 0, End: last };
    if (event.key === 'Escape') this.close();
    else if (event.key === 'Enter' && (event.target as HTMLElement).getAttribute('role') === 'listbox') this.choose(this.#active + 1);
    else if (event.key in moves && this.#onChoose) {
      this.#active = moves[event.key]!;
      this.#mark();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };
}
