import { ErrorCode } from '../protocol/index.js';

/** A failure the client caused or can act on: it becomes `{ error: { code, message } }` with `statusCode`. */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Seconds a client is told to wait when the session store is unreachable (it reconnects by itself). */
export const STORE_RETRY_AFTER_SECONDS = 2;

/** The shared session store is unreachable: a 503 with its own code, never a logout. */
export class StoreUnavailableError extends AppError {
  override name = 'StoreUnavailableError';

  constructor(readonly reason: unknown) {
    super(
      503,
      ErrorCode.SessionStoreUnavailable,
      'The session service is unavailable for a moment. Nobody was logged out; try again in a few seconds.',
    );
  }
}
