import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  AUDIO_ENCODING,
  AUDIO_SAMPLE_RATE,
  CloseCode,
  MessageType,
  parseServerMessage,
  type AudioAckMessage,
  type CommandOptions,
  type ErrorMessage,
  type FormatOptions,
  type FinalMessage,
  type PartialMessage,
  type StartedMessage,
  type StoppedMessage,
} from '../../protocol/index.js';
import { backgroundSafeTimers, nextTask, TimerGroup, type Timers } from '../shared/timers.js';
import { problemForCloseCode, type LinkProblem } from './link-problems.js';

/** How often the link is probed while the browser reports being offline. */
const OFFLINE_PROBE_MS = 2000;

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'lost' | 'failed';

export interface ConnectionCallbacks {
  /** The state changed; `problem` is set for `lost` (the link was up) and `failed` (it never came up). */
  onStateChange(state: ConnectionState, problem: LinkProblem | null, code: number | null): void;
  /** The server could not handle a message; the link stays up. */
  onServerError(error: ErrorMessage): void;
  /** A recording's progress: started, audio acknowledged, partial and final text, stopped. */
  onRecognition(message: RecognitionMessage): void;
}

export type RecognitionMessage = StartedMessage | AudioAckMessage | PartialMessage | FinalMessage | StoppedMessage;

export interface KeepAliveTiming {
  intervalMs: number;
  timeoutMs: number;
  /** While recording: how long a sent message may go without anything coming back before the link is lost. */
  recordingTimeoutMs: number;
}

/**
 * The dictation socket and its request/reply keep-alive. A keep-alive goes out on open and then `intervalMs` after
 * each ack; no ack within `timeoutMs` means the link is lost: the socket is closed and the host is told.
 * Deadlines run on background-safe timers and are re-checked against real elapsed time when the tab becomes
 * visible, so a throttled hidden tab neither misses a loss nor reports a false one.
 *
 * While recording, a whole keep-alive interval is too long to notice a dead link: every second of audio is
 * acknowledged by the server, so when a recording message (start, audio, stop) has gone `recordingTimeoutMs`
 * without anything at all coming back, the link is lost too (`recording-timeout`).
 */
export class DictationConnection implements ReactiveController {
  state: ConnectionState = 'idle';
  /** Round trip of the last acknowledged keep-alive, in ms. */
  lastRoundTripMs: number | null = null;

  #socket: WebSocket | null = null;
  #opened = false;
  #nextId = 1;
  #outstanding: { id: number; sentAt: number } | null = null;
  #lastSentAt = 0;
  /** When the oldest recording message that nothing has answered yet was sent. */
  #unansweredSince: number | null = null;
  #watchdog: number | null = null;
  readonly #timers: Timers = backgroundSafeTimers();
  /** The keep-alive's timers: the next one, and the ack's deadline. */
  readonly #keepAlive = new TimerGroup();

  readonly #timing: () => KeepAliveTiming;
  readonly #callbacks: ConnectionCallbacks;

