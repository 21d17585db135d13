import type { SessionEndReason } from '../shared/session-context.js';

/** What the login panel says about how the previous session ended. */
export const END_MESSAGES: Record<SessionEndReason, string> = {
  LOGGED_OUT: 'You were logged out in another tab or window. Please log in again.',
  SESSION_EXPIRED: 'Session expired. Please log in again.',
  SESSION_REPLACED: 'You logged in somewhere else, so this session ended. Log in again to continue here.',
  SESSION_TERMINATED: 'The server ended your session. Please log in again.',
  KEEPALIVE_TIMEOUT:
    'The dictation service stopped hearing from this page (keep-alive timeout), so your session ended. Please log in again.',
  PAGE_LEFT: 'Your session ended while this page was closed or away. Please log in again.',
  CONNECTION_LOST: 'The connection to the dictation service was lost, so your session ended. Please log in again.',
  SERVICE_RESTARTING: 'The dictation service restarted, so your session ended. Please log in again.',
};

/** The login was answered, but the browser refused its cookie. */
export const COOKIE_BLOCKED = 'COOKIE_BLOCKED';
export const COOKIE_BLOCKED_MESSAGE =
  "Your browser refused the dictation service's login cookie, so you cannot stay logged in on this page. Ask your IT team: the page and the dictation service must be on the same site.";

/** After the user's own "Log out". */
export const LOGGED_OUT_HERE = 'You have logged out.';

/** Maps a 401 error code to the reason the session ended. */
export function reasonForErrorCode(code: string): SessionEndReason {
  switch (code) {
    case 'SESSION_EXPIRED':
    case 'SESSION_REPLACED':
    case 'SESSION_TERMINATED':
    case 'KEEPALIVE_TIMEOUT':
    case 'PAGE_LEFT':
    case 'CONNECTION_LOST':
      return code;
    default:
      return 'LOGGED_OUT';
  }
}
