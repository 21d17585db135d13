/** WebSocket close codes, why a session ended, and which code tells a socket about it. */

/** WebSocket close codes. 1xxx are defined by RFC 6455, 4xxx are ours. */
export enum CloseCode {
  /** The user logged out (here or in another tab). */
  LoggedOut = 4000,
  /** The same user logged in again elsewhere; this session was replaced. */
  SignedInElsewhere = 4001,
  /** The session reached its idle or absolute timeout. */
  SessionExpired = 4002,
  /** The server heard nothing (not even a keep-alive) for two intervals. */
  KeepAliveTimeout = 4003,
  /** The session was ended by the server for another reason. */
  SessionTerminated = 4004,
  /**
   * Sent by the page when it goes away (closed, navigated, or put in the back/forward cache): the server ends the
   * session after the socket grace unless a socket comes back.
   */
  PageLeft = 4005,
  /** The page did not read what the server sent (its send buffer passed the server's bound). */
  NotReading = 4006,
  /** Too many sockets for this session or from this address (MAX_SOCKETS_PER_SESSION, MAX_SOCKETS_PER_IP). */
  TooManyConnections = 4007,
  /**
   * The page sent far more than its allowance (messages past WS_MESSAGES_PER_SECOND, or audio past real time and its
   * burst) for longer than the socket could be slowed down: it ignores the flow control a bar follows.
   */
  RateExceeded = 4008,
  /** A frame larger than {@link MAX_FRAME_BYTES}. */
  MessageTooBig = 1009,
  /** The server failed; the socket cannot continue. */
  InternalError = 1011,
  /** The service is restarting or shutting down (graceful shutdown). */
  ServiceRestart = 1012,
  /** Closed without a close frame: the network or the server went away. */
  Abnormal = 1006,
  /** Normal closure, initiated by the client (e.g. the bar was removed). */
  Normal = 1000,
}

/** Why a session ended. Each has a 401 error code of the same name, except LOGGED_OUT. */
export enum EndReason {
  LoggedOut = 'LOGGED_OUT',
  Replaced = 'SESSION_REPLACED',
  Expired = 'SESSION_EXPIRED',
  Terminated = 'SESSION_TERMINATED',
  /** The server heard nothing from the session's last socket for two keep-alive intervals, then the grace passed. */
  KeepAliveTimeout = 'KEEPALIVE_TIMEOUT',
  /** The page using the session went away (closed, navigated, back/forward cache) and did not come back in the grace. */
  PageLeft = 'PAGE_LEFT',
  /** The session's last socket dropped without a word (network, crash) and none came back in the grace. */
  ConnectionLost = 'CONNECTION_LOST',
}

/** The close code sent to a session's sockets when the session ends for `reason`. */
export const CLOSE_CODE_FOR_END_REASON: Record<EndReason, CloseCode> = {
  [EndReason.LoggedOut]: CloseCode.LoggedOut,
  [EndReason.Replaced]: CloseCode.SignedInElsewhere,
  [EndReason.Expired]: CloseCode.SessionExpired,
  [EndReason.Terminated]: CloseCode.SessionTerminated,
  [EndReason.KeepAliveTimeout]: CloseCode.KeepAliveTimeout,
  [EndReason.PageLeft]: CloseCode.PageLeft,
  [EndReason.ConnectionLost]: CloseCode.SessionTerminated,
};

/** The reason text sent with each close code the server sends (for logs and devtools; the bar goes by the code). */
export const CLOSE_REASONS: Readonly<Partial<Record<number, string>>> = {
  [CloseCode.LoggedOut]: 'Logged out',
  [CloseCode.SignedInElsewhere]: 'Signed in elsewhere',
  [CloseCode.SessionExpired]: 'Session expired',
  [CloseCode.KeepAliveTimeout]: 'Keep-alive timeout',
  [CloseCode.SessionTerminated]: 'Session terminated',
  [CloseCode.PageLeft]: 'Page left',
  [CloseCode.NotReading]: 'Not reading',
  [CloseCode.TooManyConnections]: 'Too many connections',
  [CloseCode.RateExceeded]: 'Rate exceeded',
  [CloseCode.ServiceRestart]: 'Service restarting',
  [CloseCode.InternalError]: 'Internal error',
};
