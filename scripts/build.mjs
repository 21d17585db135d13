// Bundles the three elements (and lit) into one ES module at a stable URL: /components/dictation-bar.js.
import { build } from 'esbuild';

await build({
  entryPoints: ['components/index.ts'],
  outfile: 'dist/dictation-bar.js',
  bundle: true,
  format: 'esm',
  // Standard decorators are lowered only when the target is below esnext; es2022 is what browsers need.
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
console.log('built dist/dictation-bar.js');
