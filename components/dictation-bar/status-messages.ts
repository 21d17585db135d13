import { CloseCode, ErrorCode, SESSION_ERROR_CODES } from '../../protocol/index.js';
import type { Phrase } from '../shared/localize.js';
import type { SessionEndReason } from '../shared/session-context.js';
import { MAX_KEPT_SECONDS } from './dictation-recorder.js';

/** Why the link is down; each has its own sentence in the status bar. */
export type LinkProblem =
  | 'logged-out'
  | 'signed-in-elsewhere'
  | 'session-expired'
  | 'server-heard-nothing'
  | 'session-terminated'
  | 'service-restarting'
  | 'internal-error'
  | 'message-too-big'
  | 'keepalive-timeout'
  | 'recording-timeout'
  | 'connection-lost'
  | 'offline'
  | 'connection-refused'
  | 'unauthorized'
  | 'connection-rejected'
  | 'session-service-unavailable'
  | 'page-left'
  | 'not-reading'
  | 'too-many-connections'
  | 'rate-exceeded'
  | 'closed';

const PROBLEM_BY_CLOSE_CODE: Partial<Record<number, LinkProblem>> = {
  [CloseCode.LoggedOut]: 'logged-out',
  [CloseCode.SignedInElsewhere]: 'signed-in-elsewhere',
  [CloseCode.SessionExpired]: 'session-expired',
  [CloseCode.KeepAliveTimeout]: 'server-heard-nothing',
  [CloseCode.SessionTerminated]: 'session-terminated',
  [CloseCode.PageLeft]: 'page-left',
  [CloseCode.ServiceRestart]: 'service-restarting',
  [CloseCode.InternalError]: 'internal-error',
  [CloseCode.MessageTooBig]: 'message-too-big',
  [CloseCode.NotReading]: 'not-reading',
  [CloseCode.TooManyConnections]: 'too-many-connections',
  [CloseCode.RateExceeded]: 'rate-exceeded',
};

export function problemForCloseCode(code: number): LinkProblem {
  // 1006 carries no reason: the browser's own view of the network is the best guess.
  if (code === CloseCode.Abnormal) return navigator.onLine ? 'connection-lost' : 'offline';
  return PROBLEM_BY_CLOSE_CODE[code] ?? 'closed';
}

/** The status bar's sentence for each problem. `timeoutSeconds` is the keep-alive timeout in force. */
export function problemMessage(
  problem: LinkProblem,
  detail: { code?: number | null; timeoutSeconds?: number; recordingTimeoutSeconds?: number; online?: boolean } = {},
): Phrase {
  switch (problem) {
    case 'logged-out':
      return ['linkLoggedOut'];
    case 'signed-in-elsewhere':
      return ['linkSignedInElsewhere'];
    case 'session-expired':
      return ['linkExpired'];
    case 'server-heard-nothing':
      return ['linkServerHeardNothing'];
    case 'session-terminated':
      return ['linkTerminated'];
    case 'service-restarting':
      return ['linkRestarting'];
    case 'internal-error':
      return ['linkInternalError'];
    case 'message-too-big':
      return ['linkMessageTooBig'];
    case 'keepalive-timeout':
      return ['linkKeepAliveTimeout', detail.timeoutSeconds ?? 5];
    case 'recording-timeout':
      return ['linkRecordingTimeout', detail.recordingTimeoutSeconds ?? 3];
    case 'page-left':
      return ['linkPageLeft'];
    case 'connection-lost':
      return ['linkLost'];
    case 'not-reading':
      return ['linkNotReading'];
    case 'rate-exceeded':
      return ['linkRateExceeded'];
    case 'too-many-connections':
      return ['linkTooManyConnections'];
    case 'offline':
      // Said again when the network comes back, so the sentence stays true.
      return detail.online ? ['linkOfflineBack'] : ['linkOffline'];
    case 'connection-refused':
      return ['linkRefused'];
    case 'unauthorized':
      return ['linkUnauthorized'];
    case 'connection-rejected':
      return ['linkRejected'];
    case 'session-service-unavailable':
      return ['linkStoreUnavailable'];
    case 'closed':
      return ['linkClosed', String(detail.code ?? '?')];
  }
}

/** The session end reason a lost link means for `<session-manager>`. */
export function endReasonForProblem(problem: LinkProblem): SessionEndReason {
  switch (problem) {
    case 'logged-out':
      return 'LOGGED_OUT';
    case 'signed-in-elsewhere':
      return 'SESSION_REPLACED';
    case 'session-expired':
      return 'SESSION_EXPIRED';
    case 'session-terminated':
    case 'unauthorized':
      return 'SESSION_TERMINATED';
    case 'service-restarting':
      return 'SERVICE_RESTARTING';
    case 'server-heard-nothing':
      return 'KEEPALIVE_TIMEOUT';
    case 'page-left':
      return 'PAGE_LEFT';
    default:
      return 'CONNECTION_LOST';
  }
}

/** The status bar's problem for a 401 code from the server (the session ended), or `null` for another answer. */
export function problemForErrorCode(code: string): LinkProblem | null {
  if (!SESSION_ERROR_CODES.includes(code as ErrorCode)) return null;
  // The session codes are the end reasons' names, except "no session at all": logged out (elsewhere).
  return problemForEndReason(code === ErrorCode.NotAuthenticated ? 'LOGGED_OUT' : (code as SessionEndReason));
}

/** The status bar's problem for a session that the server says has ended (asked after a freeze or a restore). */
export function problemForEndReason(reason: SessionEndReason): LinkProblem {
  switch (reason) {
    case 'LOGGED_OUT':
      return 'logged-out';
    case 'SESSION_REPLACED':
      return 'signed-in-elsewhere';
    case 'SESSION_EXPIRED':
      return 'session-expired';
    case 'KEEPALIVE_TIMEOUT':
      return 'server-heard-nothing';
    case 'PAGE_LEFT':
      return 'page-left';
    case 'SERVICE_RESTARTING':
      return 'service-restarting';
    case 'CONNECTION_LOST':
      return 'connection-lost';
    case 'SESSION_TERMINATED':
      return 'session-terminated';
  }
}

/** Why a recording could not start or stopped early. The link itself may be fine. */
export type RecordingProblem =
  | import('./microphone-controller.js').MicrophoneProblem
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

export function recordingProblemMessage(problem: RecordingProblem): Phrase {
  switch (problem) {
    case 'mic-denied':
      return ['micDenied'];
    case 'mic-not-found':
      return ['micNotFound'];
    case 'mic-busy':
      return ['micBusy'];
    case 'mic-unplugged':
      return ['micUnplugged'];
    case 'mic-insecure':
      return ['micInsecure'];
    case 'mic-unsupported':
      return ['micUnsupported'];
    case 'mic-failed':
      return ['micFailed'];
    case 'no-target':
      return ['noTarget'];
    case 'recognizer-unavailable':
      return ['recognizerUnavailable'];
    case 'recognizer-busy':
      return ['recognizerBusy'];
    case 'recognizer-failed':
      return ['recognizerFailed'];
    case 'recording-limit':
      return ['recordingLimit'];
    case 'kept-limit':
      return ['keptLimit', Math.round(MAX_KEPT_SECONDS / 60)];
    case 'audio-rejected':
      return ['audioRejected'];
    case 'too-many-recordings':
      return ['tooManyRecordings'];
  }
}
