import { ErrorCode, type ErrorMessage } from '../../protocol/index.js';
import type { Phrase, TermKey } from '../shared/localize.js';
import type { MicrophoneProblem } from './microphone-controller.js';
import { MAX_KEPT_SECONDS } from './take.js';

/** Why a recording could not start or stopped early. The link itself may be fine. */
export type RecordingProblem =
  | MicrophoneProblem
  | 'no-target'
  | 'recognizer-unavailable'
  | 'recognizer-busy'
  | 'recognizer-failed'
  | 'recording-limit'
  | 'kept-limit'
  | 'too-many-recordings'
  | 'audio-rejected';

/** The server's recording errors, as problems the status bar explains. */
export const RECORDING_PROBLEM_FOR_ERROR: Readonly<Partial<Record<string, RecordingProblem>>> = {
  [ErrorCode.RecognizerUnavailable]: 'recognizer-unavailable',
  [ErrorCode.RecognizerBusy]: 'recognizer-busy',
  [ErrorCode.RecognizerFailed]: 'recognizer-failed',
  [ErrorCode.UnsupportedAudioFormat]: 'audio-rejected',
  [ErrorCode.BadAudioFrame]: 'audio-rejected',
  [ErrorCode.TooManyRecordings]: 'too-many-recordings',
};

/**
 * An error message from the server: a recording problem goes to the recorder (`onRecordingError`); frames that crossed
 * a server-side stop are nothing; anything else is a sentence for the status bar.
 */
export function serverErrorNotice(error: ErrorMessage, onRecordingError: (problem: RecordingProblem) => void): Phrase | null {
  const recordingProblem = RECORDING_PROBLEM_FOR_ERROR[error.code];
  if (recordingProblem) onRecordingError(recordingProblem);
  else if (error.code !== ErrorCode.NotRecording) return ['serverCouldNotHandle', error.message];
  return null;
}

const TERMS: Readonly<Record<Exclude<RecordingProblem, 'kept-limit'>, TermKey>> = {
  'mic-denied': 'micDenied',
  'mic-not-found': 'micNotFound',
  'mic-busy': 'micBusy',
  'mic-unplugged': 'micUnplugged',
  'mic-insecure': 'micInsecure',
  'mic-unsupported': 'micUnsupported',
  'mic-failed': 'micFailed',
  'no-target': 'noTarget',
  'recognizer-unavailable': 'recognizerUnavailable',
  'recognizer-busy': 'recognizerBusy',
  'recognizer-failed': 'recognizerFailed',
  'recording-limit': 'recordingLimit',
  'audio-rejected': 'audioRejected',
  'too-many-recordings': 'tooManyRecordings',
};

export function recordingProblemMessage(problem: RecordingProblem): Phrase {
  if (problem === 'kept-limit') return ['keptLimit', Math.round(MAX_KEPT_SECONDS / 60)];
  return [TERMS[problem]] as unknown as Phrase;
}
