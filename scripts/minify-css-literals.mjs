import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';

/**
 * esbuild plugin: minifies the CSS inside the components' `css` template literals (esbuild minifies the JavaScript
 * around them but leaves template text as written: comments, indentation, one declaration per line). Only
 * `*.styles.ts` files, and only templates without `${}` (the theme's generated tokens are already compact).
 */
export const minifyCssLiterals = {
  name: 'minify-css-literals',
  setup(build) {
    build.onLoad({ filter: /\.styles\.ts$/ }, async ({ path }) => {
      let source = await readFile(path, 'utf8');
      for (const [whole, body] of source.matchAll(/css`([^`$]*)`/g)) {
        const { code } = await transform(body, { loader: 'css', minify: true });
        source = source.replace(whole, `css\`${code.trim().replace(/\\/g, '\\\\')}\``);
      }
      return { contents: source, loader: 'ts' };
    });
  },
};
