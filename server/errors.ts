import type { ErrorCode } from '../protocol/index.js';

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
