import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { launchWithDevTools } from '../scripts/chromium.mjs';
import { startApiServer, type ApiServer } from '../scripts/api-server.mjs';
import { logIn, waitForBarState } from './demo-page.js';

/**
 * Two real tabs of one browser profile on the demo, in a Chromium driven over DevTools: the tab in front is
 * visible, the other one hidden, as for a person with two tabs.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two tabs share one session', () => {
  let chromium: Awaited<ReturnType<typeof launchWithDevTools>>;
  let browser: Browser;
  let server: ApiServer;

  before(async () => {
    chromium = await launchWithDevTools();
    browser = chromium.browser;
  });
  after(() => chromium?.close());

  async function withServer(body: () => Promise<void>): Promise<void> {
    server = await startApiServer({ LOG_LEVEL: 'info' });
    try {
      await body();
    } catch (err) {
      console.error(server.output());
      throw err;
    } finally {
      await server.stop('SIGKILL');
    }
  }

  /** Two tabs on the demo in one profile, signed out; `checkInterval` in seconds; optionally without BroadcastChannel. */
  async function twoTabs(options: { checkInterval?: number; noBroadcastChannel?: boolean } = {}): Promise<[Page, Page, BrowserContext]> {
    const context = await browser.createBrowserContext();
    const open = async () => {
      const page = await context.newPage();
      if (options.noBroadcastChannel) {
        await page.evaluateOnNewDocument(() => Reflect.deleteProperty(window, 'BroadcastChannel'));
      }
      await page.goto(server.origin + '/');
      await page.locator('session-manager >>> input[name=username]').wait();
      if (options.checkInterval) {
        await page.evaluate((s) => (document.querySelector('session-manager')!.checkInterval = s), options.checkInterval);
      }
      return page;
    };
    const a = await open();
    const b = await open();
    await a.bringToFront();
    return [a, b, context];
  }

  const sessionState = (page: Page) => page.evaluate(() => document.querySelector('session-manager')!.session.state);
  /** Milliseconds until the page's session is in `state`; fails after `timeout`. */
  async function until(page: Page, state: string, timeout = 1000): Promise<number> {
    const start = Date.now();
    await page.waitForFunction((s) => document.querySelector('session-manager')!.session.state === s, { timeout, polling: 20 }, state);
    return Date.now() - start;
  }
  const dialogOpen = (page: Page) =>
    page.evaluate(
      () =>
        document.querySelector('session-manager')!.shadowRoot!.querySelector('session-expiry-warning')!.shadowRoot!.querySelector('dialog')!
          .open,
    );
  const countdown = (page: Page) =>
    page.evaluate(
      () =>
        document.querySelector('session-manager')!.shadowRoot!.querySelector('session-expiry-warning')!.shadowRoot!.querySelector('.time')
          ?.textContent,
    );

  for (const noBroadcastChannel of [false, true]) {
    const how = noBroadcastChannel ? ' (without BroadcastChannel: storage events)' : '';
    it(`login, warning, "Stay Logged In" and logout in one tab reach the hidden one within a second${how}`, async () => {
      await withServer(async () => {
        const [a, b] = await twoTabs({ noBroadcastChannel });
        assert.equal(await b.evaluate(() => document.visibilityState), 'hidden');
        assert.equal(await a.evaluate(() => typeof BroadcastChannel), noBroadcastChannel ? 'undefined' : 'function');

        await logIn(a);
        assert.ok((await until(b, 'active')) < 1000);
        await waitForBarState(b, 'ready', 5000);

        await a.locator('button[data-action=expire]').click();
        await until(a, 'expiring', 5000);
        assert.ok((await until(b, 'expiring')) < 1000, 'the hidden tab warns too');
        assert.ok(await dialogOpen(b));
        assert.equal(await countdown(b), await countdown(a), 'the same countdown');

        await a.locator('session-manager >>> session-expiry-warning >>> dialog[open] button.primary').click();
        await until(a, 'active', 5000);
        assert.ok((await until(b, 'active')) < 1000, 'answered in one tab, closed in the other');
        assert.equal(await dialogOpen(b), false);

        await a.locator('session-manager >>> [part=account] button').click();
        await until(a, 'signed-out', 10000);
        assert.ok((await until(b, 'signed-out')) < 1000);
        assert.match(await b.evaluate(() => document.querySelector('session-manager')!.session.message ?? ''), /logged out in another tab/);
      });
    });
  }

  it('only one tab checks the server; when it closes, the other one takes over', async () => {
    await withServer(async () => {
      const [a, b] = await twoTabs({ checkInterval: 1 });
      await logIn(a);
      await until(b, 'active');
      const counts = new Map<Page, number>([
        [a, 0],
        [b, 0],
      ]);
      for (const page of [a, b]) {
        page.on('request', (request) => {
          if (request.url().endsWith('/api/auth/session-status')) counts.set(page, counts.get(page)! + 1);
        });
      }
      await sleep(5000);
      const [fromA, fromB] = [counts.get(a)!, counts.get(b)!];
      assert.ok(fromA + fromB >= 4 && fromA + fromB <= 6, `one check a second in all: ${fromA} + ${fromB}`);
      assert.ok(Math.min(fromA, fromB) <= 1, `one tab checks for both: ${fromA} + ${fromB}`);
      const [leader, other] = fromA > fromB ? [a, b] : [b, a];
      await leader.close();
      await sleep(500);
      counts.set(other, 0);
      await sleep(4000);
      assert.ok(counts.get(other)! >= 3, `the remaining tab checks now: ${counts.get(other)}`);
      assert.equal(await sessionState(other), 'active');
    });
  });
});
