import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import type { ApiServer } from '../scripts/api-server.mjs';
import { speechWav } from '../scripts/speech.mjs';
import { logIn, NO_RECOGNIZER, waitForBarState, withServer as withFreshServer } from './demo-page.js';

type Server = ApiServer;

/** Set E2E_SCREENSHOTS=dir to keep a picture of each step. */
const shots = process.env['E2E_SCREENSHOTS'];
async function shot(page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

const barState = (page: Page) => page.$eval('dictation-bar', (el) => el.getAttribute('state'));
const barText = (page: Page) =>
  page.$eval('dictation-bar', (el) =>
    [...el.shadowRoot!.querySelectorAll('[role=status],[role=alert]')].map((n) => n.textContent!.trim()).join(''),
  );

const SENTENCE = 'The patient reports mild headache and nausea.';

describe('the demo page, end to end', () => {
  let browser: Browser;

  before(async () => {
    // The microphone is a WAV of a clinician's sentence, synthesised with flite and looped by Chromium.
    const microphone = await speechWav(SENTENCE, { padSeconds: 1 });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        `--user-data-dir=/tmp/e2e-chromium-${process.pid}`,
        ...fakeMicrophoneArgs(microphone),
      ],
    });
  });
  after(() => browser?.close());

  /** A fresh server; without the recognizer unless the test dictates. */
  const withServer = (body: (server: Server) => Promise<void>) => withFreshServer(NO_RECOGNIZER, body);
  const withRecognizer = (body: (server: Server) => Promise<void>) => withFreshServer({}, body);

  /** Console errors, page errors and CSP violations: a page under our own CSP must produce none. */
  const problems = new WeakMap<Page, string[]>();

  /** DevTools network emulation for one page: `network(true)` takes it offline, `network(false)` brings it back. */
  async function networkSwitch(page: Page) {
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const network = (offline: boolean) =>
      cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    return { cdp, network };
  }

  async function openDemo(server: Server): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const seen: string[] = [];
    problems.set(page, seen);
    page.on('pageerror', (err) => seen.push(`page error: ${String(err)}`));
    page.on('console', (msg) => {
      // The failure modes make the browser log the refused connections; everything else is a problem.
      if (msg.type() === 'error' && !/ERR_CONNECTION_REFUSED|WebSocket connection|Failed to load resource/.test(msg.text())) {
        seen.push(`console: ${msg.text()}`);
      }
    });
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.setViewport({ width: 1000, height: 900 });
    await page.goto(server.origin + '/');
    await page.locator('session-manager >>> input[name=username]').wait();
    return page;
  }

  it('log in, see the bar ready, stop the server: the status bar says the service is restarting', async () => {
    await withServer(async (server) => {
      const page = await openDemo(server);
      assert.equal(await barText(page), 'Log in to start dictating.');
      await shot(page, '1-signed-out');
      await logIn(page);
      assert.equal(await barText(page), 'Ready to dictate. Press Dictate or Alt+Shift+D to start.');
      await shot(page, '2-ready');
      await server.stop('SIGTERM');
      await waitForBarState(page, 'lost');
      assert.equal(await barText(page), 'The dictation service is restarting. Log in again in a moment to continue.');
      const notice = await page.$eval('session-manager', (el) => el.shadowRoot!.querySelector('.notice')!.textContent!.trim());
      assert.match(notice, /The dictation service restarted, so your session ended/);
      await shot(page, '3-service-restarting');
      // Under the server's CSP nothing was blocked, the keep-alive worker included.
      assert.deepEqual(problems.get(page), []);
    });
  });

  it('a server that dies without a word is reported as a lost connection', async () => {
    await withServer(async (server) => {
      const page = await openDemo(server);
      await logIn(page);
      await server.stop('SIGKILL');
      await waitForBarState(page, 'lost');
      assert.equal(await barText(page), 'Connection to the dictation service was lost. Log in again when it is back.');
    });
  });

  it('the dev panel restarts the service for real; logging in again and resetting the bar brings dictation back', async () => {
    await withServer(async (server) => {
      const page = await openDemo(server);
      await logIn(page);
      await page.locator('#note').fill('Patient reports mild headache.');
      await page.locator('button[data-action=restart]').click();
      await waitForBarState(page, 'lost');
      assert.equal(await barState(page), 'lost');
      assert.match(await barText(page), /restarting/);
      // The draft was saved by the emergency save before the page was told.
      assert.equal(await page.evaluate(() => localStorage.getItem('dictation-demo:note-draft')), 'Patient reports mild headache.');
      await page.waitForFunction(() => fetch('/api/auth/session-status').then((r) => r.status === 200 || r.status === 401, () => false), { timeout: 15000, polling: 250 });
      await logIn(page);
      await page.locator('#reset-bar').click();
      await waitForBarState(page, 'ready');
      await shot(page, '4-after-reset');
    });
  });

  it('the expiry warning from "expire my session in 30 s" offers to stay logged in', async () => {
    await withServer(async (server) => {
      const page = await openDemo(server);
      await logIn(page);
      await page.locator('button[data-action=expire]').click();
      // Step by step, so a failure says which step: the server moved the expiry, the page warned, then the click.
      await page.waitForFunction(() => document.querySelector('#dev-result')?.textContent === 'Your session now expires in 30 s.', {
        polling: 100,
      });
      await page.waitForFunction(() => document.querySelector('session-manager')!.session.state === 'expiring', { polling: 100 });
      // The button of the open dialog: the closed dialog's button exists from the start, invisible.
      const stay = page.locator('session-manager >>> session-expiry-warning >>> dialog[open] button.primary');
      await stay.wait();
      await shot(page, '5-warning');
      await stay.click();
      await page.waitForFunction(() => document.querySelector('session-manager')!.session.state === 'active');
      assert.equal(await barState(page), 'ready');
    });
  });
  it('offline, then back online: the status bar first says so, then that the network is back and to log in', async () => {
    await withServer(async (server) => {
      const page = await openDemo(server);
      await logIn(page);
      const { network } = await networkSwitch(page);
      await network(true);
      await waitForBarState(page, 'lost', 10000);
      assert.equal(await barText(page), 'You are offline, so dictation stopped. Log in again when you are back online.');
      await network(false);
      await page.waitForFunction(
        () => /The network is back/.test(document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[role=alert]')!.textContent!),
        { timeout: 2000 },
      );
      assert.equal(await barText(page), 'You were offline, so dictation stopped. The network is back: log in again to continue.');
      await shot(page, '8-back-online');
      await logIn(page);
    });
  });

  it('a logout while offline says the server could not end the session, and the next page load finishes it', async () => {
    await withServer(async (server) => {
      const page = await openDemo(server);
      await logIn(page);
      const { cdp, network } = await networkSwitch(page);
      await network(true);
      await page.locator('session-manager >>> [part=account] button').click();
      await page.waitForFunction(
        () => /could not be reached/.test(document.querySelector('session-manager')!.shadowRoot!.textContent!),
        { timeout: 10000 },
      );
      await network(false);
      await cdp.detach(); // the page as it is after the network came back, with nothing emulated
      // The server still has the session and the browser its cookie: a reload must not bring the last user back.
      const calls: string[] = [];
      page.on('request', (r) => r.url().includes('/api/auth/') && calls.push(`${r.method()} ${new URL(r.url()).pathname}`));
      await page.reload();
      // Polled on a timer: the state the manager settles in once the server answered.
      await page.waitForFunction(() => /^(signed-out|active)$/.test(document.querySelector('session-manager')?.session?.state ?? ''), {
        timeout: 15000,
        polling: 100,
      });
      assert.equal(await page.$eval('session-manager', (el) => el.session.state), 'signed-out');
      assert.deepEqual(calls.slice(0, 2), ['POST /api/auth/logout', 'GET /api/auth/session-status']);
      await shot(page, '9-logout-offline-finished');
    });
  });

  it('with a short idle timeout (42 s) the page is usable after login; the warning opens half of it (21 s) before expiry', async () => {
    // Short, and above twice the 20 s the warning never goes below, so the wait is short and the clamp is what acts.
    await withFreshServer({ ...NO_RECOGNIZER, SESSION_IDLE_TIMEOUT_MINUTES: '0.7' }, async (server) => {
      const page = await openDemo(server);
      const warnings: string[] = [];
      page.on('console', (msg) => msg.type() === 'warn' && warnings.push(msg.text()));
      await logIn(page);
      const dialogOpen = () =>
        page.$eval('session-manager', (el) => !!el.shadowRoot!.querySelector('session-expiry-warning')?.shadowRoot?.querySelector('dialog[open]'));
      assert.equal(await page.$eval('session-manager', (el) => el.session.state), 'active');
      assert.equal(await dialogOpen(), false, 'the warning must not open at login');
      assert.ok(warnings.some((w) => /warning-threshold 300 s is too long for the server's idle timeout of 42 s/.test(w)), warnings.join('\n'));
      await page.waitForFunction(() => document.querySelector('session-manager')!.session.state === 'expiring', { timeout: 30000 });
      const left = await page.$eval('session-manager', (el) => (el.session.expiresAt! - (Date.now() + el.session.clockOffset)) / 1000);
      assert.ok(left > 16 && left <= 21.5, `the warning opened ${left} s before expiry`);
      assert.equal(await dialogOpen(), true);
    });
  });

  it('click into the note, press Dictate: the spoken sentence lands at the caret; Stop ends it', async () => {
    await withRecognizer(async (server) => {
      const page = await openDemo(server);
      await logIn(page);
      await page.locator('#note').fill('Seen today.');
      await page.locator('dictation-bar >>> [part=record-button]').click();
      await page.waitForFunction(() => document.querySelector('dictation-bar')!.getAttribute('recording') === 'on', { timeout: 10000 });
      assert.match(await barText(page), /^Listening/);
      await page.waitForFunction(() => /headache/i.test((document.querySelector('#note') as HTMLTextAreaElement).value), {
        timeout: 20000,
      });
      await shot(page, '6-dictated');
      await page.locator('dictation-bar >>> [part=record-button]').click();
      await page.waitForFunction(() => document.querySelector('dictation-bar')!.getAttribute('recording') === 'off', { timeout: 5000 });
      const note = await page.$eval('#note', (el) => (el as HTMLTextAreaElement).value);
      // Appended after the existing sentence, with a space and a capital, as a person would type it.
      assert.match(note, /^Seen today\. The patient reports mild headache/);
      const log = await page.$eval('#log', (el) => el.textContent!);
      assert.match(log, /recording on/);
      assert.match(log, /dictated "/);
      assert.deepEqual(problems.get(page), []);
    });
  });

  it('with speech recognition turned off on the server, Dictate says so in the status bar', async () => {
    await withRecognizer(async (server) => {
      const page = await openDemo(server);
      await logIn(page);
      await page.locator('#note').click();
      await page.locator('button[data-action=recognizer]').click();
      await page.waitForFunction(() => /off/.test(document.querySelector('#dev-result')!.textContent!));
      await page.locator('dictation-bar >>> [part=record-button]').click();
      await page.waitForFunction(
        () => /not available on the server/.test(document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[role=status]')!.textContent!),
        { timeout: 10000 },
      );
      assert.equal(await page.$eval('dictation-bar', (el) => el.getAttribute('recording')), 'off');
      await shot(page, '7-recognizer-off');
    });
  });
});
