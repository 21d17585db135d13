import { createContext } from '@lit/context';
import type { Phrase } from './localize.js';

/**
 * - `checking`: the first status check has not answered yet.
 * - `signed-out`: no session; the login form (or `login-url`) is the way in.
 * - `active`: a live session with more than `warning-threshold` left.
 * - `expiring`: a live session within `warning-threshold` of its expiry; the warning dialog is open.
 * - `expired`: the idle or absolute timeout ended the session.
 * - `ended`: the session ended for another `reason` (signed in elsewhere, logged out elsewhere, terminated,
 *   connection lost, service restarting).
 */
export type SessionStateName = 'checking' | 'signed-out' | 'active' | 'expiring' | 'expired' | 'ended';

export type SessionMode = 'multi-user' | 'single-user';

/** Why a session ended: the server's end reasons plus what only the browser can see. */
export type SessionEndReason =
  | 'LOGGED_OUT'
  | 'SESSION_EXPIRED'
  | 'SESSION_REPLACED'
  | 'SESSION_TERMINATED'
  | 'KEEPALIVE_TIMEOUT'
  | 'PAGE_LEFT'
  | 'CONNECTION_LOST'
  | 'SERVICE_RESTARTING';

export interface EmergencySaveResult {
  /** Items saved. */
  saved: number;
  /** One message per failed save. */
  errors: string[];
}

/** Work a descendant wants saved before the session ends (a draft, a transcript). */
export interface PendingWork {
  /** Shown in error messages: "note draft: quota exceeded". */
  name: string;
  /** Saves what is pending; resolves to the number of items saved. Called before the server session ends. */
  save(): Promise<number> | number;
  /**
   * Before a logout, finishes what is in progress so that `save()` has it (a recording's last words). Given a few
   * seconds at most.
   */
  finish?(): Promise<void>;
}

/** A failure says what happened in the page's language (`message`), and as a phrase that can be said again in another. */
export type ActionResult =
  | { ok: true }
  /** `retryAfter`: seconds after which the server said to ask again (503, 429), when it said so. */
  | { ok: false; code: string; message: string; phrase: Phrase; retryAfter?: number };

export interface SessionActions {
  login(username: string, password: string): Promise<ActionResult>;
  logout(): Promise<ActionResult>;
  extend(): Promise<ActionResult>;
  checkSession(): Promise<ActionResult>;
  saveAllPendingData(): Promise<EmergencySaveResult>;
  /** Registers work for the emergency save; call the returned function to unregister. */
  registerPendingWork(work: PendingWork): () => void;
  /** A descendant's socket learned that the session is gone (close codes 4000-4004, 1012, a lost link). */
  reportSessionLost(reason: SessionEndReason): void;
}

/** What `<session-manager>` provides. Immutable: a new object on every change. */
export interface SessionState {
  state: SessionStateName;
  mode: SessionMode;
  user: string | null;
  /** Expiry in server-clock epoch ms; `null` when unknown or never (single-user). */
  expiresAt: number | null;
  lastActivityAt: number | null;
  /** `serverNow = Date.now() + clockOffset`. Corrects the countdown for a client clock that is off. */
  clockOffset: number;
  /** Why the session ended (`expired`, `ended`, or a `signed-out` after logout); `null` otherwise. */
  reason: SessionEndReason | null;
  /**
   * A sentence for the user about the current state, or `null`: a phrase (a term and its arguments), so each element
   * says it in its own language (`LocalizeController.phrase`).
   */
  message: Phrase | null;
  /** Base URL of the API, e.g. `/api`. */
  apiBase: string;
  /** Counts logins; a consumer that lost its link waits for a new generation before reconnecting. */
  generation: number;
  /** The last emergency save: when, and whether every saver succeeded and at least one item was saved. */
  lastSave: { at: number; ok: boolean } | null;
  actions: SessionActions;
}

/**
 * How long before expiry a recording stops sending audio to the server and keeps it on the device instead, so that
 * the manager's last save (2 s before expiry) has every word that reached a field.
 */
export const SEAL_LEAD_MS = 4_000;

/** Undefined for a consumer with no `<session-manager>` above it. */
export const sessionContext = createContext<SessionState | undefined>(Symbol('session'));

/** The server's current time as this browser best knows it. */
export const serverNow = (session: Pick<SessionState, 'clockOffset'>) => Date.now() + session.clockOffset;

export const isLive = (session: SessionState | undefined) =>
  session?.state === 'active' || session?.state === 'expiring';
