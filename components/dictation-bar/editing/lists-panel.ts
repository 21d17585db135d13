import { checkAutoTextName, parseAutoText } from '../../../protocol/auto-texts.js';
import { checkVocabularyEntry } from '../../../protocol/vocabulary-entries.js';
import { CHOICES_STYLE } from './choice-list.js';
import { refusalOf, type ServiceRequest } from './command-context.js';
import type { EditingText } from './editing-text.js';
import { adoptStyle, el } from './panel-dom.js';

interface Word {
  phrase: string;
  soundsLike?: string;
  phones?: string;
  source: 'own' | 'team';
  team?: string;
}
interface AutoText {
  name: string;
  body: string;
  source: 'own' | 'team';
  team?: string;
}

const STYLE = `
.lists form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:end;margin:.3rem 0 .6rem}
.lists label{display:flex;flex-direction:column;font-size:.9em;gap:.15rem}
.lists input,.lists textarea{font:inherit;padding:.2rem .35rem;border:1px solid var(--_color-border);border-radius:calc(var(--_radius)/2);
background:var(--_color-surface);color:var(--_color-text)}
.lists textarea{min-width:18rem;min-height:3.2rem}
.lists h3{margin:.6rem 0 .2rem;font-size:1em}
.lists ul{margin:0;padding:0;list-style:none;max-height:12rem;overflow:auto}
.lists li{display:flex;gap:.4rem;align-items:center;padding:.1rem 0}
.lists li .what{flex:1}
.lists .from{color:var(--_color-text-muted);font-size:.9em}
.lists .row{display:flex;flex-wrap:wrap;gap:.4rem;margin:.3rem 0}`;

/**
 * The user's words and auto-texts, in a panel under the bar: add, edit, remove, import and export them, and insert an
 * auto-text (the picker). Her teams' entries are listed, marked, and only read (their admins change them). What the
 * service refuses is said with its reason, and the form keeps what she typed. Plain DOM in the bar's shadow root, in
 * the bar's theme; loaded with the editing module.
 */
export class ListsPanel {
  #panel: HTMLElement | null = null;
  #status: HTMLElement | null = null;
  #returnFocus: HTMLElement | null = null;

  constructor(
    private readonly root: ShadowRoot,
    private readonly text: () => EditingText,
    private readonly lang: () => string,
    private readonly request: ServiceRequest,
    /** Inserts an auto-text into the field the user was in. */
    private readonly insert: (name: string, body: string) => void,
    private readonly focused: () => HTMLElement | null,
  ) {}

  get isOpen(): boolean {
    return this.#panel !== null;
  }

  async open(): Promise<void> {
    if (this.#panel) return this.#panel.querySelector<HTMLElement>('input')?.focus();
    this.#returnFocus = this.focused();
    adoptStyle(this.root, CHOICES_STYLE);
    adoptStyle(this.root, STYLE);
    const t = this.text();
    const heading = el('h2', { id: 'lists-title' }, t.listsTitle);
    const panel = el('section', { class: 'choices lists themed', part: 'lists', 'aria-labelledby': 'lists-title', lang: this.lang() }, heading);
    this.#status = el('p', { role: 'status' });
    panel.append(this.#status, el('div', { class: 'body' }), el('button', { type: 'button', onclick: () => this.close() }, t.close));
    panel.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      this.close();
    });
    this.root.append(panel);
    this.#panel = panel;
    await this.#render();
    panel.querySelector<HTMLElement>('input')?.focus();
  }

  close(): void {
    this.#panel?.remove();
    this.#panel = null;
    const back = this.#returnFocus;
    this.#returnFocus = null;
    if (back?.isConnected) back.focus({ preventScroll: true });
  }

  #say(sentence: string): void {
    if (this.#status) this.#status.textContent = sentence;
  }

  async #render(): Promise<void> {
    const t = this.text();
    const answer = await this.request('GET', '/my-lists');
    const body = this.#panel?.querySelector('.body');
    if (!body) return;
    if (!answer.ok) return this.#say(t.listsUnavailable);
    const { words, autoTexts } = answer.body as { words: Word[]; autoTexts: AutoText[] };
    body.replaceChildren(...this.#wordsSection(words), ...this.#autoTextsSection(autoTexts));
  }

