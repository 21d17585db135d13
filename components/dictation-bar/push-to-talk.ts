import type { ReactiveControllerHost } from 'lit';
import type { RecordingState } from './recorder-options.js';
import { HOLD_MS, ShortcutController } from './shortcut-controller.js';

export interface PushToTalkOptions {
  shortcut(): string;
  recording(): RecordingState;
  start(): void;
  stop(): void;
}

/**
 * The record button, the page-wide shortcut and a dictation microphone's record key, as one press: a tap toggles
 * recording; holding any of them for longer than {@link HOLD_MS} is push-to-talk, and releasing it stops what the
 * press started.
 */
export class PushToTalkController {
  /** When the current press began, and whether it started the recording. */
  #press: { at: number; started: boolean } | null = null;

  readonly #options: PushToTalkOptions;

  constructor(
    host: ReactiveControllerHost,
    options: PushToTalkOptions,
  ) {
    this.#options = options;
    // Registers itself with the host; nothing else needs to hold it.
    new ShortcutController(host, options.shortcut, {
      onPress: () => this.#pressStart(),
      onRelease: (held) => this.#pressEnd(held),
    });
  }

  /** The button's `pointerdown`. */
  pointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
    this.#pressStart();
  };

  /** The button's `pointerup`. */
  pointerUp = (): void => {
    if (this.#press) this.#pressEnd(performance.now() - this.#press.at);
  };

  /** The button's `click`: keyboard activation (Enter, Space) arrives as a click with no pointer press. */
  click = (event: MouseEvent): void => {
    if (event.detail !== 0) return;
    if (this.#options.recording() === 'off') this.#options.start();
    else this.#options.stop();
  };

  /** A dictation microphone's record key went down. */
  press = (): void => this.#pressStart();

  /** It came up (or its device was unplugged while it was held). */
  release = (): void => this.pointerUp();

  /** Starts when off, and remembers the press so a long one can be push-to-talk. */
  #pressStart(): void {
    const started = this.#options.recording() === 'off';
    this.#press = { at: performance.now(), started };
    if (started) this.#options.start();
  }

  /** Tap: toggle. Hold (push-to-talk): releasing stops what the press started. */
  #pressEnd(heldMs: number): void {
    const press = this.#press;
    this.#press = null;
    if (press && (!press.started || heldMs >= HOLD_MS)) this.#options.stop();
  }
}
