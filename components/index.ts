/** The bundle entry: one script defines all three elements, with English and Spanish. */
export { SessionManager } from './session-manager/session-manager.js';
export { SessionExpiryWarning } from './session-expiry-warning/session-expiry-warning.js';
export { DictationBar } from './dictation-bar/dictation-bar.js';
export { registerTranslation, type PartialTranslation, type Translation } from './shared/localize.js';
import './translations/es.js';
export type * from './shared/session-context.js';
