import { html, nothing } from 'lit';
import type { LocalizeController } from '../shared/localize.js';
import type { ConnectionState } from './dictation-connection.js';
import type { PushToTalkController } from './push-to-talk.js';
import type { RecordingState, RecoveryState } from './recorder-options.js';

export interface RecordButtonState {
  state: ConnectionState;
  recording: RecordingState;
  recovery: RecoveryState;
  shortcut: string;
}

/** `Alt+Shift+D` in the form `aria-keyshortcuts` wants (`Alt+Shift+D` already is; `Ctrl` becomes `Control`). */
const ariaShortcut = (shortcut: string) => shortcut.replace(/\bCtrl\b/gi, 'Control').replace(/\bCmd\b/gi, 'Meta');

/**
 * The record button, pressed while recording: it starts while the link is up, stops while recording (link or not), and
 * waits while the last words arrive or kept speech is being transcribed.
 */
export function recordButton(t: LocalizeController, bar: RecordButtonState, press: PushToTalkController) {
  const { state, recording, recovery } = bar;
  return html`<button
    class="record"
    part="record-button"
    type="button"
    aria-pressed=${recording === 'on' || recording === 'starting' ? 'true' : 'false'}
    aria-keyshortcuts=${ariaShortcut(bar.shortcut) || nothing}
    ?disabled=${!(state === 'ready' || recording === 'on') || recording === 'stopping' || (recording === 'off' && recovery === 'recovering')}
    @pointerdown=${press.pointerDown}
    @pointerup=${press.pointerUp}
    @click=${press.click}
  >
    <span class="dot" aria-hidden="true"></span>${t.term('dictate')}
  </button>`;
}
