// `npm test` holds the code's shape: no source file under components/, server/ or protocol/ (tests aside) over
// MAX_LINES lines, and no import cycle among the TypeScript sources (type-only imports included: a cycle of types
// is still two files that cannot be understood apart).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const MAX_LINES = 350;
const ROOTS = ['components', 'server', 'protocol'];
const isTest = (file) => /\.test\.ts$|\.contract\.ts$|\/test\//.test(file);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const files = ROOTS.flatMap((root) => [...walk(root)]);
const problems = [];

for (const file of files) {
  if (isTest(file)) continue;
  const lines = readFileSync(file, 'utf8').split('\n').length - 1;
  if (lines > MAX_LINES) problems.push(`${file}: ${lines} lines (at most ${MAX_LINES}); find the seam and split it`);
}

/** Relative imports of a file (`import`, `import type`, `export ... from`, `import('...')` in types). */
function importsOf(file) {
  const source = readFileSync(file, 'utf8');
  const found = new Set();
  for (const match of source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), match[1]).replace(/\.js$/, '.ts');
    found.add(relative(process.cwd(), target));
  }
  return [...found].filter((target) => files.includes(target));
}

const graph = new Map(files.map((file) => [file, importsOf(file)]));
const state = new Map(); // 1: on the stack, 2: done
const stack = [];
const cycles = new Set();
function visit(file) {
  state.set(file, 1);
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 1) cycles.add([...stack.slice(stack.indexOf(next)), next].join(' -> '));
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 2);
}
for (const file of files) if (!state.has(file)) visit(file);
for (const cycle of cycles) problems.push(`import cycle: ${cycle}`);

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`shape: ${files.length} files, none over ${MAX_LINES} lines (tests aside), no import cycle`);
