/**
 * `@customElement(tag)` that tolerates a second definition: a page that loads the bundle twice (two CMS widgets,
 * a script tag and a module import) gets a console warning and the first definition, instead of an exception that
 * stops the second script. Lit's own decorator throws, as `customElements.define` does.
 */
export const customElement =
  (tag: string) =>
  <C extends CustomElementConstructor>(element: C, context: ClassDecoratorContext<C>): void => {
    // After the class is complete (its static fields and the metadata of its decorated properties), as Lit does.
    context.addInitializer(() => {
      const existing = customElements.get(tag);
      if (existing === undefined) customElements.define(tag, element);
      else if (existing !== element) {
        console.warn(`<${tag}> is already defined (the dictation bar's script was loaded twice?); the first definition is kept.`);
      }
    });
  };
