import { CloseCode } from '../../protocol/index.js';
import { endReasonForErrorCode } from '../shared/end-reasons.js';
import type { Phrase, TermKey } from '../shared/localize.js';
import type { SessionEndReason } from '../shared/session-context.js';

/** Why the link is down; each has its own sentence in the status bar. */
export type LinkProblem =
  | 'logged-out'
  | 'signed-in-elsewhere'
  | 'session-expired'
  | 'server-heard-nothing'
  | 'session-terminated'
  | 'page-left'
  | 'service-restarting'
  | 'connection-lost'
  | 'internal-error'
  | 'message-too-big'
  | 'not-reading'
  | 'too-many-connections'
  | 'rate-exceeded'
  | 'keepalive-timeout'
  | 'recording-timeout'
  | 'offline'
  | 'connection-refused'
  | 'unauthorized'
  | 'connection-rejected'
  | 'session-service-unavailable'
  | 'closed';

/**
 * The one table of link problems: the status bar's sentence (a term), the session end it means for
 * `<session-manager>`, and the close code that announces it, if one does. A new close code is a line here, its entry
 * in `protocol/close-codes.ts` and its sentence in the translations. The first problem of each end reason is the one
 * shown for a session the server says ended that way.
 */
const PROBLEMS: Readonly<Record<LinkProblem, readonly [TermKey, SessionEndReason, CloseCode?]>> = {
  'logged-out': ['linkLoggedOut', 'LOGGED_OUT', CloseCode.LoggedOut],
  'signed-in-elsewhere': ['linkSignedInElsewhere', 'SESSION_REPLACED', CloseCode.SignedInElsewhere],
  'session-expired': ['linkExpired', 'SESSION_EXPIRED', CloseCode.SessionExpired],
  'server-heard-nothing': ['linkServerHeardNothing', 'KEEPALIVE_TIMEOUT', CloseCode.KeepAliveTimeout],
  'session-terminated': ['linkTerminated', 'SESSION_TERMINATED', CloseCode.SessionTerminated],
  'page-left': ['linkPageLeft', 'PAGE_LEFT', CloseCode.PageLeft],
  'service-restarting': ['linkRestarting', 'SERVICE_RESTARTING', CloseCode.ServiceRestart],
  'connection-lost': ['linkLost', 'CONNECTION_LOST'],
  'internal-error': ['linkInternalError', 'CONNECTION_LOST', CloseCode.InternalError],
  'message-too-big': ['linkMessageTooBig', 'CONNECTION_LOST', CloseCode.MessageTooBig],
  'not-reading': ['linkNotReading', 'CONNECTION_LOST', CloseCode.NotReading],
  'too-many-connections': ['linkTooManyConnections', 'CONNECTION_LOST', CloseCode.TooManyConnections],
  'rate-exceeded': ['linkRateExceeded', 'CONNECTION_LOST', CloseCode.RateExceeded],
  'keepalive-timeout': ['linkKeepAliveTimeout', 'CONNECTION_LOST'],
  'recording-timeout': ['linkRecordingTimeout', 'CONNECTION_LOST'],
  offline: ['linkOffline', 'CONNECTION_LOST'],
  'connection-refused': ['linkRefused', 'CONNECTION_LOST'],
  unauthorized: ['linkUnauthorized', 'SESSION_TERMINATED'],
  'connection-rejected': ['linkRejected', 'CONNECTION_LOST'],
  'session-service-unavailable': ['linkStoreUnavailable', 'CONNECTION_LOST'],
  closed: ['linkClosed', 'CONNECTION_LOST'],
};

const entries = Object.entries(PROBLEMS) as [LinkProblem, (typeof PROBLEMS)[LinkProblem]][];

/** The problem a close code announces. 1006 carries none: `online` (the browser's view of the network) decides. */
export function problemForCloseCode(code: number, online: boolean): LinkProblem {
  if (code === CloseCode.Abnormal) return online ? 'connection-lost' : 'offline';
  return entries.find(([, [, , close]]) => close === code)?.[0] ?? 'closed';
}

/** The status bar's sentence for each problem. `timeoutSeconds` is the keep-alive timeout in force. */
export function problemMessage(
  problem: LinkProblem,
  detail: { code?: number | null; timeoutSeconds?: number; recordingTimeoutSeconds?: number; online?: boolean } = {},
): Phrase {
  switch (problem) {
    case 'keepalive-timeout':
      return ['linkKeepAliveTimeout', detail.timeoutSeconds ?? 5];
    case 'recording-timeout':
      return ['linkRecordingTimeout', detail.recordingTimeoutSeconds ?? 3];
    case 'offline':
      // Said again when the network comes back, so the sentence stays true.
      return detail.online ? ['linkOfflineBack'] : ['linkOffline'];
    case 'closed':
      return ['linkClosed', String(detail.code ?? '?')];
  }
  return [PROBLEMS[problem][0]] as unknown as Phrase;
}

/** The session end reason a lost link means for `<session-manager>`. */
export function endReasonForProblem(problem: LinkProblem): SessionEndReason {
  return PROBLEMS[problem][1];
}

/** The status bar's problem for a session that the server says has ended (asked after a freeze or a restore). */
export function problemForEndReason(reason: SessionEndReason): LinkProblem {
  return entries.find(([, [, end]]) => end === reason)![0];
}

/** The status bar's problem for a 401 code from the server (the session ended), or `null` for another answer. */
export function problemForErrorCode(code: string): LinkProblem | null {
  const reason = endReasonForErrorCode(code);
  return reason && problemForEndReason(reason);
}
