import { minifyLiterals } from './minify-literals.mjs';

/** How the elements' bundle is built: by `scripts/build.mjs`, and by `bench/bundle-order.ts` to measure orders. */
export const bundleOptions = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  // Spanish and the typographic quotes as themselves, not \u escapes (half the bytes).
  charset: 'utf8',
  plugins: [minifyLiterals],
};