  /** Sends a change; on success the lists are read again, on a refusal its reason is said and the form kept. */
  async #change(method: string, path: string, payload: unknown, done: string, contentType?: string): Promise<boolean> {
    const answer = await this.request(method, path, payload, contentType);
    if (!answer.ok) {
      const reason = refusalOf(answer.body);
      this.#say(reason ? `${this.text().refused} ${reason}` : this.text().listsUnavailable);
      return false;
    }
    await this.#render();
    this.#say(done);
    // The lists were drawn again: focus stays in the panel (on its first field), not on the page's body.
    this.#panel?.querySelector<HTMLElement>('input')?.focus();
    return true;
  }

  #wordsSection(words: Word[]): HTMLElement[] {
    const t = this.text();
    const phrase = el('input', { name: 'phrase', autocomplete: 'off', required: 'true' }) as HTMLInputElement;
    const soundsLike = el('input', { name: 'soundsLike', autocomplete: 'off' }) as HTMLInputElement;
    const form = el('form', {}, el('label', {}, t.phrase, phrase), el('label', {}, t.soundsLike, soundsLike), el('button', { type: 'submit' }, t.save));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const entry = { phrase: phrase.value.trim().toLowerCase().replace(/\s+/g, ' '), ...(soundsLike.value.trim() ? { soundsLike: soundsLike.value.trim().toLowerCase() } : {}) };
      // Checked here as the service checks it: the reason at once, nothing sent.
      const problem = checkVocabularyEntry(entry);
      if (problem) return this.#say(`${t.refused} ${problem}.`);
      void this.#change('PUT', '/vocabulary/words', entry, t.savedWord(entry.phrase));
    });
    const list = el('ul', { 'aria-label': t.wordsTitle });
    for (const word of words) {
      const what = el('span', { class: 'what' }, word.phrase, word.soundsLike ? ` (${t.soundsLikeShort} “${word.soundsLike}”)` : '');
      const item = el('li', {}, what);
      if (word.source === 'team') item.append(el('span', { class: 'from' }, t.fromTeam(word.team ?? '')));
      else {
        const edit = () => ((phrase.value = word.phrase), (soundsLike.value = word.soundsLike ?? ''), phrase.focus());
        item.append(...this.#ownControls(word.phrase, edit, `/vocabulary/words/${encodeURIComponent(word.phrase)}`));
      }
      list.append(item);
    }
    const file = el('input', { type: 'file', accept: '.txt,.csv,text/plain,text/csv' }) as HTMLInputElement;
    file.addEventListener('change', () => void this.#import(file));
    const tools = el(
      'div',
      { class: 'row' },
      el('label', {}, t.importList, file),
      el('button', { type: 'button', onclick: () => void this.#export('text') }, t.exportText),
      el('button', { type: 'button', onclick: () => void this.#export('csv') }, t.exportCsv),
    );
    return [el('h3', {}, t.wordsTitle), form, words.length ? list : el('p', {}, t.noWords), tools];
  }

  #autoTextsSection(autoTexts: AutoText[]): HTMLElement[] {
    const t = this.text();
    const name = el('input', { name: 'name', autocomplete: 'off', required: 'true' }) as HTMLInputElement;
    const body = el('textarea', { name: 'body', required: 'true' }) as HTMLTextAreaElement;
    const form = el('form', {}, el('label', {}, t.autoTextName, name), el('label', {}, t.autoTextBody, body), el('button', { type: 'submit' }, t.save));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const entry = { name: name.value.trim().toLowerCase().replace(/\s+/g, ' '), body: body.value };
      const parsed = parseAutoText(entry.body);
      const problem = checkAutoTextName(entry.name) ?? (parsed.ok ? null : parsed.problem);
      if (problem) return this.#say(`${t.refused} ${problem}.`);
      void this.#change('PUT', '/auto-texts', entry, t.savedAutoText(entry.name));
    });
    const list = el('ul', { 'aria-label': t.autoTextsTitle });
    for (const autoText of autoTexts) {
      const item = el(
        'li',
        {},
        el('span', { class: 'what' }, autoText.name),
        el('button', { type: 'button', 'aria-label': t.insertEntry(autoText.name), onclick: () => (this.close(), this.insert(autoText.name, autoText.body)) }, t.insert),
      );
      if (autoText.source === 'team') item.append(el('span', { class: 'from' }, t.fromTeam(autoText.team ?? '')));
      else {
        const edit = () => ((name.value = autoText.name), (body.value = autoText.body), body.focus());
        item.append(...this.#ownControls(autoText.name, edit, `/auto-texts/${encodeURIComponent(autoText.name)}`));
      }
      list.append(item);
    }
    return [el('h3', {}, t.autoTextsTitle), form, autoTexts.length ? list : el('p', {}, t.noAutoTexts)];
  }

  /** "Edit" (fills the form with the entry) and "Remove" for an entry of her own. */
  #ownControls(what: string, edit: () => void, path: string): HTMLElement[] {
    const t = this.text();
    return [
      el('button', { type: 'button', 'aria-label': t.editEntry(what), onclick: edit }, t.edit),
      el('button', { type: 'button', 'aria-label': t.removeEntry(what), onclick: () => void this.#change('DELETE', path, undefined, t.removed(what)) }, t.remove),
    ];
  }

  async #import(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
    const text = await file.text();
    input.value = '';
    await this.#change('PUT', '/vocabulary', text, this.text().imported, csv ? 'text/csv' : 'text/plain');
  }

  async #export(format: 'text' | 'csv'): Promise<void> {
    const answer = await this.request('GET', `/vocabulary/export?format=${format}`, undefined, undefined, 'text');
    if (!answer.ok) return this.#say(this.text().listsUnavailable);
    const url = URL.createObjectURL(new Blob([answer.body as string], { type: format === 'csv' ? 'text/csv' : 'text/plain' }));
    const link = el('a', { href: url, download: `my-words.${format === 'csv' ? 'csv' : 'txt'}` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
