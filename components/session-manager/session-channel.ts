import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionEndReason } from '../shared/session-context.js';

/** What one tab knows about the session, in the server's terms (so every tab computes the same countdown). */
export interface SessionSnapshot {
  user: string;
  /** Server-clock epoch ms. */
  expiresAt: number | null;
  lastActivityAt: number | null;
  /** Server minus client clock as measured by the tab that asked (the tabs share the machine's clock). */
  clockOffset: number;
  idleTimeoutSeconds: number | null;
}

/** Messages between the tabs of one browser that share a session (same API base). */
export type TabMessage =
  /** A tab learned the session's times: from a login, a status check or an extension. */
  | { type: 'session'; cause: 'login' | 'check' | 'extend'; snapshot: SessionSnapshot }
  /** A tab learned that the session ended without the user asking. */
  | { type: 'ended'; reason: SessionEndReason }
  /** The user logged out in a tab. */
  | { type: 'logged-out' }
  /** A tab is about to end the session (logout): every tab saves its pending work first. */
  | { type: 'save'; id: string; finish: boolean }
  | { type: 'saving'; id: string; tab: string }
  | { type: 'saved'; id: string; tab: string };

export interface SessionChannelCallbacks {
  onMessage(message: TabMessage): void;
}

/** How long a tab waits for the others to say they started saving; those that did get up to `timeoutMs` to finish. */
const SAVE_ACK_MS = 300;

/** Messages through `BroadcastChannel`, or through `storage` events where it is missing. */
interface Transport {
  post(message: TabMessage): void;
  close(): void;
}

function broadcastTransport(name: string, receive: (message: TabMessage) => void): Transport {
  const channel = new BroadcastChannel(name);
  channel.onmessage = (event: MessageEvent<TabMessage>) => receive(event.data);
  return { post: (message) => channel.postMessage(message), close: () => channel.close() };
}

/** The fallback: a `localStorage` write is a `storage` event in every other tab of the origin. */
function storageTransport(name: string, receive: (message: TabMessage) => void): Transport {
  const onStorage = (event: StorageEvent) => {
    if (event.key !== name || !event.newValue) return;
    try {
      receive((JSON.parse(event.newValue) as { message: TabMessage }).message);
    } catch {
      /* not ours */
    }
  };
  window.addEventListener('storage', onStorage);
  return {
    post(message) {
      try {
        // The nonce makes two equal messages two changes (a write of the same value fires no event).
        localStorage.setItem(name, JSON.stringify({ message, nonce: Math.random() }));
        localStorage.removeItem(name);
      } catch {
        /* storage disabled or full: this tab goes on alone */
      }
    },
    close: () => window.removeEventListener('storage', onStorage),
  };
}

/**
 * The tabs of one browser share one view of the session: what one tab learns (login, extension, expiry, logout,
 * "signed in elsewhere") reaches the others at once, and one tab (the leader, chosen with a Web Lock, so the next one
 * takes over when it closes) checks the server for all. A tab gives up leadership and the channel while frozen or in
 * the back/forward cache (`suspend()`), and takes them up again when it runs (`resume()`). Without Web Locks every
 * tab leads itself (each checks on its own); without `BroadcastChannel`, `storage` events carry the messages.
 */
export class SessionChannel implements ReactiveController {
  readonly tab = Math.random().toString(36).slice(2);
  #transport: Transport | null = null;
  #leader = false;
  #abort: AbortController | null = null;
  #release: (() => void) | null = null;
  readonly #saveReplies = new Map<string, (message: TabMessage) => void>();

  readonly #name: () => string;
  readonly #callbacks: SessionChannelCallbacks;

  constructor(
    host: ReactiveControllerHost,
    name: () => string,
    callbacks: SessionChannelCallbacks,
  ) {

    this.#name = name;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  get leader(): boolean {
    return this.#leader;
  }

  hostConnected(): void {
    this.resume();
  }

  hostDisconnected(): void {
    this.suspend();
  }

  /** Joins the other tabs: opens the channel and queues for leadership. */
  resume(): void {
    if (this.#transport) return;
    const name = `session-manager:${this.#name()}`;
    const receive = (message: TabMessage) => this.#receive(message);
    this.#transport = typeof BroadcastChannel === 'function' ? broadcastTransport(name, receive) : storageTransport(name, receive);
    this.#queueForLeadership(`${name}:leader`);
  }

  /** Leaves the other tabs (frozen, in the back/forward cache, removed): the next tab in line leads. */
  suspend(): void {
    this.#transport?.close();
    this.#transport = null;
    this.#abort?.abort();
    this.#abort = null;
    this.#release?.();
    this.#release = null;
    this.#setLeader(false);
  }

  post(message: TabMessage): void {
    this.#transport?.post(message);
  }

  /**
   * Asks every other tab to save its pending work now (before a logout ends the session); resolves when those that
   * answered have saved, or after `timeoutMs`. Resolves how many tabs saved.
   */
  async requestSaves(finish: boolean, timeoutMs: number): Promise<number> {
    if (!this.#transport) return 0;
    const id = `${this.tab}:${Date.now()}:${Math.random()}`;
    const pending = new Set<string>();
    let saved = 0;
    let settle: () => void = () => {};
    const done = new Promise<void>((resolve) => (settle = resolve));
    let acksClosed = false;
    this.#saveReplies.set(id, (message) => {
      if (message.type === 'saving' && !acksClosed) pending.add(message.tab);
      if (message.type === 'saved' && pending.delete(message.tab)) {
        saved++;
        if (acksClosed && pending.size === 0) settle();
      }
    });
    this.post({ type: 'save', id, finish });
    const limit = setTimeout(settle, timeoutMs);
    setTimeout(() => {
      acksClosed = true;
      if (pending.size === 0) settle();
    }, SAVE_ACK_MS);
    await done;
    clearTimeout(limit);
    this.#saveReplies.delete(id);
    return saved;
  }

  /** This tab's answer to a save request: `saving` at once, `saved` when done. */
  async answerSave(id: string, save: () => Promise<void>): Promise<void> {
    this.post({ type: 'saving', id, tab: this.tab });
    await save();
    this.post({ type: 'saved', id, tab: this.tab });
  }

  #receive(message: TabMessage): void {
    if (message.type === 'saving' || message.type === 'saved') {
      this.#saveReplies.get(message.id)?.(message);
      return;
    }
    this.#callbacks.onMessage(message);
  }

  #queueForLeadership(lockName: string): void {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) {
      this.#setLeader(true); // nobody to share with safely: check on our own
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    locks
      .request(lockName, { signal: abort.signal }, () => {
        if (abort.signal.aborted) return undefined;
        this.#setLeader(true);
        // Held until suspend(): closing the tab releases it too, and the next tab in line gets it.
        return new Promise<void>((resolve) => (this.#release = resolve));
      })
      .catch(() => undefined); // aborted while queued
  }

  #setLeader(leader: boolean): void {
    this.#leader = leader;
  }
}