  constructor(
    host: ReactiveControllerHost,
    timing: () => KeepAliveTiming,
    callbacks: ConnectionCallbacks,
  ) {

    this.#timing = timing;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  open(url: string): void {
    this.close();
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      this.#setState('failed', 'connection-refused', null);
      return;
    }
    this.#socket = socket;
    this.#opened = false;
    this.#setState('connecting', null, null);
    socket.onopen = () => {
      this.#opened = true;
      this.#setState('ready', null, null);
      this.#sendKeepAlive();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      this.#unansweredSince = null; // the server is there
      const message = parseServerMessage(event.data);
      if (!message) return;
      if (message.type === MessageType.KeepAliveAck) this.#onAck(message.id);
      else if (message.type === MessageType.Error) this.#callbacks.onServerError(message);
      // `vocabulary` (the user's own words are in force) changes nothing in a recording.
      else if (message.type !== MessageType.Vocabulary) this.#callbacks.onRecognition(message);
    };
    socket.onclose = (event: CloseEvent) => {
      if (socket !== this.#socket) return; // a socket we already let go of
      this.#release();
      // Too many sockets: the session is fine, this bar just has no link; Retry once another tab let go.
      if (event.code === CloseCode.TooManyConnections) this.#setState('failed', 'too-many-connections', event.code);
      else if (this.#opened) this.#setState('lost', problemForCloseCode(event.code, navigator.onLine), event.code);
      else this.#setState('failed', navigator.onLine ? 'connection-refused' : 'offline', event.code);
    };
    document.addEventListener('visibilitychange', this.#onVisible);
    window.addEventListener('offline', this.#onOffline);
  }

  /**
   * Closes on purpose (the session ended, the bar was removed or reset, the page is leaving: `CloseCode.PageLeft`).
   * Reports `idle`, never a loss.
   */
  close(code: number = CloseCode.Normal, reason = 'Closed by the page'): void {
    if (this.#socket) {
      const socket = this.#socket;
      this.#release();
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) {
        socket.close(code, reason);
      }
    }
    if (this.state !== 'idle') this.#setState('idle', null, null);
  }

  /**
   * The page ran again after a freeze: the deadlines that were running are meaningless (no timer ran, no message
   * was handled), so judge the link afresh with a new keep-alive instead of declaring a loss from stale timers.
   */
  probe(): void {
    if (this.state !== 'ready') return;
    this.#keepAlive.clear();
    this.#outstanding = null;
    if (this.#unansweredSince !== null) this.#unansweredSince = performance.now();
    this.#sendKeepAlive();
  }

  /**
   * Starts a recording on the server, its text written as `format` asks, with these voice `commands` (false: none);
   * audio frames may follow at once.
   */
  startRecording(format: Partial<FormatOptions> = {}, commands: CommandOptions | false = false): boolean {
    return this.#sendExpectingReply(JSON.stringify({ type: MessageType.Start, sampleRate: AUDIO_SAMPLE_RATE, encoding: AUDIO_ENCODING, format, commands }));
  }

  sendAudio(pcm: ArrayBufferView | ArrayBuffer): boolean {
    return this.#sendExpectingReply(pcm);
  }

  /** `endSentence`: the clinician stopped (not the page pausing a stream it will carry on). */
  stopRecording(endSentence = false): boolean {
    // `undefined` is left out of the JSON: a plain stop is `{"type":"stop"}`.
    return this.#sendExpectingReply(JSON.stringify({ type: MessageType.Stop, endSentence: endSentence || undefined }));
  }

  /** Sends a recording message; the server must answer something within `recordingTimeoutMs`. */
  #sendExpectingReply(data: string | ArrayBufferView | ArrayBuffer): boolean {
    if (this.state !== 'ready' || this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(data);
    if (this.#unansweredSince === null) {
      this.#unansweredSince = performance.now();
      if (this.#watchdog === null) this.#armWatchdog(this.#timing().recordingTimeoutMs);
    }
    return true;
  }

  #armWatchdog(ms: number): void {
    this.#watchdog = this.#timers.setTimeout(() => void this.#checkWatchdog(), ms);
  }

  async #checkWatchdog(): Promise<void> {
    this.#watchdog = null;
    await nextTask(); // a message already queued answers it
    if (this.#unansweredSince === null || !this.#socket) return;
    const left = this.#unansweredSince + this.#timing().recordingTimeoutMs - performance.now();
    if (left > 0) this.#armWatchdog(left);
    else this.#declareLost('recording-timeout');
  }


  hostDisconnected(): void {
    this.close();
  }

  #sendKeepAlive = () => {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const id = this.#nextId++;
    const sentAt = performance.now();
    this.#outstanding = { id, sentAt };
    this.#lastSentAt = sentAt;
    socket.send(JSON.stringify({ type: MessageType.KeepAlive, id }));
    this.#keepAlive.after(this.#timing().timeoutMs, () => void this.#checkAck(id));
  };

  #onAck(id: number): void {
    if (this.#outstanding?.id !== id) return;
    const now = performance.now();
    this.lastRoundTripMs = now - this.#outstanding.sentAt;
    this.#outstanding = null;
    this.#keepAlive.clear();
    // While the browser says it is offline, an answered probe may have slipped out just before the network went:
    // probe again soon instead of a whole interval later (a page that reaches its server offline, e.g. on
    // localhost, keeps working).
    const interval = navigator.onLine ? this.#timing().intervalMs : Math.min(this.#timing().intervalMs, OFFLINE_PROBE_MS);
    this.#keepAlive.after(Math.max(0, interval - this.lastRoundTripMs), this.#sendKeepAlive);
  }

  async #checkAck(id: number): Promise<void> {
    // An ack may be queued behind this timer's message: let it be handled before calling the link dead.
    await nextTask();
    if (this.#outstanding?.id === id && this.#socket) this.#declareLost('keepalive-timeout');
  }

  /** Throttled timers may have fired late or not at all: judge by the real time that passed. */
  #onVisible = () => {
    if (document.visibilityState !== 'visible' || this.state !== 'ready') return;
    const now = performance.now();
    const { intervalMs, timeoutMs } = this.#timing();
    if (this.#outstanding && now - this.#outstanding.sentAt > timeoutMs) void this.#checkAck(this.#outstanding.id);
    else if (!this.#outstanding && now - this.#lastSentAt >= intervalMs) this.#sendKeepAlive();
  };

  /** The network went away: probe now instead of waiting up to a whole interval for the next keep-alive. */
  #onOffline = () => {
    if (this.state !== 'ready' || this.#outstanding) return;
    this.#keepAlive.clear();
    this.#sendKeepAlive();
  };

  #declareLost(problem: 'keepalive-timeout' | 'recording-timeout'): void {
    const socket = this.#socket!;
    this.#release();
    socket.close(CloseCode.KeepAliveTimeout, 'No answer');
    this.#setState('lost', navigator.onLine ? problem : 'offline', null);
  }

  #release(): void {
    this.#keepAlive.clear();
    if (this.#watchdog !== null) this.#timers.clearTimeout(this.#watchdog);
    this.#watchdog = null;
    this.#unansweredSince = null;
    document.removeEventListener('visibilitychange', this.#onVisible);
    window.removeEventListener('offline', this.#onOffline);
    if (this.#socket) {
      this.#socket.onopen = this.#socket.onmessage = this.#socket.onclose = null;
    }
    this.#socket = null;
    this.#outstanding = null;
  }

  #setState(state: ConnectionState, problem: LinkProblem | null, code: number | null): void {
    this.state = state;
    this.#callbacks.onStateChange(state, problem, code);
  }
}
