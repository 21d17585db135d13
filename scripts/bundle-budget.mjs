/**
 * The one-file bundle's budget, in gzip bytes (level 9) of dist/dictation-bar.js: the size of the features that exist.
 * `npm test` holds it (scripts/bundle-ceiling.mjs), `bench/bundle-size.ts` reports against it. A change that adds
 * bytes makes its UI load on demand, or raises the number here with its measured cost in bench/README.md ("Bundle").
 *
 * 36 KiB: issue 20 re-based the first budget (25 KiB, set before three issues' features) on what existed.
 * 37 KiB: issue 21 kept dictation per user on shared workstations (+943 B gzip, bench/README.md).
 * 38 KiB: issue 23's hooks for editors and voice commands (+886 B gzip); the editing itself (writers, commands, the
 *   correction list, 5.5 KiB gzip) is a file of its own, loaded on demand (bench/README.md).
 * 39 KiB: issue 24's "My words" button, the `vocabulary` message and runCommand's auto-text (+197 B gzip); the panel,
 *   auto-texts and fields are in the editing module (bench/README.md).
 * 40 KiB: issue 22's `choice` (a "choose N" heard as dictation, taken only while a list with item N is open: +65 B gzip,
 *   which took the entry 39 bytes past 39 KiB as scripts/bundle-ceiling.mjs measures it; bench/README.md).
 */
export const BUDGET_GZIP = 40 * 1024;
