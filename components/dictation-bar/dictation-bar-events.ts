import type { RecognisedCommand, StopReason } from '../../protocol/index.js';
import type { ConnectionState } from './dictation-connection.js';
import type { DevicePress } from './dictation-devices.js';
import type { RecordingState } from './dictation-recorder.js';
import type { LinkProblem } from './link-problems.js';

/** The events `<dictation-bar>` fires (documented on the element), typed for `addEventListener`. */
declare global {
  interface GlobalEventHandlersEventMap {
    'dictation-connection-change': CustomEvent<{
      state: ConnectionState;
      problem: LinkProblem | null;
      code: number | null;
      message: string;
    }>;
    'dictation-connection-lost': CustomEvent<{ problem: LinkProblem; code: number | null; message: string }>;
    'dictation-recording-change': CustomEvent<{ recording: RecordingState; reason: StopReason | null }>;
    'dictation-text': CustomEvent<{ text: string; raw: string; field: HTMLElement }>;
    'dictation-command': CustomEvent<RecognisedCommand & { field: HTMLElement | null }>;
    'dictation-device-button': CustomEvent<DevicePress>;
    'dictation-devices-change': CustomEvent<{ devices: string[] }>;
    'dictation-recovery': CustomEvent<{
      field: HTMLElement | null;
      fieldKey: string;
      seconds: number;
      audio: Int16Array | null;
      text: string | null;
    }>;
  }
}
export {};
