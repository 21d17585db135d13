// Generates custom-elements.json from the components' JSDoc, or with --check fails when the committed one is stale.
// The analyzer lists modules in whatever order its file walk finishes, so they are sorted for a stable file.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const check = process.argv.includes('--check');
// The analyzer resolves --outdir against the working directory, so it has to be a relative path.
const outdir = join('.tmp', 'cem');
rmSync(outdir, { recursive: true, force: true });
const args = [
  'cem', 'analyze', '--litelement', '--quiet', '--outdir', outdir,
  '--globs', 'components/**/*.ts',
  '--exclude', 'components/**/*.test.ts', '--exclude', 'components/**/*.styles.ts', '--exclude', 'components/test/**',
];
const run = spawnSync('npx', args, { stdio: ['ignore', 'ignore', 'inherit'] });
if (run.status !== 0) process.exit(run.status ?? 1);

const manifest = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8'));

// The design tokens are one table (components/shared/theme-tokens.ts) that every element draws with: each element
// lists them all, with their light default (and the dark one in the description), after its own properties.
const { COLOR_TOKENS, SHAPE_TOKENS } = await tsImport('../components/shared/theme-tokens.ts', import.meta.url);
const tokens = [
  ...Object.entries(COLOR_TOKENS).map(([name, t]) => ({
    name: `--dictation-${name}`,
    default: t.light,
    description: `${t.describes} Dark theme: \`${t.dark}\`.`,
  })),
  ...Object.entries(SHAPE_TOKENS).map(([name, t]) => ({ name: `--dictation-${name}`, default: t.value, description: t.describes })),
];
for (const module of manifest.modules) {
  for (const declaration of module.declarations ?? []) {
    if (declaration.customElement) declaration.cssProperties = [...(declaration.cssProperties ?? []), ...tokens];
  }
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
