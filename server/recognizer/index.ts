import type { EngineLog, RecognizerConfig, RecognizerEngine } from './engine.js';
import { ENGINES, type EngineName } from './registry.js';

export * from './engine.js';

/**
 * The configured engine, ready to open streams, or an {@link UnavailableEngine} that says why not. Never throws:
 * a server without a recognizer still serves logins, sessions and keep-alives.
 */
export function createEngine(config: RecognizerConfig, log: EngineLog): Promise<RecognizerEngine> {
  return ENGINES[config.engine as EngineName](config, log);
}
