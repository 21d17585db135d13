import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { NO_RECOGNIZER, waitForBarState, withServer } from './demo-page.js';

// A host page with a strict Content Security Policy, as a hospital portal sends it: the README's recipe must be
// enough, and the elements must cause no violation at all (a keep-alive worker refused would be one on every view).

const NONCE = 'r4nd0mN0nce';
const POLICIES: Record<string, string> = {
  'Trusted Types enforced': [
    "default-src 'self'",
    "script-src 'self'",
    'worker-src blob:',
    "require-trusted-types-for 'script'",
    'trusted-types lit-html dictation-bar',
  ].join('; '),
  "a nonce with 'strict-dynamic'": [
    "default-src 'self'",
    `script-src 'nonce-${NONCE}' 'strict-dynamic'`,
    'worker-src blob:',
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; '),
};

async function openPage(browser: Browser, origin: string, policy: string): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.createBrowserContext()).newPage();
  const problems: string[] = [];
  const log: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${String(err)}`));
  page.on('console', (msg) => {
    // 401: the first status check, before the login; 404: the browser's own favicon request.
    log.push(`console ${msg.type()}: ${msg.text()}`);
    if (msg.type() === 'error' && !/status of 40[14]/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const url = `${origin}/strict-page.html`;
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() !== url) return void request.continue();
    void request.respond({
      status: 200,
      headers: { 'content-security-policy': policy },
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><title>Portal</title>
        <script type="module" nonce="${NONCE}" src="/api/dictation-bar.js"></script>
        <session-manager api-base="/api"><textarea aria-label="Note"></textarea><dictation-bar></dictation-bar></session-manager>`,
    });
  });
  await page.goto(url);
  // Polled on a timer: Puppeteer's locators also wait for two animation frames of a stable box, and this page was
  // seen (1 run in 4 under load) with its form rendered and no frame for 30 s.
  await page.waitForFunction(() => document.querySelector('session-manager')?.shadowRoot?.querySelector('input[name=username]'), { polling: 100, timeout: 30000 }).catch(async (err: unknown) => {
    // If it ever times out again: what the page was doing.
    const state = await page
      .evaluate(() => {
        const manager = document.querySelector('session-manager');
        return `defined: ${String(customElements.get('session-manager') !== undefined)}, state: ${manager?.session?.state}, shadow: ${manager?.shadowRoot?.innerHTML.slice(0, 300)}`;
      })
      .catch((e: unknown) => String(e));
    throw new Error(`${String(err)}\n${state}\n${problems.join('\n')}\n${log.join('\n')}`);
  });
  return { page, problems };
}

/** The demo's logIn, through element handles instead of locators (no wait for animation frames; see openPage). */
async function logInByHandles(page: Page): Promise<void> {
  const field = (selector: string) => page.$(`session-manager >>> ${selector}`);
  await (await field('input[name=username]'))!.type('demo');
  await (await field('input[name=password]'))!.type('demo');
  await (await field('button[type=submit]'))!.click();
  await waitForBarState(page, 'ready');
}

describe('under a strict Content Security Policy', () => {
  let browser: Browser;
  before(async () => {
    // The page is answered by the browser itself (request interception, to send each policy as a header), which
    // Chromium's local-network rules take for a public page talking to 127.0.0.1: those rules are not under test.
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'],
    });
  });
  after(() => browser?.close());

  for (const [name, policy] of Object.entries(POLICIES)) {
    it(`${name}: log in, the bar connects and keeps its link, no violation`, async () => {
      await withServer(NO_RECOGNIZER, async (server) => {
        const { page, problems } = await openPage(browser, server.origin, policy);
        await logInByHandles(page).catch((err: unknown) => {
          throw new Error(`${String(err)}\n${problems.join('\n')}`);
        });
        // Two keep-alive rounds on the worker's timers (the bar's interval shortened for the test).
        await page.$eval('dictation-bar', (bar) => bar.setAttribute('keep-alive-interval', '1'));
        await new Promise((r) => setTimeout(r, 2500));
        assert.equal(await page.$eval('dictation-bar', (bar) => bar.getAttribute('state')), 'ready');
        assert.deepEqual(problems, []);
        await page.browserContext().close();
      });
    });
  }
});
