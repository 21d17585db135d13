// Builds the publishable package in dist/package and packs it: `node scripts/package.mjs` prints the tarball's path.
//
// The repository is the whole product (server, demo, tests); the package is only what a web page needs: the elements
// one by one as ES modules with their types, the one-file bundle, the translations and custom-elements.json. Its
// only dependencies are lit and @lit/context, so an app that installs it does not get Fastify or the recognizer.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const OUT = join('dist', 'package');
const root = JSON.parse(readFileSync('package.json', 'utf8'));

// One build at a time: npm test's two lanes both pack the package (examples and package tests), and two builds of
// dist/package at once trip over each other's files. mkdir is atomic: the second waits for the first to finish.
const LOCK = join('dist', '.package.lock');
for (const deadline = Date.now() + 180_000; ; ) {
  try {
    mkdirSync(LOCK, { recursive: false });
    break;
  } catch (err) {
    if (err.code === 'ENOENT') mkdirSync('dist', { recursive: true });
    else if (err.code !== 'EEXIST' || Date.now() > deadline) throw err;
    else if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
process.on('exit', () => rmSync(LOCK, { recursive: true, force: true }));

execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
rmSync(OUT, { recursive: true, force: true });
// JavaScript, declarations and source maps, file by file, as the sources are laid out.
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.package.json'], { stdio: 'inherit' });

// The capture worklet is loaded by URL from beside dictation-bar's module: one self-contained file, so that a
// bundler that copies it as an asset (Vite's `new URL(..., import.meta.url)`) copies all of it.
// So are the modules the bar loads on demand (dictation-editing.js, dictation-devices.js).
for (const name of ['pcm-capture-worklet', 'dictation-editing', 'dictation-devices']) await build({
  entryPoints: [`components/dictation-bar/${name}.ts`],
  outfile: join(OUT, `components/dictation-bar/${name}.js`),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  allowOverwrite: true,
  logLevel: 'warning',
});
for (const name of ['pcm-capture-worklet', 'dictation-editing', 'dictation-devices']) rmSync(join(OUT, `components/dictation-bar/${name}.js.map`), { force: true });

// The one-file bundle and its worklet, for a page without a build step.
mkdirSync(join(OUT, 'bundle'));
// The bundle loads its on-demand modules by their content-hashed names.
const { editing, devices } = JSON.parse(readFileSync('dist/bundle.json', 'utf8'));
for (const file of ['dictation-bar.js', 'dictation-bar.js.map', 'pcm-capture-worklet.js', editing.file, devices.file]) {
  copyFileSync(join('dist', file), join(OUT, 'bundle', file));
}

// The manifest, pointing at the package's modules instead of the repository's sources.
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'), (key, value) =>
  (key === 'path' || key === 'module') && typeof value === 'string' ? value.replace(/\.ts$/, '.js') : value,
);
writeFileSync(join(OUT, 'custom-elements.json'), JSON.stringify(manifest, null, 2) + '\n');

const entry = (path) => ({ types: `./${path}.d.ts`, default: `./${path}.js` });
const pkg = {
  name: root.name,
  version: root.version,
  description: root.description,
  license: root.license,
  type: 'module',
  main: './components/index.js',
  module: './components/index.js',
  types: './components/index.d.ts',
  customElements: './custom-elements.json',
  exports: {
    '.': entry('components/index'),
    './session-manager.js': entry('components/session-manager/session-manager'),
    './session-expiry-warning.js': entry('components/session-expiry-warning/session-expiry-warning'),
    './dictation-bar.js': entry('components/dictation-bar/dictation-bar'),
    './localize.js': entry('components/shared/localize'),
    './translations/*.js': entry('components/translations/*'),
    './session-context.js': entry('components/shared/session-context'),
    './protocol.js': entry('protocol/index'),
    './bundle.js': './bundle/dictation-bar.js',
    './bundle/*': './bundle/*',
    './components/*': './components/*',
    './custom-elements.json': './custom-elements.json',
    './package.json': './package.json',
  },
  // Importing an element defines it; a translation registers itself.
  sideEffects: ['./components/**/*.js', './bundle/*.js'],
  dependencies: { lit: root.dependencies.lit, '@lit/context': root.dependencies['@lit/context'] },
  keywords: ['web-components', 'lit', 'dictation', 'speech-to-text', 'custom-elements'],
};
writeFileSync(join(OUT, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
cpSync('README.md', join(OUT, 'README.md'));

const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', 'dist', `./${OUT}`], { encoding: 'utf8' }));
console.log(join('dist', packed.filename));
