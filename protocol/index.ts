/**
 * The wire protocol between `<dictation-bar>` / `<session-manager>` and the server.
 * Defined once here and imported by both sides, so a code can never mean two things.
 */

/** Path of the dictation WebSocket, relative to the API base (`/api`). */
export const DICTATION_SOCKET_PATH = '/dictation';

/** Largest frame the server accepts; a bigger one closes the socket with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** The only audio format: 16 kHz, mono, signed 16-bit little-endian PCM, in binary frames after `start`. */
export const AUDIO_SAMPLE_RATE = 16_000;
export const AUDIO_ENCODING = 'pcm_s16le';
/** Clients send ~100 ms per frame; a frame of more than one second of audio is refused (error, socket open). */
export const MAX_AUDIO_FRAME_BYTES = AUDIO_SAMPLE_RATE * 2;
/**
 * While a recording runs, the server says `audio-ack` each time another this many samples (one second) have arrived,
 * so a client that streams audio hears from the server at least once a second and can tell a silent link from a
 * quiet speaker without waiting for a keep-alive.
 */
export const AUDIO_ACK_EVERY_SAMPLES = AUDIO_SAMPLE_RATE;

/**
 * Flow control for audio: a client sends at most this many samples beyond the last `audio-ack`'s `received`. A live
 * recording never comes near it (acks follow every second); a replay after an outage is paced by the server's
 * acknowledgements instead of filling the socket, so keep-alives never queue behind minutes of audio.
 */
export const AUDIO_SEND_WINDOW_SAMPLES = 4 * AUDIO_SAMPLE_RATE;

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

/** Body of every HTTP error. */
export interface ErrorBody {
  error: { code: ErrorCode | string; message: string };
}

/** `POST /api/auth/login` 200 body. Times are ISO 8601 strings. */
export interface LoginResponse {
  user: string;
  expiresAt: string;
  lastActivityAt: string;
  serverTime: string;
  idleTimeoutSeconds: number | null;
}

/** `GET /api/auth/session-status` 200 body. */
export interface SessionStatusResponse {
  user: string;
  expiresAt: string;
  lastActivityAt: string;
  serverTime: string;
  /** The server's idle timeout (null in single-user mode): a page clamps its warning threshold to it. */
  idleTimeoutSeconds: number | null;
}

/** `POST /api/auth/extend-session` 200 body. */
export interface ExtendSessionResponse {
  expiresAt: string;
  serverTime: string;
}

export enum MessageType {
  KeepAlive = 'keepalive',
  KeepAliveAck = 'keepalive-ack',
  Error = 'error',
  Start = 'start',
  Stop = 'stop',
  Started = 'started',
  Partial = 'partial',
  Final = 'final',
  Stopped = 'stopped',
  AudioAck = 'audio-ack',
}

/** Client -> server: "are you there?". `id` is echoed back in the ack. */
export interface KeepAliveMessage {
  type: MessageType.KeepAlive;
  id: number;
}

/** Server -> client, sent at once on receipt of a keep-alive. */
export interface KeepAliveAckMessage {
  type: MessageType.KeepAliveAck;
  id: number;
}

/** Server -> client: the last message could not be handled. The socket stays open. */
export interface ErrorMessage {
  type: MessageType.Error;
  code: ErrorCode;
  message: string;
}

/** Client -> server: a recording starts; binary PCM frames follow. */
export interface StartMessage {
  type: MessageType.Start;
  sampleRate: typeof AUDIO_SAMPLE_RATE;
  encoding: typeof AUDIO_ENCODING;
}

/** Client -> server: the recording ends; the server sends the last `final` (if any), then `stopped`. */
export interface StopMessage {
  type: MessageType.Stop;
}

/** Server -> client: the recognizer took the recording; audio is being decoded. */
export interface StartedMessage {
  type: MessageType.Started;
}

/** Server -> client: the current guess for the utterance in progress. Replaces the previous partial. */
export interface PartialMessage {
  type: MessageType.Partial;
  text: string;
}

/**
 * Server -> client: an utterance's text, final. Empty text clears a partial that came to nothing. `through`: samples
 * of this recording's audio, counted from `start`, that the text accounts for: everything before it is transcribed
 * (or was silence), so the client may forget that audio. The last final before `stopped` covers all audio received.
 */
export interface FinalMessage {
  type: MessageType.Final;
  text: string;
  through: number;
  /**
   * Present when the recording ended while someone was still speaking (`stop`, or the server ended it), so the
   * text may end mid-word. A client that keeps its audio may prefer to transcribe that utterance again, whole.
   */
  cut?: true;
}

