// `npm test` step: fails when the one-file bundle (dist/dictation-bar.js, as built) grew past its ceiling.
//
// The ceiling is the budget: the size of the features that exist (issue 20 re-based the first budget of 25 KiB, set
// before three issues' features; bench/README.md, "Bundle", says what each feature costs). A change that adds bytes
// makes its UI load on demand, or raises the number here, in the diff, with its measured cost in bench/README.md.
import { readFileSync } from 'node:fs';

/** gzip bytes (level 9) of dist/dictation-bar.js that a change may not pass. */
const CEILING_GZIP = 36_864;

const { gzip, brotli, bytes } = JSON.parse(readFileSync('dist/bundle.json', 'utf8'));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const line = `dist/dictation-bar.js: ${kib(bytes)} minified, ${kib(gzip)} gzip, ${kib(brotli)} brotli; ceiling ${kib(CEILING_GZIP)} gzip`;
if (gzip > CEILING_GZIP) {
  console.error(`${line}\nThe bundle grew by ${gzip - CEILING_GZIP} bytes gzip past its ceiling: make it smaller, or raise CEILING_GZIP in scripts/bundle-ceiling.mjs and say why in the commit.`);
  process.exit(1);
}
console.log(line);
