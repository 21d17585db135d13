// Bundles the three elements (and lit) into one ES module at a stable URL: /components/dictation-bar.js, and the
// audio worklet beside it.
//
// `--if-stale` skips the build when dist/ is newer than every input (`npm start` uses it, so a start after a start
// does not rebuild).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const OUTPUTS = ['dist/dictation-bar.js', 'dist/pcm-capture-worklet.js'];
const INPUTS = ['components', 'protocol', 'scripts/build.mjs', 'package-lock.json'];

/** Newest modification time under `path` (a file or a directory, tests and all: erring towards a rebuild). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

if (process.argv.includes('--if-stale') && OUTPUTS.every(existsSync)) {
  const built = Math.min(...OUTPUTS.map((file) => statSync(file).mtimeMs));
  if (INPUTS.filter(existsSync).every((input) => newest(input) < built)) {
    console.log('dist/ is up to date');
    process.exit(0);
  }
}

await build({
  // The capture worklet is loaded by URL (pcm-capture-worklet.js next to the bundle), so it is its own file.
  entryPoints: {
    'dictation-bar': 'components/index.ts',
    'pcm-capture-worklet': 'components/dictation-bar/pcm-capture-worklet.ts',
  },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  // Standard decorators are lowered only when the target is below esnext; es2022 is what browsers need.
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
console.log('built dist/dictation-bar.js and dist/pcm-capture-worklet.js');