/** Server -> client: `received` samples of this recording's audio have arrived (sent every second of audio). */
export interface AudioAckMessage {
  type: MessageType.AudioAck;
  received: number;
}

/**
 * Server -> client: the recording is over and every `final` has been sent. `reason`: `stop` (the client asked),
 * `limit` (MAX_RECORDING_MINUTES reached), `error` (the recognizer failed), `session-ended` (logout, expiry,
 * replaced: the socket closes next), `shutdown` (the service is restarting: the socket closes next).
 */
export interface StoppedMessage {
  type: MessageType.Stopped;
  reason: StopReason;
}

export type StopReason = 'stop' | 'limit' | 'error' | 'session-ended' | 'shutdown';
const STOP_REASONS: readonly string[] = ['stop', 'limit', 'error', 'session-ended', 'shutdown'];

export type ClientMessage = KeepAliveMessage | StartMessage | StopMessage;
export type ServerMessage =
  | KeepAliveAckMessage
  | ErrorMessage
  | StartedMessage
  | PartialMessage
  | FinalMessage
  | StoppedMessage
  | AudioAckMessage;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: ErrorMessage };

function errorMessage(code: ErrorCode, message: string): ErrorMessage {
  return { type: MessageType.Error, code, message };
}

const isSampleCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a client text frame. Never throws: bad input becomes an `error` message to send back. */
export function parseClientMessage(text: string): ParseResult<ClientMessage> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: errorMessage(ErrorCode.MalformedMessage, 'Messages must be JSON objects.') };
  }
  if (!isRecord(value) || typeof value['type'] !== 'string') {
    return { ok: false, error: errorMessage(ErrorCode.MalformedMessage, 'Messages need a string "type".') };
  }
  switch (value['type']) {
    case MessageType.KeepAlive: {
      const id = value['id'];
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
        return {
          ok: false,
          error: errorMessage(ErrorCode.MalformedMessage, 'A keepalive needs a non-negative integer "id".'),
        };
      }
      return { ok: true, message: { type: MessageType.KeepAlive, id } };
    }
    case MessageType.Start: {
      if (value['sampleRate'] !== AUDIO_SAMPLE_RATE || value['encoding'] !== AUDIO_ENCODING) {
        return {
          ok: false,
          error: errorMessage(
            ErrorCode.UnsupportedAudioFormat,
            `Only {"sampleRate":${AUDIO_SAMPLE_RATE},"encoding":"${AUDIO_ENCODING}"} audio is accepted.`,
          ),
        };
      }
      return { ok: true, message: { type: MessageType.Start, sampleRate: AUDIO_SAMPLE_RATE, encoding: AUDIO_ENCODING } };
    }
    case MessageType.Stop:
      return { ok: true, message: { type: MessageType.Stop } };
    default:
      return {
        ok: false,
        error: errorMessage(ErrorCode.UnknownMessage, `Unknown message type "${String(value['type']).slice(0, 40)}".`),
      };
  }
}

/** Parses a server text frame on the client. Anything unexpected is `undefined`, never a throw. */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  if (value['type'] === MessageType.KeepAliveAck && typeof value['id'] === 'number') {
    return { type: MessageType.KeepAliveAck, id: value['id'] };
  }
  switch (value['type']) {
    case MessageType.Started:
      return { type: MessageType.Started };
    case MessageType.Partial:
      return typeof value['text'] === 'string' ? { type: MessageType.Partial, text: value['text'] } : undefined;
    case MessageType.Final:
      if (typeof value['text'] !== 'string' || !isSampleCount(value['through'])) return undefined;
      return value['cut'] === true
        ? { type: MessageType.Final, text: value['text'], through: value['through'], cut: true }
        : { type: MessageType.Final, text: value['text'], through: value['through'] };
    case MessageType.AudioAck:
      return isSampleCount(value['received']) ? { type: MessageType.AudioAck, received: value['received'] } : undefined;
    case MessageType.Stopped:
      return typeof value['reason'] === 'string' && STOP_REASONS.includes(value['reason'])
        ? { type: MessageType.Stopped, reason: value['reason'] as StopReason }
        : undefined;
  }
  if (value['type'] === MessageType.Error && typeof value['code'] === 'string') {
    return {
      type: MessageType.Error,
      code: value['code'] as ErrorCode,
      message: typeof value['message'] === 'string' ? value['message'] : '',
    };
  }
  return undefined;
}
