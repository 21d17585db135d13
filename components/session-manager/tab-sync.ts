import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../shared/emit.js';
import { isLive, type EmergencySaveResult, type SessionEndReason, type SessionState } from '../shared/session-context.js';
import { TimerGroup } from '../shared/timers.js';
import type { HeartbeatController } from './heartbeat-controller.js';
import { END_MESSAGES } from './messages.js';
import type { PendingWorkList } from './pending-work.js';
import { SessionChannel, type SessionSnapshot, type TabMessage } from './session-channel.js';

/** A tab that does not lead waits this long for the leader's answer before it asks the server itself. */
const FOLLOWER_FALLBACK_MS = 2_000;

/** What the tabs need of the session's state machine (SessionController). */
export interface TabSession {
  idleTimeoutSeconds: number | null;
  lastSave: EmergencySaveResult | null;
  readonly heartbeat: HeartbeatController;
  readonly pending: PendingWorkList;
  checkSession(): Promise<unknown>;
  lose(reason: SessionEndReason, share?: boolean): Promise<void>;
  set(patch: Partial<SessionState>): void;
  began(user: string): void;
  applyTimes(expiresAt: number | null, lastActivityAt: number | null, offset: number): void;
  saveAll(): Promise<EmergencySaveResult>;
}

export interface TabSyncHost extends ReactiveControllerHost, HTMLElement {
  readonly session: SessionState;
  readonly apiBase: string;
  readonly mode: string;
}

/**
 * The other tabs of this browser that use the same API base: one view of the session. A tab shares what it learned
 * from the server (a login, a check, an extension), an end, a logout, and asks the others to save before a logout;
 * one tab (the leader) checks the server for all, and the others ask only if it stays silent past a check time.
 */
export class TabSync implements ReactiveController {
  readonly channel: SessionChannel;
  /** When the last message about the session came from another tab. */
  #heardAt = 0;
  readonly #fallback = new TimerGroup();

  readonly #host: TabSyncHost;
  readonly #session: TabSession;

  constructor(
    host: TabSyncHost,
    session: TabSession,
  ) {
    this.#host = host;
    this.#session = session;
    host.addController(this);
    this.channel = new SessionChannel(host, () => host.apiBase, { onMessage: (message) => void this.#receive(message) });
  }

  hostDisconnected(): void {
    this.#fallback.clear();
  }

  /** A heartbeat time (interval, warning, expiry): the leading tab asks the server; the others wait for its answer. */
  timedCheck(): void {
    if (this.channel.leader) {
      void this.#session.checkSession();
      return;
    }
    const heard = this.#heardAt;
    this.#fallback.after(FOLLOWER_FALLBACK_MS, () => {
      // The leader was silent (frozen, just closed, or gone without a lock): ask ourselves.
      if (this.#heardAt === heard && isLive(this.#host.session)) void this.#session.checkSession();
    });
  }

  /** Tells the other tabs what this one just learned from the server. */
  share(cause: 'login' | 'check' | 'extend'): void {
    const { user, expiresAt, lastActivityAt, clockOffset } = this.#host.session;
    if (!user) return;
    const idleTimeoutSeconds = this.#session.idleTimeoutSeconds;
    this.channel.post({ type: 'session', cause, snapshot: { user, expiresAt, lastActivityAt, clockOffset, idleTimeoutSeconds } });
  }

  async #receive(message: TabMessage): Promise<void> {
    if (this.#host.mode === 'single-user') return;
    this.#heardAt = Date.now();
    const session = this.#session;
    switch (message.type) {
      case 'session':
        this.#adopt(message.cause, message.snapshot);
        return;
      case 'ended':
        await session.lose(message.reason, false);
        return;
      case 'logged-out': {
        const user = this.#host.session.user;
        if (!isLive(this.#host.session)) return;
        session.heartbeat.stop();
        session.set({ state: 'signed-out', user: null, expiresAt: null, reason: 'LOGGED_OUT', message: END_MESSAGES.LOGGED_OUT });
        emit(this.#host, 'session-logout', { user });
        return;
      }
      case 'save':
        if (!isLive(this.#host.session)) return;
        await this.channel.answerSave(message.id, async () => {
          if (message.finish) await session.pending.finish();
          session.lastSave = await session.saveAll();
        });
        return;
    }
  }

  /** What another tab learned: the same session (new times), a login, or another user's login in this browser. */
  #adopt(cause: 'login' | 'check' | 'extend', snapshot: SessionSnapshot): void {
    const live = isLive(this.#host.session);
    if (live && snapshot.user !== this.#host.session.user) {
      // The browser's cookie is now another user's: this page's work belongs to the user who was here.
      void this.#session.lose('SESSION_REPLACED', false);
      return;
    }
    if (snapshot.expiresAt === null) return;
    if (!live) this.#session.began(snapshot.user);
    this.#session.idleTimeoutSeconds = snapshot.idleTimeoutSeconds;
    this.#session.applyTimes(snapshot.expiresAt, snapshot.lastActivityAt, snapshot.clockOffset);
    if (!live) emit(this.#host, 'session-login', { user: snapshot.user });
    else if (cause === 'extend') emit(this.#host, 'session-extended', { expiresAt: this.#host.session.expiresAt });
  }
}
