/** The bundle entry: one script defines all three elements, with English and Spanish. */
// First Spanish, right after the English whose term names it repeats; then the module order measured for gzip
// (bundle-order.ts). The session manager is defined before the bar, whose session it provides.
import './translations/es.js';
import './bundle-order.js';
export { SessionManager } from './session-manager/session-manager.js';
export { SessionExpiryWarning } from './session-expiry-warning/session-expiry-warning.js';
export { DictationBar } from './dictation-bar/dictation-bar.js';
export { registerWriter, type DictationWriter, type WriterFactory } from './dictation-bar/writers.js';
export { registerTranslation, type PartialTranslation, type Translation } from './shared/localize.js';
export type * from './shared/session-context.js';
