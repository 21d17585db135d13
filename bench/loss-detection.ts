/**
 * How long the demo page takes to say that the link is lost, with the product defaults (keep-alive every 20 s,
 * 5 s ack timeout), in Debian's Chromium against the real server:
 * - "silent server": the server stops answering keep-alives (a black-holed link); bound: interval + timeout.
 * - "killed server": the process dies (SIGKILL); the OS resets the connection.
 * - "graceful restart": SIGTERM; every socket gets 1012.
 *
 *   npx tsx bench/loss-detection.ts [samples]      (default 3; a silent-server sample takes up to 25 s)
 */
import puppeteer, { type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { startApiServer, type ApiServer } from '../scripts/api-server.mjs';
import { logIn } from '../e2e/demo-page.js';

const samples = Number(process.argv[2] ?? 3);

async function loggedInPage(server: ApiServer): Promise<Page> {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  page.once('close', () => void browser.close());
  await page.goto(server.origin + '/');
  await logIn(page);
  return page;
}

/** Milliseconds from `trigger` until the bar says the link is lost, timed in the page. */
async function timeToLost(page: Page, trigger: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { lostAt?: number };
    new MutationObserver(() => {
      if (document.querySelector('dictation-bar')?.getAttribute('state') === 'lost') w.lostAt ??= performance.now();
    }).observe(document.querySelector('dictation-bar')!, { attributes: true });
  });
  const start = await page.evaluate(() => performance.now());
  await trigger();
  await page.waitForFunction(() => (window as unknown as { lostAt?: number }).lostAt !== undefined, { timeout: 40_000 });
  return (await page.evaluate(() => (window as unknown as { lostAt: number }).lostAt)) - start;
}

async function scenario(name: string, run: (server: ApiServer, page: Page) => Promise<void>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const server = await startApiServer();
    const page = await loggedInPage(server);
    // A random phase within the keep-alive cycle, as for a real failure.
    await new Promise((r) => setTimeout(r, Math.random() * 2000));
    times.push(await timeToLost(page, () => run(server, page)));
    await page.close();
    await server.stop('SIGKILL');
  }
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`${name.padEnd(18)} min ${fmt(Math.min(...times))}  max ${fmt(Math.max(...times))}  (${times.map(fmt).join(', ')})`);
}

console.log(`defaults: keep-alive 20 s, timeout 5 s; ${samples} samples each\n`);
await scenario('silent server', async (_server, page) => {
  await page.evaluate(() => fetch('/api/dev/silence-link', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ silent: true }),
  }).then(() => undefined));
});
await scenario('killed server', (server) => server.stop('SIGKILL'));
await scenario('graceful restart', (server) => server.stop('SIGTERM'));
