/** Element-building for the editing module's panels (plain DOM in the bar's shadow root: no Lit in that module). */
export function el(tag: string, attributes: Record<string, string | (() => void)> = {}, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

const adopted = new WeakMap<ShadowRoot, Set<string>>();

/** A panel's styles as a constructed sheet, once per root: a page whose CSP forbids inline styles allows these. */
export function adoptStyle(root: ShadowRoot, style: string): void {
  const done = adopted.get(root) ?? new Set<string>();
  if (done.has(style)) return;
  done.add(style);
  adopted.set(root, done);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(style);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
