import { CloseCode, ErrorCode, SESSION_ERROR_CODES } from '../../protocol/index.js';
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
): string {
  switch (problem) {
    case 'logged-out':
      return 'You were logged out (here or in another tab), so dictation stopped. Log in to continue.';
    case 'signed-in-elsewhere':
      return 'Dictation stopped: you signed in somewhere else. Log in again here to continue.';
    case 'session-expired':
      return 'Your session expired, so dictation stopped. Log in again to continue.';
    case 'server-heard-nothing':
      return 'The dictation service stopped hearing from this page (keep-alive timeout). Log in again to continue.';
    case 'session-terminated':
      return 'The server ended your session, so dictation stopped. Log in again to continue.';
    case 'service-restarting':
      return 'The dictation service is restarting. Log in again in a moment to continue.';
    case 'internal-error':
      return 'The dictation service had an internal error and closed the connection. Log in again to continue.';
    case 'message-too-big':
      return 'The dictation service closed the connection: a message was too large. Log in again to continue.';
    case 'keepalive-timeout':
      return `Connection lost: the dictation service did not answer within ${detail.timeoutSeconds ?? 5} seconds. Check your network, then log in again.`;
    case 'recording-timeout':
      return `Connection lost: the dictation service stopped answering while you were dictating (nothing for ${detail.recordingTimeoutSeconds ?? 3} seconds). Check your network, then log in again.`;
    case 'page-left':
      return 'Your session ended while this page was closed or away, so dictation stopped. Log in again to continue.';
    case 'connection-lost':
      return 'Connection to the dictation service was lost. Log in again when it is back.';
    case 'not-reading':
      return 'The dictation service closed the connection because this page stopped taking its messages (the page was too busy or the network too slow). Log in again to continue.';
    case 'rate-exceeded':
      return 'The dictation service closed the connection because this page sent far more than it allows. Log in again to continue; if it happens again, tell your administrator.';
    case 'too-many-connections':
      return 'Dictation is open in too many tabs or bars for this session (or from this network). Close some of them, then press Retry.';
    case 'offline':
      // Said again when the network comes back, so the sentence stays true.
      return detail.online
        ? 'You were offline, so dictation stopped. The network is back: log in again to continue.'
        : 'You are offline, so dictation stopped. Log in again when you are back online.';
    case 'connection-refused':
      return 'Cannot reach the dictation service. Check that it is running, then retry.';
    case 'unauthorized':
      return 'The dictation service refused the connection because your session is no longer valid (401). Log in again.';
    case 'connection-rejected':
      return 'The dictation service refused the connection. Ask your administrator to allow this site.';
    case 'session-service-unavailable':
      return 'The session service is unavailable for a moment. Nobody was logged out: dictation reconnects by itself when it is back.';
    case 'closed':
      return `The connection to the dictation service closed unexpectedly (code ${detail.code ?? 'unknown'}). Log in again to continue.`;
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

export function recordingProblemMessage(problem: RecordingProblem): string {
  switch (problem) {
    case 'mic-denied':
      return 'Microphone access was denied. Allow the microphone for this site (the icon in the address bar), then press Dictate again.';
    case 'mic-not-found':
      return 'No microphone was found. Connect one, then press Dictate again.';
    case 'mic-busy':
      return 'The microphone could not be started: another application may be using it.';
    case 'mic-unplugged':
      return 'The microphone was disconnected, so recording stopped. What was recognised before was kept.';
    case 'mic-insecure':
      return 'The microphone only works on a secure page (https).';
    case 'mic-unsupported':
      return 'This browser cannot record audio here.';
    case 'mic-failed':
      return 'The microphone could not be started.';
    case 'no-target':
      return 'Click into the text field you want to dictate into, then press Dictate.';
    case 'recognizer-unavailable':
      return 'Speech recognition is not available on the server. Ask your administrator.';
    case 'recognizer-busy':
      return 'Every speech recognizer on the server is busy. Try again in a moment.';
    case 'recognizer-failed':
      return 'The speech recognizer failed, so recording stopped. What it had recognised was kept.';
    case 'recording-limit':
      return 'Recording stopped: it reached the longest recording the server allows. Press Dictate to continue.';
    case 'kept-limit':
      return `Recording stopped: ${Math.round(MAX_KEPT_SECONDS / 60)} minutes of speech are kept on this device, the most it records without a connection. They will be transcribed after you log in again.`;
    case 'audio-rejected':
      return 'The dictation service could not use the audio from this browser.';
    case 'too-many-recordings':
      return 'You are already dictating in other tabs or bars, as many as the server allows at once. Stop one of them, then press Dictate here.';
  }
}
