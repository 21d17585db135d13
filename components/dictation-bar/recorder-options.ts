import type { CommandOptions, FormatOptions, RecognisedCommand, StopReason } from '../../protocol/index.js';
import type { AudioJournal } from './audio-journal.js';
import type { DictationConnection } from './dictation-connection.js';
import type { KeptUtterance } from './journal-store.js';
import type { JournalKeySource } from './kept-store.js';
import type { RecordingProblem } from './recording-problems.js';
import type { Anchor, Inserted } from './take.js';
import type { EditableField } from './text-insertion.js';

/** `off` -> `starting` (microphone and recognizer) -> `on` -> `stopping` (last words) -> `off`. */
export type RecordingState = 'off' | 'starting' | 'on' | 'stopping';

/**
 * What happens to speech the server has not transcribed yet:
 * - `none`: nothing is owed;
 * - `keeping`: the link is down and the microphone is still recording onto this device;
 * - `pending`: speech is kept on this device, to be transcribed after the next login;
 * - `recovering`: that speech is being transcribed now.
 */
export type RecoveryState = 'none' | 'keeping' | 'pending' | 'recovering';

/** What the recorder needs from the bar: the link, the microphone's settings, the page's fields. */
export interface RecorderOptions {
  connection: DictationConnection;
  workletUrl: () => string;
  /** How the page wants the text written, asked for with every recording (the bar's formatting attributes). */
  format: () => Partial<FormatOptions>;
  /** The voice commands the page runs (false: none, so every utterance is text). */
  commands: () => CommandOptions | false;
  microphoneId: () => string;
  /** The field to write into now (for a new take). */
  currentField: () => EditableField | null;
  /** The field a stored take named, if the page has it. */
  findField: (key: string) => EditableField | null;
  fieldKey: (field: EditableField) => string;
  /** Who is logged in (a take is theirs); null in single-user mode or signed out. */
  user: () => string | null;
  /** The server's key for `user`'s kept dictation, from their live session. */
  journalKey: JournalKeySource;
  /**
   * Inserts recognised text into `field` (`anchor`: where, after a reload). Returns the text as inserted and the
   * place it went to, or null when the page took it over or there was nothing to insert.
   */
  insert(field: EditableField, raw: string, anchor: Anchor | null, alternatives?: readonly string[]): Inserted | null;
  /** What was dictated into `field` before a reload, utterance by utterance (for "scratch that" and corrections). */
  remember(field: EditableField, utterances: readonly KeptUtterance[]): void;
  /** Runs a voice command said while dictating into `field`. */
  command(field: EditableField | null, command: RecognisedCommand): void;
  /** Whether "choose `n`" would choose now (a list with item n is open). */
  canChoose(n: number): boolean;
  /** The text before the caret of `field` (to find the place again after a reload), and its offset. */
  anchorOf(field: EditableField): Anchor;
  onRecordingChange(recording: RecordingState, reason: StopReason | null): void;
  onDevicesChange(devices: MediaDeviceInfo[]): void;
  /** Kept speech or text is about to be recovered; false when the page took it over or vetoed it. */
  confirmRecovery(kept: { field: string; audio: AudioJournal | null; text: string | null }): boolean;
}

/** The recording side, as the take sees it: the microphone's state machine lives in DictationRecorder. */
export interface RecordingSide {
  readonly recording: RecordingState;
  setRecording(recording: RecordingState, reason: StopReason | null): void;
  /** The stream ended by itself (a limit, an error): the microphone stops, nothing else. */
  stopMicrophone(): void;
  stop(problem: RecordingProblem): Promise<void>;
  problem: RecordingProblem | null;
}
