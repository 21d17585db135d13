/**
 * The order of the first modules in the bundle, chosen for gzip: it only finds repeats within 32 KiB, so modules that
 * share names compress better side by side. Written by `npx tsx bench/bundle-order.ts`, which measures it; every
 * module here is free of side effects, so the order changes bytes and nothing else (the elements are defined in
 * index.ts's order). An empty list is correct, only larger.
 */
import './dictation-bar/writers.js';
import './session-manager/expiry-plan.js';
import './dictation-bar/shortcut-controller.js';
import './shared/page-lifecycle.js';
import './shared/dictation-element.js';
import './shared/define.js';
import './dictation-bar/text-formatter.js';
import './dictation-bar/target-field-controller.js';
import './dictation-bar/journal-store.js';
import './shared/timers.js';
import './shared/session-context.js';
import './shared/session-api.js';
import './dictation-bar/dictation-connection.js';
import './dictation-bar/take-lock.js';
import './dictation-bar/field-keys.js';
import './dictation-bar/kept-store.js';
import './session-expiry-warning/countdown-controller.js';
import './session-manager/session-channel.js';
import './dictation-bar/format-request.js';
import './dictation-bar/take.js';
import './session-manager/tab-sync.js';
import './session-manager/pending-work.js';
