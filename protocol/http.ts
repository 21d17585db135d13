import type { ErrorCode } from './error-codes.js';

/** Body of every HTTP error. */
export interface ErrorBody {
  error: { code: ErrorCode | string; message: string };
}

/**
 * The 200 body of `POST /api/auth/login` and `GET /api/auth/session-status`: the session and its times (ISO 8601).
 * `expiresAt` is null when the session never expires (single-user mode).
 */
export interface SessionResponse {
  user: string;
  expiresAt: string | null;
  lastActivityAt: string;
  serverTime: string;
  /** The server's idle timeout (null in single-user mode): a page clamps its warning threshold to it. */
  idleTimeoutSeconds: number | null;
}

/** `POST /api/auth/extend-session` 200 body. */
export interface ExtendSessionResponse {
  expiresAt: string | null;
  serverTime: string;
}

/**
 * `GET /api/auth/journal-key` 200 body: the key (32 bytes, base64url) under which the bar keeps this user's dictation
 * on the device. Only a live session gets it; the same user gets the same key at every login.
 */
export interface JournalKeyResponse {
  key: string;
}
