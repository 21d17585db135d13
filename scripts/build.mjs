// Bundles the three elements (and lit) into one ES module at a stable URL: /components/dictation-bar.js, and the
// audio worklet beside it. Also writes the bundle at a content-hashed name (dictation-bar.<hash>.js, served as
// immutable, so a page can pin it with Subresource Integrity), gzip and brotli copies of each script (served to
// browsers that accept them), and dist/bundle.json: the hashed name, its SRI hash and the sizes.
//
// `--if-stale` skips the build when dist/ is newer than every input (`npm start` uses it, so a start after a start
// does not rebuild).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';

const OUTPUTS = ['dist/dictation-bar.js', 'dist/pcm-capture-worklet.js', 'dist/dictation-editing.js', 'dist/bundle.json'];
const INPUTS = ['components', 'protocol', 'scripts/build.mjs', 'scripts/bundle-options.mjs', 'scripts/minify-literals.mjs', 'tsconfig.base.json', 'package-lock.json'];

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

// The editing module first (rich-text writers, voice commands, the correction list; editing-controller.ts loads it on
// demand): the bar is built naming its content-hashed copy, so a bar only ever loads the module it was built with,
// never a newer one a deploy put at a stable URL. After a deploy an old page's module is gone: it then writes plain
// fields and asks for no commands (a 404 loses no word).
await build({
  entryPoints: { 'dictation-editing': 'components/dictation-bar/dictation-editing.ts' },
  ...bundleOptions,
  outdir: 'dist',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
const contentName = (base, data) => `${base}.${createHash('sha256').update(data).digest('hex').slice(0, 12)}.js`;
// A stale hashed copy would otherwise be served for ever.
for (const name of readdirSync('dist')) if (/^dictation-(bar|editing)\.[0-9a-f]{12}\.js/.test(name)) rmSync(join('dist', name));
const editingFile = contentName('dictation-editing', readFileSync('dist/dictation-editing.js'));
writeFileSync(join('dist', editingFile), readFileSync('dist/dictation-editing.js'));

await build({
  // The capture worklet is loaded by URL (pcm-capture-worklet.js next to the bundle), so it is its own file.
  entryPoints: {
    'dictation-bar': 'components/index.ts',
    'pcm-capture-worklet': 'components/dictation-bar/pcm-capture-worklet.ts',
  },
  ...bundleOptions,
  define: { DICTATION_EDITING_FILE: JSON.stringify(editingFile) },
  outdir: 'dist',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const code = readFileSync('dist/dictation-bar.js');
const hashed = contentName('dictation-bar', code);
writeFileSync(join('dist', hashed), code);
const compress = (file) => {
  const data = readFileSync(join('dist', file));
  const gzip = gzipSync(data, { level: 9 });
  const brotli = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(join('dist', `${file}.gz`), gzip);
  writeFileSync(join('dist', `${file}.br`), brotli);
  return { bytes: data.length, gzip: gzip.length, brotli: brotli.length };
};
const sizes = compress('dictation-bar.js');
compress(hashed);
compress('pcm-capture-worklet.js');
compress('dictation-editing.js');
const editingSizes = compress(editingFile);
const bundle = {
  file: hashed,
  integrity: `sha384-${createHash('sha384').update(code).digest('base64')}`,
  ...sizes,
  editing: { file: editingFile, ...editingSizes },
};
writeFileSync('dist/bundle.json', JSON.stringify(bundle, null, 2) + '\n');
console.log(
  `built dist/dictation-bar.js (${(sizes.bytes / 1024).toFixed(1)} KiB, gzip ${(sizes.gzip / 1024).toFixed(1)} KiB, ` +
    `brotli ${(sizes.brotli / 1024).toFixed(1)} KiB), dist/${hashed} and dist/pcm-capture-worklet.js`,
);
