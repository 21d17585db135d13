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

const OUTPUTS = ['dist/dictation-bar.js', 'dist/pcm-capture-worklet.js', 'dist/dictation-editing.js', 'dist/dictation-devices.js', 'dist/simulated-hid.js', 'dist/bundle.json'];
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

// The modules the bar loads on demand first: the editing module (rich-text writers, voice commands, the correction
// list; editing-controller.ts) and the dictation-microphone module (WebHID; device-controller.ts). The bar is built
// naming their content-hashed copies, so a bar only ever loads the modules it was built with, never newer ones a
// deploy put at a stable URL. After a deploy an old page's modules are gone: it then writes plain fields and asks for
// no commands, and offers no dictation microphone (a 404 loses no word).
const ON_DEMAND = {
  'dictation-editing': { source: 'components/dictation-bar/dictation-editing.ts', define: 'DICTATION_EDITING_FILE' },
  'dictation-devices': { source: 'components/dictation-bar/dictation-devices.ts', define: 'DICTATION_DEVICES_FILE' },
};
await build({
  entryPoints: Object.fromEntries(Object.entries(ON_DEMAND).map(([name, { source }]) => [name, source])),
  ...bundleOptions,
  outdir: 'dist',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
const contentName = (base, data) => `${base}.${createHash('sha256').update(data).digest('hex').slice(0, 12)}.js`;
// A stale hashed copy would otherwise be served for ever.
for (const name of readdirSync('dist')) if (/^dictation-(bar|editing|devices)\.[0-9a-f]{12}\.js/.test(name)) rmSync(join('dist', name));
const hashedFiles = {};
for (const name of Object.keys(ON_DEMAND)) {
  hashedFiles[name] = contentName(name, readFileSync(`dist/${name}.js`));
  writeFileSync(join('dist', hashedFiles[name]), readFileSync(`dist/${name}.js`));
}

// The demo's simulated dictation microphone (a WebHID device in the page, for trying the buttons without one): a
// development tool, never imported by the bar.
await build({
  entryPoints: { 'simulated-hid': 'components/dictation-bar/devices/simulated-hid.ts' },
  ...bundleOptions,
  outdir: 'dist',
  logLevel: 'warning',
});

await build({
  // The capture worklet is loaded by URL (pcm-capture-worklet.js next to the bundle), so it is its own file.
  entryPoints: {
    'dictation-bar': 'components/index.ts',
    'pcm-capture-worklet': 'components/dictation-bar/pcm-capture-worklet.ts',
  },
  ...bundleOptions,
  define: Object.fromEntries(Object.entries(ON_DEMAND).map(([name, { define }]) => [define, JSON.stringify(hashedFiles[name])])),
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
compress('simulated-hid.js');
const onDemand = {};
for (const [name, file] of Object.entries(hashedFiles)) {
  compress(`${name}.js`);
  onDemand[name.replace('dictation-', '')] = { file, ...compress(file) };
}
const bundle = {
  file: hashed,
  integrity: `sha384-${createHash('sha384').update(code).digest('base64')}`,
  ...sizes,
  ...onDemand,
};
writeFileSync('dist/bundle.json', JSON.stringify(bundle, null, 2) + '\n');
console.log(
  `built dist/dictation-bar.js (${(sizes.bytes / 1024).toFixed(1)} KiB, gzip ${(sizes.gzip / 1024).toFixed(1)} KiB, ` +
    `brotli ${(sizes.brotli / 1024).toFixed(1)} KiB), dist/${hashed} and dist/pcm-capture-worklet.js`,
);
