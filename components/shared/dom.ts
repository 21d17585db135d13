/** The focused element, looking into shadow roots. */
export function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

/** The first match of `selector` in the tree `host` lives in (its shadow root, if any), then in the document. */
export function queryFrom(host: Node, selector: string): Element | null {
  const root = host.getRootNode() as Document | ShadowRoot;
  return root.querySelector?.(selector) ?? document.querySelector(selector);
}

/**
 * `localStorage`, where the page may use it: a sandboxed frame or blocked site data makes even reading it throw, and an
 * element must not throw at the page for a convenience (a remembered choice).
 */
export const storage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      /* not remembered: the choice still holds for this page */
    }
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch {
      /* nothing stored to remove */
    }
  },
};
