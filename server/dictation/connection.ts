import type { RawData, WebSocket } from 'ws';
import { CloseCode, EndReason } from '../../protocol/index.js';
import type { DetachCause } from '../sessions/session-service.js';
import type { Recording } from './recording.js';
import type { TokenBucket } from './token-bucket.js';

/**
 * One open dictation socket and what the server knows of it. A plain record, not a class with closures: a server
 * holds tens of thousands of them, and the policies that act on them (inbound flow, recording, sweep) are one object
 * each for all sockets.
 */
export interface Connection {
  socket: WebSocket;
  sessionId: string;
  user: string;
  ip: string;
  lastHeardAt: number;
  /** Made at the first `start` (or audio frame): most sockets never record, and a Recording is not small. */
  recording: Recording | null;
  /** When audio last counted as session activity (the store is written at most every ACTIVITY_WRITE_MS). */
  activityAt: number;
  /** Set when the server closes the socket itself: if the session ends after the grace, that is why. */
  closedFor: DetachCause | null;
  /** Frames received (all kinds): past the rate the socket is paused. */
  messages: TokenBucket;
  /** Error replies: a client sending garbage gets a few, not one per frame. Made at the first error. */
  errors: TokenBucket | null;
  /** TOO_MANY_MESSAGES was said for the current burst. */
  throttled: boolean;
  /**
   * Frames that arrived while the socket is over its allowance: handled in order when it is back within it. Null
   * while it is not. The socket keeps being read meanwhile, so a client that leaves is noticed at once.
   */
  deferred: [RawData, boolean][] | null;
  deferredBytes: number;
  /** Frames wait in `deferred` until a `start` is answered (InboundFlow.hold). */
  held: boolean;
  resumeTimer: NodeJS.Timeout | null;
  pausedUntil: number;
}

/** What the session ends with if this was its last socket and none comes back within the grace. */
export function detachCause(connection: Connection, code: number): DetachCause {
  if (connection.closedFor) return connection.closedFor;
  // A close frame (4005 from a page going away, 1000 from a bar taken off the page, 1001 from the browser) means the
  // page stopped on purpose; 1006 means no close frame came: the network or the browser died.
  return code === CloseCode.Abnormal ? EndReason.ConnectionLost : EndReason.PageLeft;
}

/** Adds to the list under `key` (lists, not Sets: a key has a few entries, and a Set's table costs ~200 bytes). */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Removes from the list under `key`; returns how many are left under it. */
export function removeFrom<K, V>(map: Map<K, V[]>, key: K, value: V): number {
  const list = map.get(key);
  if (!list) return 0;
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
  return list.length;
}

export function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
