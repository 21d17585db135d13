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
