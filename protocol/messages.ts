/** The dictation socket's messages, both ways, and their parsers (which never throw). */
import { AUDIO_ENCODING, AUDIO_SAMPLE_RATE } from './audio.js';
import { ErrorCode } from './error-codes.js';
import { parseFormatOptions, type FormatOptions } from './formatting.js';
import { parseCommandOptions, type CommandOptions, type RecognisedCommand } from './voice-commands.js';

/** Path of the dictation WebSocket, relative to the API base (`/api`). */
export const DICTATION_SOCKET_PATH = '/dictation';

/** Largest frame the server accepts; a bigger one closes the socket with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;

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
  Vocabulary = 'vocabulary',
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

/**
 * Client -> server: a recording starts; binary PCM frames follow. `format`: how this page wants numbers, dates and
 * times written (over the deployment's FORMAT_* settings). `commands`: the voice commands it runs (`{}`: the built-in
 * ones; `false` or absent: none, every utterance is text).
 */
export interface StartMessage {
  type: MessageType.Start;
  sampleRate: typeof AUDIO_SAMPLE_RATE;
  encoding: typeof AUDIO_ENCODING;
  format?: Partial<FormatOptions>;
  commands?: CommandOptions | false;
}

/**
 * Client -> server: the recording ends; the server sends the last `final` (if any), then `stopped`. `endSentence`:
 * the clinician stopped (with `sentences: 'pause'` the last sentence gets its full stop); absent when the page stops
 * a stream it will carry on later (kept audio, an expiring session), where no sentence has ended.
 */
export interface StopMessage {
  type: MessageType.Stop;
  endSentence?: true;
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
  /**
   * Milliseconds of silence between the audio the previous final covered and this utterance's speech (absent on a
   * recording's first utterance): a long pause may end a sentence.
   */
  pause?: number;
  /** Other hypotheses for the utterance (up to 5, best first), written as `text` is but without a sentence's full stop. */
  alternatives?: string[];
  /** The recognizer's words (as spoken, unformatted) and the samples of this recording each spans: for correction. */
  words?: TimedWord[];
  /** The utterance was a voice command (its `text` is then empty): the client runs it instead of writing it. */
  command?: RecognisedCommand;
  /**
   * The utterance may have been "choose <n>" (one of its alternatives says so, though its best reading is dictation:
   * "choose two" and "she is due" sound alike). A choice means something only while a list is open, and only the client
   * knows that: with a list open it runs this command and writes nothing; otherwise it writes `text`.
   */
  choice?: RecognisedCommand;
}

export interface TimedWord {
  word: string;
  /** Samples from the recording's start. */
  from: number;
  to: number;
}

/**
 * The command a final asks the client to run: its `command`, or its `choice` when `canChoose(n)` (a list with item n
 * is open); otherwise none, and its text is written.
 */
export function finalCommand(final: FinalMessage, canChoose: (n: number) => boolean): RecognisedCommand | undefined {
  return final.command ?? (final.choice && canChoose(final.choice.n ?? 0) ? final.choice : undefined);
}

/** Server -> client: `received` samples of this recording's audio have arrived (sent every second of audio). */
export interface AudioAckMessage {
  type: MessageType.AudioAck;
  received: number;
}

/**
 * Server -> client: the user's own words (hers and her teams') are in force for this recording from its next
 * utterance: sent once a recording has them, and again after each change to them while it runs. `words`: phrases in
 * use; `skipped`: phrases that could not be (a word with no pronunciation), for the page to say so.
 */
export interface VocabularyMessage {
  type: MessageType.Vocabulary;
  words: number;
  skipped: string[];
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

/**
 * Why a recording stopped. `idle`: no audio came for the server's RECORDING_IDLE_SECONDS (a bar always sends, silence
 * included). One list for the type and the parser, so a reason cannot be sent that the client drops.
 */
export const STOP_REASONS = ['stop', 'limit', 'idle', 'error', 'session-ended', 'shutdown'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export type ClientMessage = KeepAliveMessage | StartMessage | StopMessage;
export type ServerMessage =
  | KeepAliveAckMessage
  | ErrorMessage
  | StartedMessage
  | PartialMessage
  | FinalMessage
  | StoppedMessage
  | AudioAckMessage
  | VocabularyMessage;

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
      const format = parseFormatOptions(value['format']);
      if (!format.ok) return { ok: false, error: errorMessage(ErrorCode.MalformedMessage, `${format.problem}; the recording did not start.`) };
      const message: StartMessage = { type: MessageType.Start, sampleRate: AUDIO_SAMPLE_RATE, encoding: AUDIO_ENCODING };
      if (Object.keys(format.options).length > 0) message.format = format.options;
      const commands = parseCommandOptions(value['commands']);
      if (!commands.ok) return { ok: false, error: errorMessage(ErrorCode.MalformedMessage, `${commands.problem}; the recording did not start.`) };
      if (commands.options !== false) message.commands = commands.options;
      return { ok: true, message };
    }
    case MessageType.Stop:
      return { ok: true, message: value['endSentence'] === true ? { type: MessageType.Stop, endSentence: true } : { type: MessageType.Stop } };
    default:
      return {
        ok: false,
        error: errorMessage(ErrorCode.UnknownMessage, `Unknown message type "${String(value['type']).slice(0, 40)}".`),
      };
  }
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
const isCommand = (value: unknown): value is RecognisedCommand =>
  isRecord(value) && typeof value['name'] === 'string' && typeof value['said'] === 'string' && ['words', 'n', 'text'].every((k) => value[k] === undefined || typeof value[k] === (k === 'n' ? 'number' : 'string'));

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
      return {
        type: MessageType.Final,
        text: value['text'],
        through: value['through'],
        ...(value['cut'] === true ? { cut: true as const } : {}),
        ...(isSampleCount(value['pause']) ? { pause: value['pause'] } : {}),
        ...(isStrings(value['alternatives']) ? { alternatives: value['alternatives'] } : {}),
        ...(isCommand(value['command']) ? { command: value['command'] } : {}),
        ...(isCommand(value['choice']) ? { choice: value['choice'] } : {}),
      };
    case MessageType.AudioAck:
      return isSampleCount(value['received']) ? { type: MessageType.AudioAck, received: value['received'] } : undefined;
    case MessageType.Vocabulary:
      return isSampleCount(value['words']) && isStrings(value['skipped'])
        ? { type: MessageType.Vocabulary, words: value['words'], skipped: value['skipped'] }
        : undefined;
    case MessageType.Stopped:
      return typeof value['reason'] === 'string' && (STOP_REASONS as readonly string[]).includes(value['reason'])
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
