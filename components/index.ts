/**
 * The bundle entry: one script defines all three elements, with English and Spanish.
 *
 * The order of these imports is the order of the modules in the bundle, and it is chosen for gzip, whose window is
 * 32 KiB: Spanish right after English (they share every term name), then the bar's modules together, then the
 * session manager's. Measured: 1.1 KiB gzip less than the order by element.
 */
import './translations/es.js';
export { DictationBar } from './dictation-bar/dictation-bar.js';
export { SessionManager } from './session-manager/session-manager.js';
export { SessionExpiryWarning } from './session-expiry-warning/session-expiry-warning.js';
export { registerTranslation, type PartialTranslation, type Translation } from './shared/localize.js';
export type * from './shared/session-context.js';
