/** Stable error codes of `{ error: { code, message } }` bodies and socket `error` messages. */
export enum ErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  NotAuthenticated = 'NOT_AUTHENTICATED',
  SessionExpired = 'SESSION_EXPIRED',
  SessionReplaced = 'SESSION_REPLACED',
  SessionTerminated = 'SESSION_TERMINATED',
  KeepAliveTimeout = 'KEEPALIVE_TIMEOUT',
  PageLeft = 'PAGE_LEFT',
  ConnectionLost = 'CONNECTION_LOST',
  ValidationError = 'VALIDATION_ERROR',
  ForbiddenOrigin = 'FORBIDDEN_ORIGIN',
  RateLimited = 'RATE_LIMITED',
  NotFound = 'NOT_FOUND',
  /** A request Node or Fastify could not parse (malformed HTTP, bad URL encoding). */
  BadRequest = 'BAD_REQUEST',
  HeadersTooLarge = 'HEADERS_TOO_LARGE',
  /** A list (a user's or a team's words, auto-texts) is full: nothing was added. */
  LimitReached = 'LIMIT_REACHED',
  /** A team member, not one of its admins, tried to change the team's words or auto-texts. */
  NotTeamAdmin = 'NOT_TEAM_ADMIN',
  RequestTimeout = 'REQUEST_TIMEOUT',
  InternalError = 'INTERNAL_ERROR',
  MalformedMessage = 'MALFORMED_MESSAGE',
  UnknownMessage = 'UNKNOWN_MESSAGE',
  /** No engine or no model on the server. */
  RecognizerUnavailable = 'RECOGNIZER_UNAVAILABLE',
  /** Every decoder is taken. */
  RecognizerBusy = 'RECOGNIZER_BUSY',
  /** The decoder failed mid-stream; what it had recognised was sent. */
  RecognizerFailed = 'RECOGNIZER_FAILED',
  UnsupportedAudioFormat = 'UNSUPPORTED_AUDIO_FORMAT',
  /** Audio arrived with no recording started; it was dropped. */
  NotRecording = 'NOT_RECORDING',
  AlreadyRecording = 'ALREADY_RECORDING',
  /** A binary frame that is not whole 16-bit samples, or more than a second of audio. */
  BadAudioFrame = 'BAD_AUDIO_FRAME',
  /** The user already has MAX_RECORDINGS_PER_USER recordings running (other tabs or bars). */
  TooManyRecordings = 'TOO_MANY_RECORDINGS',
  /** The socket sends messages faster than WS_MESSAGES_PER_SECOND: its messages wait their turn. Said once a burst. */
  TooManyMessages = 'TOO_MANY_MESSAGES',
  /** The server cannot do this (a dev control this server or its store does not offer). */
  NotSupported = 'NOT_SUPPORTED',
  /** Too many failed logins (this account, or this address); `Retry-After` says when to try again. */
  LoginThrottled = 'LOGIN_THROTTLED',
  /**
   * 503: the shared session store (Redis) cannot be reached for a moment. Nobody is logged out by it: sessions and
   * open sockets carry on; logins and status checks work again when it is back (`Retry-After`).
   */
  SessionStoreUnavailable = 'SESSION_STORE_UNAVAILABLE',
}

/** The 401 codes: the session is gone and only a new login helps. */
export const SESSION_ERROR_CODES: readonly ErrorCode[] = [
  ErrorCode.NotAuthenticated,
  ErrorCode.SessionExpired,
  ErrorCode.SessionReplaced,
  ErrorCode.SessionTerminated,
  ErrorCode.KeepAliveTimeout,
  ErrorCode.PageLeft,
  ErrorCode.ConnectionLost,
];
