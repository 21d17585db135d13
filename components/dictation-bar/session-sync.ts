import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isLive, SEAL_LEAD_MS, type SessionState } from '../shared/session-context.js';
import { TimerGroup } from '../shared/timers.js';
import type { DictationRecorder } from './dictation-recorder.js';

export interface SessionSyncHost extends ReactiveControllerHost {
  readonly session: SessionState | undefined;
  readonly isConnected: boolean;
}

/**
 * What the bar's recorder learns from the session:
 * - the bar is pending work of the session, so a logout lets the last words arrive before the page saves;
 * - a successful save confirms the text dictated so far (the durable journal lets it go), and an explicit logout after
 *   one deletes what is kept for the user;
 * - shortly before the session expires, the recording is sealed: speech stops being turned into text and is kept on
 *   the device, so the last save before expiry has every word that reached the field; a later expiry (the user stayed)
 *   unseals it.
 * Call `sync()` before every render and when the host leaves the page.
 */
export class SessionSync implements ReactiveController {
  /** The user of the last live session (the durable journal is theirs), and the last save seen. */
  #user: string | null = null;
  #lastSaveAt: number | null = null;
  /** The save after which the user's kept data was deleted at logout. */
  #forgotAfter: number | null = null;
  #unregisterWork: (() => void) | null = null;
  #registeredWith: SessionState['actions'] | null = null;
  /** The expiry the seal is planned for. */
  #sealFor: number | null = null;
  readonly #seal = new TimerGroup();

  readonly #host: SessionSyncHost;
  readonly #recorder: DictationRecorder;

  constructor(
    host: SessionSyncHost,
    recorder: DictationRecorder,
  ) {
    this.#host = host;
    this.#recorder = recorder;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.sync();
  }

  sync(): void {
    this.#track();
    this.#scheduleSeal();
  }

  #track(): void {
    const session = this.#host.isConnected ? this.#host.session : undefined;
    if (session?.actions !== this.#registeredWith) {
      this.#unregisterWork?.();
      this.#registeredWith = session?.actions ?? null;
      this.#unregisterWork =
        session?.actions.registerPendingWork({ name: 'dictation', save: () => 0, finish: () => this.#recorder.finish() }) ?? null;
    }
    if (!session) return;
    if (isLive(session)) {
      this.#user = session.user;
      this.#recorder.takes.sessionLive(session.mode === 'multi-user' ? session.user : null);
    }
    const save = session.lastSave;
    if (save && save.at !== this.#lastSaveAt) {
      this.#lastSaveAt = save.at;
      if (save.ok && this.#user) this.#recorder.takes.kept.confirmSaved(this.#user);
    }
    const loggedOut = session.state === 'signed-out' && session.reason === 'LOGGED_OUT';
    if (loggedOut && save?.ok && this.#user && this.#forgotAfter !== save.at) {
      this.#forgotAfter = save.at;
      void this.#recorder.takes.forgetUser(this.#user);
    }
  }

  #scheduleSeal(): void {
    const session = this.#host.session;
    const expiresAt = this.#host.isConnected && isLive(session) ? session!.expiresAt : null;
    if (this.#sealFor === expiresAt) return;
    this.#seal.clear();
    this.#sealFor = expiresAt;
    if (expiresAt === null) return;
    this.#recorder.takes.unseal();
    const due = expiresAt - session!.clockOffset - SEAL_LEAD_MS - Date.now();
    this.#seal.after(Math.max(0, due), () => this.#recorder.takes.seal());
  }
}
