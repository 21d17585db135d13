import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import { launchWithDevTools } from '../scripts/chromium.mjs';
import { startApiServer, type ApiServer } from '../scripts/api-server.mjs';
import { startRedis, type TestRedis } from '../server/test/redis.js';
import { FaultProxy } from './fault-proxy.js';
import { logIn, sleep, waitForBarState } from './demo-page.js';

/**
 * The demo in Chromium against server instances sharing Redis, behind a TCP proxy that stands for the load balancer:
 * what a user sees when an instance dies or Redis goes away.
 */
describe('scaled out on Redis, as a user sees it', () => {
  let chromium: Awaited<ReturnType<typeof launchWithDevTools>>;
  let browser: Browser;
  const cleanup: (() => Promise<unknown>)[] = [];

  before(async () => {
    chromium = await launchWithDevTools();
    browser = chromium.browser;
  });
  after(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await chromium?.close();
  });

  async function instance(redis: TestRedis, prefix: string): Promise<ApiServer> {
    const server = await startApiServer({
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      COOKIE_SECRET: 'e2e-secret-that-is-long-enough-1234567',
      RECOGNIZER: 'none',
      LOG_LEVEL: 'info',
    });
    cleanup.push(() => server.stop('SIGKILL'));
    return server;
  }

  /** Instances A and B on one Redis, and the balancer (a TCP proxy) sending to A. */
  async function twoInstancesBehindProxy(redis: TestRedis): Promise<{ a: ApiServer; b: ApiServer; proxy: FaultProxy }> {
    cleanup.push(() => redis.stop());
    const prefix = `e2e-${randomUUID()}:`;
    const [a, b] = await Promise.all([instance(redis, prefix), instance(redis, prefix)]);
    const proxy = await FaultProxy.start();
    cleanup.push(() => proxy.close());
    proxy.retarget(a.port);
    return { a, b, proxy };
  }

  async function openDemo(origin: string): Promise<Page> {
    const page = await (await browser.createBrowserContext()).newPage();
    await page.goto(origin + '/');
    await page.locator('session-manager >>> input[name=username]').wait();
    await logIn(page);
    return page;
  }

  const managerText = (page: Page) => page.$eval('session-manager', (el) => el.shadowRoot!.textContent!.replace(/\s+/g, ' '));
  const loginFormShown = (page: Page) => page.$('session-manager >>> input[name=username]').then((el) => el !== null);

  it('the instance holding the page is killed: the page re-attaches to another one, same session, no new login', async () => {
    const { a, b, proxy } = await twoInstancesBehindProxy(await startRedis());

    const page = await openDemo(proxy.origin);
    const states: string[] = [];
    await page.exposeFunction('linkState', (s: string) => states.push(s));
    await page.evaluate(() =>
      document.addEventListener('dictation-connection-change', (e) => (window as unknown as { linkState(s: string): void }).linkState((e as CustomEvent<{ state: string }>).detail.state)),
    );

    proxy.retarget(b.port);
    const killedAt = performance.now();
    await a.stop('SIGKILL');
    await waitForBarState(page, 'ready', 10_000);
    const back = performance.now() - killedAt;
    await sleep(500);
    assert.equal(await loginFormShown(page), false, 'no login asked for');
    assert.ok(!states.includes('lost'), `no loss reported: ${states.join(', ')}`);
    const status = await page.evaluate(() => fetch('/api/auth/session-status').then((r) => r.status));
    assert.equal(status, 200);
    console.log(`instance killed: the bar was ready again on the other instance after ${Math.round(back)} ms (${states.join(' → ')})`);
    await page.screenshot({ path: `${process.env['E2E_SCREENSHOTS'] ?? '/tmp'}/scale-out-instance-killed.png` }).catch(() => undefined);
  });

  it('an instance dies while Redis is away too: the bar says the session service is unavailable, retries by itself, and is back without a login', async () => {
    const redis = await startRedis({ persist: true });
    const { a, b, proxy } = await twoInstancesBehindProxy(redis);
    const page = await openDemo(proxy.origin);

    await redis.kill();
    proxy.retarget(b.port);
    await a.stop('SIGKILL');
    await page.waitForFunction(
      () => /session service is unavailable/.test(document.querySelector('dictation-bar')?.shadowRoot?.textContent ?? ''),
      { timeout: 10_000, polling: 100 },
    );
    assert.equal(await loginFormShown(page), false, 'nobody was logged out');
    await page.screenshot({ path: `${process.env['E2E_SCREENSHOTS'] ?? '/tmp'}/scale-out-both-down.png` }).catch(() => undefined);

    const restartedAt = performance.now();
    await redis.start();
    await waitForBarState(page, 'ready', 15_000);
    assert.equal(await loginFormShown(page), false);
    console.log(`instance and Redis down: the bar was ready again ${Math.round(performance.now() - restartedAt)} ms after Redis came back`);
  });

  it('Redis goes away: the open bar carries on; a reload says the session service is unavailable and logs back in by itself when Redis is back', async () => {
    const redis = await startRedis({ persist: true });
    cleanup.push(() => redis.stop());
    const server = await instance(redis, `e2e-${randomUUID()}:`);
    const page = await openDemo(server.origin);

    await redis.kill();
    await sleep(3000);
    assert.equal(await page.$eval('dictation-bar', (el) => el.getAttribute('state')), 'ready', 'the open bar is not disturbed');

    await page.reload();
    await page.waitForFunction(
      () => /unavailable for a moment/.test(document.querySelector('session-manager')?.shadowRoot?.textContent ?? ''),
      { timeout: 10_000, polling: 100 },
    );
    assert.match(await managerText(page), /Nobody was logged out: this page checks again/);
    await page.screenshot({ path: `${process.env['E2E_SCREENSHOTS'] ?? '/tmp'}/scale-out-redis-down.png` }).catch(() => undefined);

    const restartedAt = performance.now();
    await redis.start();
    await waitForBarState(page, 'ready', 15_000);
    assert.equal(await loginFormShown(page), false, 'the same session, without a new login');
    console.log(`Redis back: the reloaded page was logged in again by itself after ${Math.round(performance.now() - restartedAt)} ms`);
  });
});
