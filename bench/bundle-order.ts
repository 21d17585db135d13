/**
 * Finds an order of the bundle's modules that gzip compresses better, and writes it to components/bundle-order.ts.
 *
 * esbuild emits modules in the order they are first imported. gzip only finds repeats within 32 KiB, so code that
 * shares names (a controller and its element, the socket and its journal) compresses better next to each other. The
 * entry (components/index.ts) imports bundle-order.ts first: a list of side-effect-free modules, so they are placed
 * early and together. The elements are still defined in the entry's order (the session manager, the provider of
 * the session, before the bar that consumes it). Greedy, from the file's current order: drop a module from the list,
 * or try one at its front or back, and keep each change that saves more than a few bytes, until none does. Run it when
 * the modules change; it prints the saving.
 *
 *   npx tsx bench/bundle-order.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.mjs';

const FILE = 'components/bundle-order.ts';
const original = readFileSync(FILE, 'utf8');
/** The file's comment, kept: everything before its first import. */
const header = (original.includes('\nimport') ? original.slice(0, original.indexOf('\nimport')) : original).trimEnd();
const ELEMENTS = ['dictation-bar/dictation-bar.ts', 'session-manager/session-manager.ts', 'session-expiry-warning/session-expiry-warning.ts'];
const candidates = ['shared', 'dictation-bar', 'session-manager', 'session-expiry-warning'].flatMap((dir) =>
  readdirSync(join('components', dir))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'pcm-capture-worklet.ts' && name !== 'dictation-editing.ts' && name !== 'dictation-devices.ts')
    .map((name) => `${dir}/${name}`)
    .filter((path) => !ELEMENTS.includes(path)),
);

const source = (order: string[]) => `${header}\n${order.map((path) => `import './${path.replace(/\.ts$/, '.js')}';\n`).join('')}`;

async function gzipBytes(order: string[]): Promise<number> {
  writeFileSync(FILE, source(order));
  const result = await build({
    entryPoints: ['components/index.ts'],
    ...bundleOptions,
    // As the build does: its licence comments go to a file of their own (inline, they would move gzip's matches).
    legalComments: 'none',
    write: false,
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
}

const none = await gzipBytes([]);
// From the order in the file, when it still helps (a search from nothing can end in a worse local optimum).
const current = [...original.matchAll(/^import '\.\/(.+)\.js';$/gm)].map((m) => `${m[1]}.ts`).filter((path) => candidates.includes(path));
const fromCurrent = await gzipBytes(current);
let [order, best] = fromCurrent < none ? [current, fromCurrent] : [[], none];
for (let improved = true; improved; ) {
  improved = false;
  for (const path of order) {
    const tried = order.filter((p) => p !== path);
    const bytes = await gzipBytes(tried);
    if (bytes < best - 3) [best, order, improved] = [bytes, tried, true];
  }
  for (const path of candidates.filter((c) => !order.includes(c))) {
    for (const at of [0, order.length]) {
      const tried = [...order.slice(0, at), path, ...order.slice(at)];
      const bytes = await gzipBytes(tried);
      if (bytes < best - 3) [best, order, improved] = [bytes, tried, true];
    }
  }
}
writeFileSync(FILE, source(order));
console.log(`${FILE}: ${order.length} modules first; gzip ${none} -> ${best} bytes (esbuild's output, before the build's own steps)`);
