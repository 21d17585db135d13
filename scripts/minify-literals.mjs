import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';

/**
 * esbuild plugin for the components' template literals, which esbuild leaves as written while it minifies the code
 * around them:
 * - the `css` templates of `*.styles.ts` without `${}` are minified as CSS (comments, spaces, one rule per line);
 * - in every `html` and `css` template, the indentation after each line break goes (HTML and CSS read any run of
 *   spaces and line breaks as one; the line breaks stay, so line numbers in the source map still match), and the
 *   comments of the `css` ones (the theme's, which has `${}`).
 */
export const minifyLiterals = {
  name: 'minify-literals',
  setup(build) {
    build.onLoad({ filter: /[\\/]components[\\/].*\.ts$/ }, async ({ path }) => {
      let source = await readFile(path, 'utf8');
      if (path.endsWith('.styles.ts')) {
        for (const [whole, body] of source.matchAll(/css`([^`$]*)`/g)) {
          const { code } = await transform(body, { loader: 'css', minify: true });
          source = source.replace(whole, `css\`${code.trim().replace(/\\/g, '\\\\')}\``);
        }
      }
      return { contents: dedentTemplates(source), loader: 'ts' };
    });
  },
};

/**
 * The source with the indentation removed from the text (never the `${}` code) of its `html` and `css` templates,
 * and the comments from the text of its `css` templates.
 */
export function dedentTemplates(source) {
  /** [from, to, css] spans of template text, outer templates' and nested ones'. */
  const text = [];
  let scannedTo = 0;
  for (const start of source.matchAll(/\b(html|css)`/g)) {
    const from = start.index + start[0].length;
    if (from < scannedTo) continue; // nested in a template already scanned
    const spans = [];
    scannedTo = templateEnd(source, from, spans);
    text.push(...spans.map(([a, b]) => [a, b, start[1] === 'css']));
  }
  let out = '';
  let at = 0;
  for (const [from, to, css] of text.sort((a, b) => a[0] - b[0])) {
    let span = source.slice(from, to);
    if (css) span = span.replace(/\/\*[^]*?\*\//g, '');
    out += source.slice(at, from) + span.replace(/\n[ \t]+/g, '\n');
    at = to;
  }
  return out + source.slice(at);
}

/** The index of the backtick that closes the template whose text starts at `i`; its text spans go into `text`. */
function templateEnd(source, i, text) {
  let from = i;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === '`') break;
    else if (c === '$' && source[i + 1] === '{') {
      text.push([from, i]);
      i = expressionEnd(source, i + 2, text);
      from = i;
    } else i++;
  }
  text.push([from, i]);
  return i;
}

/** The index just after the `}` that closes the `${` expression starting at `i` (nested templates included). */
function expressionEnd(source, i, text) {
  for (let depth = 1; i < source.length; i++) {
    const c = source[i];
    if (c === '`') i = templateEnd(source, i + 1, text);
    else if (c === "'" || c === '"') {
      for (i++; i < source.length && source[i] !== c; i++) if (source[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return i;
}
