// Makes a fresh clone runnable: installs npm packages when missing or stale, and the Debian packages the project
// needs: the speech recognizer (PocketSphinx and its US-English model) and flite (pronunciations for the domain
// vocabulary) always; with --browser, Chromium, sox, redis-server and postgresql for the tests too; with --bench, sox and
// pocketsphinx-testdata (human speech) for the accuracy benchmarks. Runs before `npm start` and `npm test`;
// a no-op when everything is already there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const forTests = process.argv.includes('--browser');
const forBench = process.argv.includes('--bench');

function run(cmd, args) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function npmPackagesStale() {
  if (!existsSync('node_modules/.package-lock.json')) return true;
  return statSync('package-lock.json').mtimeMs > statSync('node_modules/.package-lock.json').mtimeMs + 1000;
}

function debianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

if (npmPackagesStale()) {
  // `npm install` from the committed lockfile, not `npm ci`: with npm 11 on this registry, `npm ci` rejects the
  // lockfile because it lacks the other platforms' optional packages (rollup's, esbuild's), which this machine
  // never installs. `npm install` installs the same locked versions.
  run('npm', ['install', '--no-audit', '--no-fund']);
}

const wanted = ['libpocketsphinx3', 'pocketsphinx-en-us', 'flite'];
// sox makes the test speech; redis-server is the shared store the scale-out tests start on a port of their own;
// postgresql the shared database of users' words and auto-texts, which its tests start the same way.
if (forTests) wanted.push('sox', 'redis-server', 'postgresql');
// The accuracy benchmarks also measure human speech: the LibriVox clips of pocketsphinx-testdata.
if (forBench) wanted.push('sox', 'pocketsphinx-testdata');
const hasDpkg = spawnSync('sh', ['-c', 'command -v dpkg-query'], { stdio: 'ignore' }).status === 0;
const missing = hasDpkg ? wanted.filter((name) => !debianPackageInstalled(name)) : [];
if (forTests && !existsSync(CHROMIUM)) missing.push('chromium');

if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    const advice = `run "sudo apt-get install -y ${missing.join(' ')}"`;
    if (forTests || forBench) {
      console.error(`${forTests ? 'The tests need' : 'The benchmarks need'} the Debian packages ${missing.join(', ')}: ${advice}, then try again.`);
      process.exit(1);
    }
    console.warn(`Missing Debian packages ${missing.join(', ')}: the server will start without speech recognition; ${advice}.`);
  } else {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...missing]);
    if (missing.includes('chromium')) execFileSync(CHROMIUM, ['--version'], { stdio: 'inherit' });
  }
}
