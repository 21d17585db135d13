// Generates custom-elements.json from the components' JSDoc, or with --check fails when the committed one is stale.
// The analyzer lists modules in whatever order its file walk finishes, so they are sorted for a stable file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import ts from 'typescript';

const check = process.argv.includes('--check');
// The analyzer resolves --outdir against the working directory, so it has to be a relative path.
const outdir = join('.tmp', 'cem');
rmSync(outdir, { recursive: true, force: true });
const args = [
  'cem', 'analyze', '--litelement', '--quiet', '--outdir', outdir,
  '--globs', 'components/**/*.ts',
  '--exclude', 'components/**/*.test.ts', '--exclude', 'components/**/*.styles.ts', '--exclude', 'components/test/**',
  // A development tool (the tests' and the demo's simulated WebHID), not shipped in the package.
  '--exclude', 'components/dictation-bar/devices/simulated-hid.ts',
];
const run = spawnSync('npx', args, { stdio: ['ignore', 'ignore', 'inherit'] });
if (run.status !== 0) process.exit(run.status ?? 1);

const manifest = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8'));

// The design tokens are one table (components/shared/theme-tokens.ts) that every element draws with: each element
// lists them all, with their light default (and the dark one in the description), after its own properties.
const { COLOR_TOKENS, SHAPE_TOKENS } = await tsImport('../components/shared/theme-tokens.ts', import.meta.url);
const { TOKEN_DOCS } = await tsImport('../components/shared/theme-token-docs.ts', import.meta.url);
const tokens = [
  ...Object.entries(COLOR_TOKENS).map(([name, t]) => ({
    name: `--dictation-${name}`,
    default: t.light,
    description: `${TOKEN_DOCS[name]} Dark theme: \`${t.dark}\`.`,
  })),
  ...Object.entries(SHAPE_TOKENS).map(([name, value]) => ({ name: `--dictation-${name}`, default: value, description: TOKEN_DOCS[name] })),
];
// Event detail types: the analyzer reads @fires for names and descriptions only; the types are the ones each element
// declares in GlobalEventHandlersEventMap (what TypeScript users get), read with the compiler's own parser.
// The elements are defined by `define(tag, Class)` (components/shared/define.ts), a call the analyzer does not know:
// their tag names and definitions are read from those calls, and the one inside define.ts itself is dropped.
for (const module of manifest.modules) {
  module.exports = (module.exports ?? []).filter((e) => e.kind !== 'custom-element-definition');
  for (const [tag, name] of definitions(module.path)) {
    const declaration = module.declarations?.find((d) => d.name === name);
    // Defined, so an element: the analyzer marks only direct subclasses of LitElement, and ours extend a shared base
    // (components/shared/dictation-element.ts) it cannot follow by its .js module path.
    if (declaration) Object.assign(declaration, { tagName: tag, customElement: true });
    module.exports.push({ kind: 'custom-element-definition', name: tag, declaration: { name, module: module.path } });
  }
}
for (const module of manifest.modules) {
  for (const declaration of module.declarations ?? []) {
    if (declaration.customElement) declaration.cssProperties = [...(declaration.cssProperties ?? []), ...tokens];
  }
}
for (const module of manifest.modules) {
  const events = eventTypes(module.path);
  for (const declaration of module.declarations ?? []) {
    for (const event of declaration.events ?? []) {
      const text = events.get(event.name);
      if (text) event.type = { text };
    }
  }
}
// The manifest is how integrators learn what they may style: every custom property with its default, and every part
// the element renders. A `part="x"` in a template without its @csspart, or a @cssprop without a default, fails here.
const gaps = [];
for (const module of manifest.modules) {
  for (const declaration of module.declarations ?? []) {
    if (!declaration.customElement) continue;
    for (const property of declaration.cssProperties ?? []) {
      if (property.default === undefined) gaps.push(`${declaration.tagName}: ${property.name} has no default`);
    }
    const documented = new Set((declaration.cssParts ?? []).map((part) => part.name));
    for (const [, part] of readFileSync(module.path, 'utf8').matchAll(/\bpart="([\w-]+)"/g)) {
      if (!documented.has(part)) gaps.push(`${declaration.tagName}: part "${part}" is not documented (@csspart)`);
    }
  }
}
if (gaps.length) {
  console.error(`custom-elements.json would not tell integrators everything:\n  ${gaps.join('\n  ')}`);
  process.exit(1);
}
manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
const fresh = JSON.stringify(manifest, null, 2) + '\n';

if (!check) {
  writeFileSync('custom-elements.json', fresh);
  console.log('wrote custom-elements.json');
} else if (readFileSync('custom-elements.json', 'utf8') !== fresh) {
  console.error('custom-elements.json is out of date: run "npm run analyze" and commit the result.');
  process.exit(1);
} else {
  console.log('custom-elements.json is current.');
}

/** `[tag, class name]` of each `define('tag', Class)` call at the top level of a module. */
function definitions(path) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  return source.statements.flatMap((statement) => {
    const call = ts.isExpressionStatement(statement) ? statement.expression : null;
    if (!call || !ts.isCallExpression(call) || call.expression.getText(source) !== 'define') return [];
    const [tag, element] = call.arguments;
    return tag && ts.isStringLiteral(tag) && element && ts.isIdentifier(element) ? [[tag.text, element.text]] : [];
  });
}

/**
 * `event name -> CustomEvent<...>` from a module's `declare global { interface GlobalEventHandlersEventMap }`, in the
 * module itself or in its `<name>-events.ts` beside it.
 */
function eventTypes(path) {
  const types = new Map();
  for (const file of [path, path.replace(/\.ts$/, '-events.ts')]) if (existsSync(file)) readEventTypes(file, types);
  return types;
}

function readEventTypes(path, types) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'GlobalEventHandlersEventMap') {
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.type && ts.isStringLiteral(member.name)) {
          types.set(member.name.text, member.type.getText(source).replace(/\s+/g, ' ').replace(/\{ /g, '{ ').replace(/; \}/g, ' }'));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
