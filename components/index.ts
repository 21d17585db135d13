/** The bundle entry: one script defines all three elements. */
export { SessionManager } from './session-manager/session-manager.js';
export { SessionExpiryWarning } from './session-expiry-warning/session-expiry-warning.js';
export { DictationBar } from './dictation-bar/dictation-bar.js';
export type * from './shared/session-context.js';
