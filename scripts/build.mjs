// Bundles the three elements (and lit) into one ES module at a stable URL: /components/dictation-bar.js, and the
// audio worklet beside it.
import { build } from 'esbuild';

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
