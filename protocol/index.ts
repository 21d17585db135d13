/**
 * The wire protocol between `<dictation-bar>` / `<session-manager>` and the server, defined once and imported by
 * both sides, so a code can never mean two things. One file per subject:
 * - `messages.ts`: the socket's messages and their parsers;
 * - `audio.ts`: the audio format and its flow control;
 * - `close-codes.ts`: close codes, end reasons, and the code each end is told with;
 * - `error-codes.ts`: the stable error codes of HTTP bodies and socket `error` messages;
 * - `http.ts`: the HTTP API's bodies;
 * - `formatting.ts`: how numbers, dates and times are written, asked for with `start`;
 * - `voice-commands.ts`: what a clinician says to edit by voice, recognised by the server, run by the bar;
 * - `auto-texts.ts`, `vocabulary-entries.ts`, `vocabulary-files.ts`: a clinician's and a team's own texts and words,
 *   checked on both sides, and their import/export files.
 */
export * from './audio.js';
export * from './close-codes.js';
export * from './error-codes.js';
export * from './formatting.js';
export * from './http.js';
export * from './messages.js';
export * from './voice-commands.js';
export * from './auto-texts.js';
export * from './vocabulary-entries.js';
export * from './vocabulary-files.js';
