import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A page-wide keyboard shortcut such as `Alt+Shift+D`: modifiers (`Control`/`Ctrl`, `Alt`/`Option`, `Shift`,
 * `Meta`/`Cmd`) joined by `+` to a key (a letter, a digit, `Space`, `F1`..`F12`, or a `KeyboardEvent.code`).
 * Letters and digits match the physical key, so the shortcut works whatever the layout and modifiers produce.
 */
export interface Shortcut {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  code: string;
}

export function parseShortcut(text: string): Shortcut | null {
  const parts = text.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop();
  if (!key) return null;
  const shortcut: Shortcut = { ctrl: false, alt: false, shift: false, meta: false, code: '' };
  for (const modifier of parts.map((p) => p.toLowerCase())) {
    if (modifier === 'control' || modifier === 'ctrl') shortcut.ctrl = true;
    else if (modifier === 'alt' || modifier === 'option') shortcut.alt = true;
    else if (modifier === 'shift') shortcut.shift = true;
    else if (modifier === 'meta' || modifier === 'cmd' || modifier === 'command') shortcut.meta = true;
    else return null;
  }
  if (/^[a-z]$/i.test(key)) shortcut.code = `Key${key.toUpperCase()}`;
  else if (/^[0-9]$/.test(key)) shortcut.code = `Digit${key}`;
  else if (/^f([1-9]|1[0-2])$/i.test(key)) shortcut.code = key.toUpperCase();
  else if (key.toLowerCase() === 'space') shortcut.code = 'Space';
  else if (/^[A-Z][A-Za-z0-9]+$/.test(key)) shortcut.code = key;
  else return null;
  return shortcut;
}

export function matchesShortcut(event: KeyboardEvent, shortcut: Shortcut): boolean {
  return (
    event.code === shortcut.code &&
    event.ctrlKey === shortcut.ctrl &&
    event.altKey === shortcut.alt &&
    event.shiftKey === shortcut.shift &&
    event.metaKey === shortcut.meta
  );
}

/** A press longer than this is push-to-talk: releasing the key stops. */
export const HOLD_MS = 500;

export interface ShortcutCallbacks {
  /** The shortcut went down. */
  onPress(): void;
  /** It came up; `heldMs` is how long it was down. */
  onRelease(heldMs: number): void;
}

export class ShortcutController implements ReactiveController {
  #downAt: number | null = null;

  readonly #shortcut: () => string;
  readonly #callbacks: ShortcutCallbacks;

  constructor(
    host: ReactiveControllerHost,
    shortcut: () => string,
    callbacks: ShortcutCallbacks,
  ) {

    this.#shortcut = shortcut;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.#onKeyDown, true);
    window.addEventListener('keyup', this.#onKeyUp, true);
    window.addEventListener('blur', this.#onBlur);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.#onKeyDown, true);
    window.removeEventListener('keyup', this.#onKeyUp, true);
    window.removeEventListener('blur', this.#onBlur);
    this.#downAt = null;
  }

  #onKeyDown = (event: KeyboardEvent) => {
    const shortcut = parseShortcut(this.#shortcut());
    if (!shortcut || !matchesShortcut(event, shortcut)) return;
    event.preventDefault();
    if (event.repeat || this.#downAt !== null) return;
    this.#downAt = performance.now();
    this.#callbacks.onPress();
  };

  #onKeyUp = (event: KeyboardEvent) => {
    if (this.#downAt === null) return;
    const shortcut = parseShortcut(this.#shortcut());
    if (shortcut && event.code !== shortcut.code) return;
    event.preventDefault();
    this.#release();
  };

  /** Focus left the window while the key was down: its keyup will never come here. */
  #onBlur = () => {
    if (this.#downAt !== null) this.#release();
  };

  #release(): void {
    const held = performance.now() - this.#downAt!;
    this.#downAt = null;
    this.#callbacks.onRelease(held);
  }
}
