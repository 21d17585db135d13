/** Dispatches a typed `CustomEvent` that bubbles out of shadow roots, the way every event of ours does. */
export function emit<K extends keyof GlobalEventHandlersEventMap>(
  host: EventTarget,
  name: K,
  detail: GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never,
  options: { cancelable?: boolean } = {},
): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
}
