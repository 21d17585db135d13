// Makes a fresh clone runnable: installs npm packages when missing or stale and, with --browser, Debian's
// Chromium. Runs before `npm start` and `npm test`; a no-op when everything is already there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function run(cmd, args) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function npmPackagesStale() {
  if (!existsSync('node_modules/.package-lock.json')) return true;
  return statSync('package-lock.json').mtimeMs > statSync('node_modules/.package-lock.json').mtimeMs + 1000;
}

if (npmPackagesStale()) {
  // `npm install` from the committed lockfile, not `npm ci`: with npm 11 on this registry, `npm ci` rejects the
  // lockfile because it lacks the other platforms' optional packages (rollup's, esbuild's), which this machine
  // never installs. `npm install` installs the same locked versions.
  run('npm', ['install', '--no-audit', '--no-fund']);
}

if (process.argv.includes('--browser') && !existsSync(CHROMIUM)) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`Browser tests need Chromium at ${CHROMIUM}: run "sudo apt-get install -y chromium" (or set CHROMIUM_PATH), then npm test again.`);
    process.exit(1);
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium']);
  execFileSync(CHROMIUM, ['--version'], { stdio: 'inherit' });
}
