import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer-core';
import { launchWithDevTools } from '../scripts/chromium.mjs';
import type { ApiServer } from '../scripts/api-server.mjs';
import { logIn, NO_RECOGNIZER, sleep, waitForBarState, withServer } from './demo-page.js';
import { lag, openTwoTabs, sessionState, until, type TwoTabsOptions } from './two-tabs.js';

/**
 * Two real tabs of one browser profile on the demo, in a Chromium driven over DevTools: the tab in front is
 * visible, the other one hidden, as for a person with two tabs.
 */
describe('two tabs share one session', () => {
  let chromium: Awaited<ReturnType<typeof launchWithDevTools>>;
  let browser: Browser;
  let server: ApiServer;
  const run = (body: () => Promise<void>) =>
    withServer(NO_RECOGNIZER, async (started) => {
      server = started;
      await body();
    });

  before(async () => {
    chromium = await launchWithDevTools();
    browser = chromium.browser;
  });
  after(() => chromium?.close());

  const twoTabs = (options: TwoTabsOptions = {}) => openTwoTabs(browser, server.origin, options);
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
    it(`login, warning, "Stay Logged In" and logout in one tab reach the hidden one${how}`, async () => {
      await run(async () => {
        const [a, b] = await twoTabs({ noBroadcastChannel });
        assert.equal(await b.evaluate(() => document.visibilityState), 'hidden');
        assert.equal(await a.evaluate(() => typeof BroadcastChannel), noBroadcastChannel ? 'undefined' : 'function');

        await logIn(a);
        const login = await lag(a, b, 'session-login');
        await until(b, 'active');
        await waitForBarState(b, 'ready', 5000);

        await a.locator('button[data-action=expire]').click();
        await until(a, 'expiring');
        const warning = await lag(a, b, 'session-warning');
        await until(b, 'expiring');
        assert.ok(await dialogOpen(b), 'the hidden tab shows the warning too');
        assert.equal(await countdown(b), await countdown(a), 'the same countdown');

        await a.locator('session-manager >>> session-expiry-warning >>> dialog[open] button.primary').click();
        const extended = await lag(a, b, 'session-extended');
        await until(b, 'active');
        assert.equal(await dialogOpen(b), false, 'answered in one tab, closed in the other');

        await a.locator('session-manager >>> [part=account] button').click();
        const logout = await lag(a, b, 'session-logout');
        await until(b, 'signed-out');
        // How soon is a speed target, measured in bench/tab-sync.ts (a hidden tab's renderer is starved when the
        // machine is busy, as it is beside the other lane of `npm test`: 1.6 s once there, 10-400 ms alone).
        console.log(`lag behind the first tab${how}: login ${login} ms, warning ${warning} ms, extended ${extended} ms, logout ${logout} ms`);
        assert.match(await b.evaluate(() => document.querySelector('session-manager')!.shadowRoot!.querySelector('.notice')?.textContent ?? ''), /logged out in another tab/);
      });
    });
  }

  it('at expiry every tab saves before the server ends the session, and both learn the end together', async () => {
    await run(async () => {
      const [a, b] = await twoTabs();
      await logIn(a);
      await until(b, 'active');
      for (const page of [a, b]) await page.$eval('#note', (el) => ((el as HTMLTextAreaElement).value = 'Patient seen today.'));
      // The absolute timeout 8 s from now: nothing the page does can move it.
      const expiresAt = await a.evaluate(async () => {
        await fetch('/api/dev/expire-session', {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ seconds: 8, absolute: true }),
        });
        const manager = document.querySelector('session-manager')!;
        await manager.checkSession();
        return manager.session.expiresAt! - manager.session.clockOffset;
      });
      await until(b, 'expiring');
      await sleep(expiresAt - Date.now());
      const ended = await lag(a, b, 'session-ended');
      for (const page of [a, b]) {
        await until(page, 'expired', 5000);
        const lastSave = await page.evaluate(() => document.querySelector('session-manager')!.session.lastSave);
        assert.ok(lastSave?.ok, 'the emergency save ran and succeeded');
        assert.ok(lastSave.at < expiresAt, `saved ${expiresAt - lastSave.at} ms before the server's expiry`);
      }
      assert.ok(Math.abs(ended) < 1000, `the end reached both tabs within a second: ${ended} ms`);
    });
  });

  it('only one tab checks the server; when it freezes or closes, the other one takes over', async () => {
    await run(async () => {
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

      // The leader is frozen (a background tab under energy saver): it gives up the lead on `freeze`.
      const cdp = await leader.createCDPSession();
      await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
      await sleep(500);
      counts.set(other, 0);
      counts.set(leader, 0);
      await sleep(4000);
      assert.ok(counts.get(other)! >= 3, `the other tab checks while the leader is frozen: ${counts.get(other)}`);
      assert.equal(counts.get(leader), 0, 'a frozen tab asks nothing');
      await cdp.send('Page.setWebLifecycleState', { state: 'active' });
      await cdp.detach();
      await sleep(1000);

      // The tab that leads now closes: the one that was frozen, back in line, takes over.
      await other.close();
      await sleep(500);
      counts.set(leader, 0);
      await sleep(4000);
      assert.ok(counts.get(leader)! >= 3, `the remaining tab checks now: ${counts.get(leader)}`);
      assert.equal(await sessionState(leader), 'active');
    });
  });
});
