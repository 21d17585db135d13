import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer-core';
import { launchWithDevTools } from '../scripts/chromium.mjs';
import type { ApiServer } from '../scripts/api-server.mjs';
import { logIn, NO_RECOGNIZER, sleep, waitForBarState, withServer } from './demo-page.js';

/**
 * The browser's page lifecycle against the real server, in a Chromium driven over DevTools (where hidden tabs,
 * frozen pages and the back/forward cache really happen). The timings are the defaults divided by four: keep-alives
 * every 5 s instead of 20 s, so the server's silence rule (two intervals) is 10 s instead of 40 s; the socket grace
 * stays 5 s. A 7.5 s freeze stands for the 30 s freeze of a background tab, a 20 s one for a 60 s one.
 */
const KEEPALIVE_SECONDS = 5;
const GRACE_SECONDS = 5;

describe('the page lifecycle never fakes a loss nor hides a real one', () => {
  let chromium: Awaited<ReturnType<typeof launchWithDevTools>>;
  let browser: Browser;
  let server: ApiServer;

  before(async () => {
    chromium = await launchWithDevTools();
    browser = chromium.browser;
  });
  after(() => chromium?.close());

  const run = (body: () => Promise<void>) =>
    withServer({ ...NO_RECOGNIZER, KEEPALIVE_INTERVAL_SECONDS: String(KEEPALIVE_SECONDS), SOCKET_GRACE_SECONDS: String(GRACE_SECONDS) }, async (started) => {
      server = started;
      await body();
    });

  /** The demo, logged in, with the bar's keep-alive at the server's interval; lifecycle events and link states are recorded. */
  async function openDemo(): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(() => {
      const log: string[] = ((window as unknown as { lifecycle: string[] }).lifecycle = []);
      document.addEventListener('freeze', () => log.push('freeze'));
      document.addEventListener('resume', () => log.push('resume'));
      document.addEventListener('visibilitychange', () => log.push(document.visibilityState));
      window.addEventListener('pageshow', (e) => log.push(e.persisted ? 'pageshow-persisted' : 'pageshow'));
      document.addEventListener('dictation-connection-change', (e) => log.push(`link:${(e as CustomEvent<{ state: string }>).detail.state}`));
    });
    await page.goto(server.origin + '/');
    await page.locator('session-manager >>> input[name=username]').wait();
    await page.evaluate((s) => (document.querySelector('dictation-bar')!.keepAliveInterval = s), KEEPALIVE_SECONDS);
    await logIn(page);
    return page;
  }

  const lifecycle = (page: Page) => page.evaluate(() => (window as unknown as { lifecycle: string[] }).lifecycle);
  const alertText = (page: Page) =>
    page.$eval('dictation-bar', (el) => el.shadowRoot!.querySelector('[role=alert]')!.textContent!.trim());
  /** The session as the server sees it, asked from the page's own cookie jar. */
  const serverStatus = (page: Page) =>
    page.evaluate(() =>
      fetch('/api/auth/session-status', { credentials: 'include' }).then(async (r) =>
        r.ok ? 200 : ((await r.json()) as { error: { code: string } }).error.code,
      ),
    );

  async function freeze(page: Page, ms: number): Promise<void> {
    const cdp = await page.createCDPSession();
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    await sleep(ms);
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await cdp.detach();
    const events = await lifecycle(page);
    assert.ok(events.includes('freeze') && events.includes('resume'), `the page was frozen and resumed: ${events.join(', ')}`);
  }

  it('a freeze shorter than the server\'s silence rule: no loss, the socket is back, nothing alarming said', async () => {
    await run(async () => {
      const page = await openDemo();
      await freeze(page, 1.5 * KEEPALIVE_SECONDS * 1000);
      await waitForBarState(page, 'ready', 5000);
      await sleep(1000);
      const events = await lifecycle(page);
      assert.ok(!events.includes('link:lost'), `never reported lost: ${events.join(', ')}`);
      assert.equal(await alertText(page), '');
      assert.equal(await serverStatus(page), 200);
    });
  });

  it('a freeze past the silence rule and the grace: the server ended the session, the bar says it was the keep-alive timeout', async () => {
    await run(async () => {
      const page = await openDemo();
      await freeze(page, (2 * KEEPALIVE_SECONDS + GRACE_SECONDS + 5) * 1000);
      await waitForBarState(page, 'lost', 5000);
      assert.equal(
        await alertText(page),
        'The dictation service stopped hearing from this page (keep-alive timeout). Log in again to continue.',
      );
      assert.equal(await serverStatus(page), 'KEEPALIVE_TIMEOUT');
    });
  });

  it('navigated away and back within the grace (back/forward cache): the same session, the socket is back', async () => {
    await run(async () => {
      const page = await openDemo();
      await page.goto('data:text/html,<title>elsewhere</title><p>elsewhere</p>');
      await sleep(2000);
      await page.goBack();
      const events = await lifecycle(page);
      assert.ok(events.includes('pageshow-persisted'), `restored from the back/forward cache: ${events.join(', ')}`);
      await waitForBarState(page, 'ready', 5000);
      assert.equal(await serverStatus(page), 200);
      assert.ok(!events.includes('link:lost'));
    });
  });

  it('navigated away for good: the server ends the session within the grace + 2 s; coming back later says why', async () => {
    await run(async () => {
      const page = await openDemo();
      const left = Date.now();
      await page.goto('data:text/html,<title>elsewhere</title><p>elsewhere</p>');
      // Another tab of the same profile asks the server (the page that left holds no socket and asks nothing).
      const other = await page.browserContext().newPage();
      await other.goto(server.origin + '/demo.css');
      let status: number | string = 200;
      while (status === 200 && Date.now() - left < (GRACE_SECONDS + 4) * 1000) {
        await sleep(250);
        status = await serverStatus(other);
      }
      const endedAfter = Date.now() - left;
      assert.equal(status, 'PAGE_LEFT');
      assert.ok(endedAfter <= (GRACE_SECONDS + 2) * 1000, `ended ${endedAfter} ms after the page left`);
      await other.close();
      await page.goBack();
      await waitForBarState(page, 'lost', 5000);
      assert.equal(
        await alertText(page),
        'Your session ended while this page was closed or away, so dictation stopped. Log in again to continue.',
      );
    });
  });

  it('a hidden tab keeps its keep-alives going for longer than two intervals', async () => {
    await run(async () => {
      const page = await openDemo();
      const front = await page.browserContext().newPage();
      await front.goto('data:text/html,<p>another tab in front</p>');
      await front.bringToFront();
      await sleep(500);
      assert.equal(await page.evaluate(() => document.visibilityState), 'hidden');
      await sleep(2.5 * KEEPALIVE_SECONDS * 1000);
      assert.equal(await page.evaluate(() => document.visibilityState), 'hidden', 'still hidden all along');
      assert.equal(await page.$eval('dictation-bar', (el) => el.getAttribute('state')), 'ready');
      assert.equal(await serverStatus(page), 200);
      const events = await lifecycle(page);
      assert.ok(!events.includes('link:lost'), `never lost: ${events.join(', ')}`);
      assert.doesNotMatch(server.output(), /Keep-alive timeout|KEEPALIVE_TIMEOUT/);
    });
  });
});
