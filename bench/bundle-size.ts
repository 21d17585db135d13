// The one-file bundle's size against its budget: minified, then gzip (level 9) and brotli (quality 11), as the
// server serves it. Builds first (`npm run build`), then reads dist/bundle.json. Exits 1 over the budget.
//
// Also says what each input costs: the gzip bytes the bundle would lose without it (its characters, found through
// the bundle's source map, taken out and the rest compressed again). That is the number to look at when it grows:
// minified bytes overstate text that compresses well and understate code that does not.
//
//   npx tsx bench/bundle-size.ts
//   GROUP='translations|lit' npx tsx bench/bundle-size.ts    # also: the cost of every input matching the pattern
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { BUDGET_GZIP } from '../scripts/bundle-budget.mjs';

/** gzip bytes the bundle must not pass: the features that exist (the ceiling npm test holds, scripts/bundle-ceiling.mjs). */

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const info = JSON.parse(await readFile('dist/bundle.json', 'utf8')) as { bytes: number; gzip: number; brotli: number };
const code = await readFile('dist/dictation-bar.js', 'utf8');
const map = JSON.parse(await readFile('dist/dictation-bar.js.map', 'utf8')) as { sources: string[]; mappings: string };

const owners = ownerOfEachCharacter(code, map);
const gzip = (text: string) => gzipSync(text, { level: 9 }).length;
const full = gzip(code);
/** gzip bytes saved by dropping every character whose source matches. */
const costOf = (matches: (source: string) => boolean) =>
  full - gzip(code.split('').filter((_, i) => !matches(owners[i] ?? '')).join(''));

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`\n| dist/dictation-bar.js | bytes |\n|---|---:|`);
console.log(`| minified | ${kib(info.bytes)} |\n| gzip | ${kib(info.gzip)} |\n| brotli | ${kib(info.brotli)} |`);
console.log(`| budget (gzip) | ${kib(BUDGET_GZIP)} |\n`);

const sources = [...new Set(owners)].filter((s): s is string => s !== null);
const rows = sources
  .map((source) => ({ source, minified: owners.filter((o) => o === source).length, gzip: costOf((o) => o === source) }))
  .sort((a, b) => b.gzip - a.gzip);
console.log('what each input costs (gzip bytes the bundle loses without it; minified bytes):');
for (const row of rows.slice(0, Number(process.env.TOP ?? 16))) {
  console.log(`  ${String(row.gzip).padStart(6)}  ${String(row.minified).padStart(7)}  ${row.source.replace(/^(\.\.\/)+/, '')}`);
}
if (process.env.GROUP) {
  const pattern = new RegExp(process.env.GROUP);
  console.log(`\ninputs matching /${pattern.source}/ together: ${costOf((o) => pattern.test(o))} gzip bytes`);
}
if (info.gzip > BUDGET_GZIP) {
  console.error(`\nOver budget: ${kib(info.gzip)} gzip > ${kib(BUDGET_GZIP)}.`);
  process.exit(1);
}

/** The source file of each character of `code`, from a version 3 source map (null where nothing maps). */
function ownerOfEachCharacter(text: string, sourceMap: { sources: string[]; mappings: string }): (string | null)[] {
  const owner: (string | null)[] = new Array(text.length).fill(null);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  let source = 0;
  sourceMap.mappings.split(';').forEach((line, lineIndex) => {
    const lineStart = lineStarts[lineIndex]!;
    const lineEnd = (lineStarts[lineIndex + 1] ?? text.length + 1) - 1;
    let column = 0;
    const segments = line ? line.split(',').map(decodeVlq) : [];
    segments.forEach((segment, i) => {
      column += segment[0]!;
      if (segment.length > 1) source += segment[1]!;
      const next = segments[i + 1];
      const end = next ? lineStart + column + next[0]! : lineEnd;
      for (let k = lineStart + column; k < end; k++) owner[k] = segment.length > 1 ? sourceMap.sources[source]! : null;
    });
  });
  return owner;
}

/** One source-map segment: base64 VLQ numbers, each relative to the previous segment's. */
function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}
