// `npm test` step: fails when the one-file bundle (dist/dictation-bar.js, as built) grew past its ceiling.
//
// The ceiling is the budget (scripts/bundle-budget.mjs, which says how it is raised).
import { readFileSync } from 'node:fs';
import { BUDGET_GZIP as CEILING_GZIP } from './bundle-budget.mjs';

const { gzip, brotli, bytes } = JSON.parse(readFileSync('dist/bundle.json', 'utf8'));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const line = `dist/dictation-bar.js: ${kib(bytes)} minified, ${kib(gzip)} gzip, ${kib(brotli)} brotli; ceiling ${kib(CEILING_GZIP)} gzip`;
if (gzip > CEILING_GZIP) {
  console.error(`${line}\nThe bundle grew by ${gzip - CEILING_GZIP} bytes gzip past its ceiling: make it smaller, or raise BUDGET_GZIP in scripts/bundle-budget.mjs with its measured cost in bench/README.md.`);
  process.exit(1);
}
console.log(line);
