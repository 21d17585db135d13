import { UnavailableEngine, type EngineFactory } from './engine.js';
import { startPocketSphinx } from './pocketsphinx/index.js';

/**
 * Every recognizer engine, by the name `RECOGNIZER` gives. Adding an engine is one folder beside `pocketsphinx/`
 * and one line here; the configuration accepts exactly these names.
 */
export const ENGINES = {
  pocketsphinx: startPocketSphinx,
  none: async () => new UnavailableEngine('Speech recognition is turned off on this server (RECOGNIZER=none).'),
} as const satisfies Record<string, EngineFactory>;

export type EngineName = keyof typeof ENGINES;
export const ENGINE_NAMES = Object.keys(ENGINES) as EngineName[];
