import type { Phrase } from '../shared/localize.js';
import type { SessionEndReason } from '../shared/session-context.js';

/** What the login panel says about how the previous session ended. */
export const END_MESSAGES: Record<SessionEndReason, Phrase> = {
  LOGGED_OUT: ['endLoggedOut'],
  SESSION_EXPIRED: ['endExpired'],
  SESSION_REPLACED: ['endReplaced'],
  SESSION_TERMINATED: ['endTerminated'],
  KEEPALIVE_TIMEOUT: ['endKeepAliveTimeout'],
  PAGE_LEFT: ['endPageLeft'],
  CONNECTION_LOST: ['endConnectionLost'],
  SERVICE_RESTARTING: ['endServiceRestarting'],
};

/** The login was answered, but the browser refused its cookie. */
export const COOKIE_BLOCKED = 'COOKIE_BLOCKED';

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
