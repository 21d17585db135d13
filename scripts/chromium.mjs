// One place for how tests launch Debian's Chromium: headless, and quiet on this machine's closed network.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Chromium's fake microphone playing `wav` (every new capture plays it from the start, looping), granted without a prompt. */
export function fakeMicrophoneArgs(wav) {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`];
}

/**
 * Chromium started by us and driven over DevTools, for what `puppeteer.launch()` hides: there the tab in front is
 * visible and the others hidden, a frozen page really stops, and the back/forward cache is on. Resolves
 * `{ browser, close }`; `close()` also removes the profile.
 */
export async function launchWithDevTools(extraArgs = []) {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const puppeteer = (await import('puppeteer-core')).default;
  const profile = mkdtempSync(join(tmpdir(), 'chromium-devtools-'));
  const child = spawn(
    CHROMIUM_PATH,
    [...CHROMIUM_ARGS, '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`, ...extraArgs, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${seen}`)), 20_000);
    child.stderr.on('data', (data) => {
      seen += data;
      const match = seen.match(/DevTools listening on (ws:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${seen}`)));
  });
  const browser = await puppeteer.connect({ browserWSEndpoint: endpoint, defaultViewport: { width: 1000, height: 900 } });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      if (child.exitCode === null) {
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGKILL');
        });
      }
      // Chromium's helper processes may still be writing the profile for a moment: removing it is best effort.
      await new Promise((resolve) => setTimeout(resolve, 200));
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      } catch {
        /* a temp directory left behind is not a test failure */
      }
    },
  };
}
