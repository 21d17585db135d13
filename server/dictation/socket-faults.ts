import { UnavailableEngine, type RecognizerEngine } from '../recognizer/index.js';

/**
 * Fault injection for the demo's failure panel and the tests (`/api/dev/*`): kept beside the socket registry, not in
 * it, so the production path reads one set and one field and nothing else.
 */
export class SocketFaults {
  /** Sessions whose keep-alives go unanswered on purpose. */
  readonly #muted = new Set<string>();
  /** Stands in for the engine while recognition is turned off. */
  #disabledEngine: RecognizerEngine | null = null;

  isMuted(sessionId: string): boolean {
    return this.#muted.size > 0 && this.#muted.has(sessionId);
  }

  setMuted(sessionId: string, muted: boolean): void {
    if (muted) this.#muted.add(sessionId);
    else this.#muted.delete(sessionId);
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
    this.#muted.delete(sessionId);
  }
}
