/**
 * `customElements.define` that tolerates a second definition: a page that loads the bundle twice (two CMS widgets,
 * a script tag and a module import) gets a console warning and the first definition, instead of an exception that
 * stops the second script (Lit's `@customElement` throws, as `customElements.define` does).
 *
 * A call after the class, not a class decorator: a decorated class makes esbuild compile every `#private` member
 * of it into WeakMap lookups, which costs bundle size and a function call per access.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing === undefined) customElements.define(tag, element);
  else if (existing !== element) {
    console.warn(`<${tag}> is already defined (the dictation bar's script was loaded twice?); the first definition is kept.`);
  }
}
