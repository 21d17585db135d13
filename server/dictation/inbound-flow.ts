import type { RawData } from 'ws';
import { rawLength, type Connection } from './connection.js';

/** A socket that is behind its message or audio allowance by more than this many seconds is closed (4008). */
export const MAX_THROTTLE_SECONDS = 10;
/** Frames waiting while a socket is over its allowance: a bar has at most its 4 s audio window (128 KiB) in flight. */
export const MAX_DEFERRED_BYTES = 1024 * 1024;

export interface InboundFlowOptions {
  messagesPerSecond: number;
  /** Handles one frame in order (parse, dispatch). May call `pause` again. */
  handle(connection: Connection, data: RawData, isBinary: boolean): void;
  /** Says once per burst that the socket's frames now wait (TOO_MANY_MESSAGES). */
  tellThrottled(connection: Connection): void;
  /** The client ignores the flow control a bar follows: close it (4008). */
  exceeded(connection: Connection): void;
}

/**
 * Inbound throttling: every frame counts against the socket's message allowance as it arrives. Past it, frames wait
 * their turn (in order) until the socket is back within it; far past it (10 s behind, or 1 MiB waiting) the socket is
 * closed. Nothing is dropped and the socket keeps being read, so a client that leaves is noticed at once. One object
 * for every socket; the per-socket state is in the Connection record.
 */
export class InboundFlow {
  constructor(private readonly options: InboundFlowOptions) {}

  receive(connection: Connection, data: RawData, isBinary: boolean): void {
    const behind = connection.messages.take(1);
    if (behind > MAX_THROTTLE_SECONDS) {
      this.options.exceeded(connection);
      return;
    }
    if (behind === 0) {
      connection.throttled = false;
    } else if (!connection.throttled) {
      connection.throttled = true;
      this.options.tellThrottled(connection);
    }
    if (connection.deferred) {
      connection.deferred.push([data, isBinary]);
      connection.deferredBytes += rawLength(data);
      // A bar never has more than its audio window in flight; a client that sends far past it ignores the flow control.
      if (connection.deferredBytes > MAX_DEFERRED_BYTES) {
        this.options.exceeded(connection);
        return;
      }
    } else {
      this.options.handle(connection, data, isBinary);
    }
    if (behind > 0) this.pause(connection, behind);
  }

  /** Frames wait in `deferred` for `seconds` (or longer, if they already do). */
  pause(connection: Connection, seconds: number): void {
    const until = performance.now() + seconds * 1000;
    if (until <= connection.pausedUntil) return;
    connection.pausedUntil = until;
    connection.deferred ??= [];
    if (connection.resumeTimer) clearTimeout(connection.resumeTimer);
    connection.resumeTimer = setTimeout(() => this.#resume(connection), seconds * 1000);
  }

  /**
   * Frames wait, in order, until `unhold`: a `start` whose answer needs the shared store must be answered before the
   * audio that may follow it at once is handled.
   */
  hold(connection: Connection): void {
    connection.held = true;
    connection.deferred ??= [];
  }

  unhold(connection: Connection): void {
    connection.held = false;
    // A pause still running resumes the frames when it ends.
    if (!connection.resumeTimer) this.#resume(connection);
  }

  /** The socket went away: nothing waits for it any more. */
  release(connection: Connection): void {
    if (connection.resumeTimer) clearTimeout(connection.resumeTimer);
    connection.resumeTimer = null;
  }

  #resume(connection: Connection): void {
    connection.resumeTimer = null;
    if (connection.held) return;
    const waiting = connection.deferred ?? [];
    connection.deferred = null;
    connection.deferredBytes = 0;
    for (let i = 0; i < waiting.length; i++) {
      if (connection.closedFor) return;
      // Handling one may put the socket over its allowance again: the rest waits, in order.
      if (connection.deferred) {
        const rest = waiting.slice(i);
        (connection.deferred as [RawData, boolean][]).unshift(...rest);
        connection.deferredBytes += rest.reduce((n, [data]) => n + rawLength(data), 0);
        return;
      }
      this.options.handle(connection, ...waiting[i]!);
    }
  }
}
