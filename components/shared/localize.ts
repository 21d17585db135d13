import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en } from '../translations/en.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
/** A language: every term of English, in that language. */
export type Translation = Widen<typeof en>;
export type TermKey = Exclude<keyof Translation, `$${string}`>;
export type TermArgs<K extends TermKey> = Translation[K] extends (...args: infer A) => string ? A : [];
/**
 * A sentence kept as its term and arguments, not as text, so that it follows the page when its language changes
 * (a session's message is made once and shown for minutes).
 */
export type Phrase = { [K in TermKey]: readonly [K, ...TermArgs<K>] }[TermKey];
/** What a page registers: `$code` and `$name`, and any terms (the ones left out are said in English). */
export type PartialTranslation = Pick<Translation, '$code' | '$name'> & Partial<Translation>;

const translations = new Map<string, PartialTranslation>([['en', en]]);
const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | null = null;
/** Bumped whenever a `lang` changes or a language is registered: every controller's resolved language is stale. */
let generation = 0;

const refreshAll = () => {
  generation++;
  hosts.forEach((host) => host.requestUpdate());
};

/**
 * Adds languages, or terms to one already known, without rebuilding the bundle:
 * `registerTranslation({ $code: 'de', $name: 'Deutsch', logIn: 'Anmelden', ... })`. Elements on the page re-render.
 */
export function registerTranslation(...list: PartialTranslation[]): void {
  for (const translation of list) {
    const code = translation.$code.toLowerCase();
    translations.set(code, { ...translations.get(code), ...translation });
  }
  refreshAll();
}

/** The `lang` in force at an element: its own, its nearest ancestor's (across shadow roots), else the browser's. */
export function inheritedLang(element: Element): string {
  for (let node: Element | null = element; node; ) {
    const marked = node.closest('[lang]');
    if (marked) return marked.getAttribute('lang')!;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return navigator.language;
}

/** The registered translation for a language tag: `es-MX`, then `es`, then English. */
export function translationFor(lang: string): PartialTranslation {
  const tag = lang.toLowerCase();
  return translations.get(tag) ?? translations.get(tag.split('-')[0]!) ?? en;
}

/**
 * An element's words: terms in the language of the nearest `lang`, re-rendered when a `lang` anywhere on the page
 * changes or a language is registered. `lang` is the language actually used, for the element to mark its text
 * with (a German page showing English must not have it read with a German voice).
 */
export class LocalizeController implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;

  constructor(host: ReactiveControllerHost & Element) {
    this.#host = host;
    host.addController(this);
  }

  get lang(): string {
    return this.#translation.$code;
  }

  // Resolved once, not per term (a render asks for dozens; each lookup walks up the tree), until a `lang` changes, a
  // language is registered or the element is connected again (it may have moved).
  #resolved: { generation: number; translation: PartialTranslation } | null = null;

  get #translation(): PartialTranslation {
    if (this.#resolved?.generation !== generation) {
      this.#resolved = { generation, translation: translationFor(inheritedLang(this.#host)) };
    }
    return this.#resolved.translation;
  }

  term<K extends TermKey>(key: K, ...args: TermArgs<K>): string {
    const term = (this.#translation[key] ?? en[key]) as string | ((...a: TermArgs<K>) => string);
    return typeof term === 'function' ? term(...args) : term;
  }

  phrase(phrase: Phrase): string;
  phrase(phrase: Phrase | null): string | null;
  phrase(phrase: Phrase | null): string | null {
    if (!phrase) return null;
    const [key, ...args] = phrase;
    return this.term(key, ...(args as TermArgs<typeof key>));
  }

  hostConnected(): void {
    this.#resolved = null;
    hosts.add(this.#host);
    // One observer for the whole page, on `lang` only: a page that never changes its language never wakes it. It
    // also watches every shadow root the element sits in (an app's own components), which the document's subtree
    // does not include; observing a root again only renews the same registration.
    if (!observer) {
      observer = new MutationObserver(refreshAll);
      // Without a `lang` anywhere, the browser's language is the answer, and the reader may change it.
      window.addEventListener('languagechange', refreshAll);
    }
    const options = { attributes: true, attributeFilter: ['lang'], subtree: true };
    observer.observe(document.documentElement, options);
    for (let root = this.#host.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
      observer.observe(root, options);
    }
  }

  hostDisconnected(): void {
    hosts.delete(this.#host);
    if (hosts.size === 0) {
      observer?.disconnect();
      observer = null;
      window.removeEventListener('languagechange', refreshAll);
    }
  }
}
