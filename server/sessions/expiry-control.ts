import { ErrorCode } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import type { SessionService } from './session-service.js';
import type { SessionRecord, SessionStore } from './session-store.js';

/**
 * Fault injection for the demo and the tests ("expire in 30 s"): the stores built here can move a session's expiry,
 * but it is not part of what a store must do, so it lives beside the stores instead of in `SessionStore`.
 */
export interface ExpiryControl {
  /** Sets a live session's expiry (and with `absolute`, its absolute timeout) to `expiresAt`. */
  setExpiry(id: string, expiresAt: number, absolute: boolean, now: number): Promise<SessionRecord | undefined>;
}

function expiryControlOf(store: SessionStore): ExpiryControl | null {
  const control = store as SessionStore & Partial<ExpiryControl>;
  return typeof control.setExpiry === 'function' ? (control as ExpiryControl) : null;
}

/** The session expires `inMs` from now; `absolute` also moves its absolute timeout there. */
export async function expireIn(sessions: SessionService, id: string, inMs: number, absolute = false): Promise<SessionRecord> {
  const control = expiryControlOf(sessions.store);
  if (!control) throw new AppError(501, ErrorCode.NotSupported, 'This session store cannot move an expiry.');
  await sessions.require(id);
  const now = sessions.clock();
  return (await control.setExpiry(id, now + inMs, absolute, now)) ?? sessions.require(id);
}
