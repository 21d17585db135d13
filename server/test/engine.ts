import { loadConfig } from '../config.js';
import { createEngine, type RecognizerEngine } from '../recognizer/index.js';

const quiet = { info() {}, warn() {}, error() {} };

/** A real PocketSphinx engine; each takes about half a second to load, so tests share them per settings. */
export function testEngine(env: Record<string, string> = {}): Promise<RecognizerEngine> {
  const config = loadConfig({
    COOKIE_SECRET: 'test-secret-that-is-long-enough-123456',
    VOCABULARY_FILE: '',
    RECOGNIZER_WORKERS: '1',
    ...env,
  });
  return createEngine(config.recognizer, quiet);
}
