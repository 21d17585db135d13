import { ErrorCode, SESSION_ERROR_CODES } from '../../protocol/index.js';
import type { SessionEndReason } from './session-context.js';

/**
 * The session end a server error code means: the 401 session codes are the end reasons' names, except "no session at
 * all", which is a logout (here or elsewhere). `null` for a code that is not about the session.
 */
export function endReasonForErrorCode(code: string): SessionEndReason | null {
  if (!SESSION_ERROR_CODES.includes(code as ErrorCode)) return null;
  return code === ErrorCode.NotAuthenticated ? 'LOGGED_OUT' : (code as SessionEndReason);
}
