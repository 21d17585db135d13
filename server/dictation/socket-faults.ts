import { UnavailableEngine, type RecognizerEngine } from '../recognizer/index.js';

/**
 * Fault injection for the demo's failure panel and the tests (`/api/dev/*`): kept beside the socket registry, not in
 * it, so the production path reads one set and one field and nothing else.
 */
export class SocketFaults {
  /**
   * Sessions whose link is silenced: nothing the server sends reaches their sockets (keep-alive answers, acks,
   * partials, finals), as over a black-holed link. Silencing the keep-alive answers alone was not a dead link: the
   * finals of the utterance being spoken still arrived, so what a test saw depended on which came first.
   */
  readonly #silenced = new Set<string>();
  /** Stands in for the engine while recognition is turned off. */
  #disabledEngine: RecognizerEngine | null = null;

  isSilenced(sessionId: string): boolean {
    return this.#silenced.size > 0 && this.#silenced.has(sessionId);
  }

  setSilenced(sessionId: string, silent: boolean): void {
    if (silent) this.#silenced.add(sessionId);
    else this.#silenced.delete(sessionId);
  }

  /** New recordings find the recognizer unavailable (running ones go on). */
  setRecognizerEnabled(enabled: boolean): void {
    this.#disabledEngine = enabled ? null : new UnavailableEngine('Speech recognition was turned off from the dev panel.');
  }

  /** The engine new recordings get: the real one unless recognition was turned off. */
  engine(real: RecognizerEngine): RecognizerEngine {
    return this.#disabledEngine ?? real;
  }

  /** The session's last socket went away. */
  forget(sessionId: string): void {
    this.#silenced.delete(sessionId);
  }
}
