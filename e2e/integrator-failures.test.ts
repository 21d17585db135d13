import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { createServer } from 'node:http';
import { freePort } from '../scripts/api-server.mjs';
import { NO_RECOGNIZER, submitLogin, withServer } from './demo-page.js';

// The failures a page author meets first, said in words they can act on: in the status bar for the user, and
// once in the console for the author. The page is served from http://localhost:<port>, the service from
// http://127.0.0.1:<port>: another origin and, for cookies, another site (both on loopback, as Chromium's local
// network rules want).

/** A CMS page on its own server: the two tags pasted in, pointing at the service. */
async function startCmsPage(): Promise<{ origin: string; setApi(origin: string): void; close(): Promise<void> }> {
  let api = '';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><html lang="en"><title>CMS</title>
      <script type="module" src="${api}/api/dictation-bar.js"></script>
      <session-manager api-base="${api}/api"><textarea aria-label="Note"></textarea><dictation-bar></dictation-bar></session-manager>`);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${port}`,
    setApi: (origin) => void (api = origin),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function openCmsPage(browser: Browser, url: string): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await (await browser.createBrowserContext()).newPage();
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && msg.text().startsWith('dictation-bar:')) consoleErrors.push(msg.text());
  });
  await page.goto(url);
  return { page, consoleErrors };
}

const loginPanelText = (page: Page) =>
  page.$eval('session-manager', (el) => el.shadowRoot!.querySelector('.login')?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

describe('failures a page author can act on', () => {
  let browser: Browser;
  let cms: Awaited<ReturnType<typeof startCmsPage>>;
  before(async () => {
    cms = await startCmsPage();
    browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await cms?.close();
  });

  it('a page whose origin is not in ALLOWED_ORIGINS still renders, and says so', async () => {
    await withServer({ ...NO_RECOGNIZER, ALLOWED_ORIGINS: 'https://cms.example.org' }, async (server) => {
      cms.setApi(server.origin);
      const { page, consoleErrors } = await openCmsPage(browser, cms.origin);
      await page.waitForFunction(() => document.querySelector('session-manager')?.shadowRoot?.querySelector('.notice:not([hidden])'), {
        timeout: 10000,
      });
      assert.match(await loginPanelText(page), /does not accept this page's address \(http:\/\/localhost:\d+\)\. Ask your IT team/);
      assert.equal(consoleErrors.length, 1, consoleErrors.join('\n'));
      assert.match(consoleErrors[0]!, /Add http:\/\/localhost:\d+ to the server's ALLOWED_ORIGINS/);
    });
  });

  it('a browser that refuses the session cookie (page on another site) is told apart from a logout', async () => {
    await withServer({ ...NO_RECOGNIZER, ALLOWED_ORIGINS: cms.origin }, async (server) => {
      cms.setApi(server.origin);
      const { page, consoleErrors } = await openCmsPage(browser, cms.origin);
      await submitLogin(page, 'demo', 'demo');
      await page.waitForFunction(() => document.querySelector('session-manager')?.shadowRoot?.querySelector('#login-error')?.textContent, {
        timeout: 10000,
      });
      const text = await loginPanelText(page);
      assert.match(text, /Your browser refused the dictation service's login cookie/);
      assert.doesNotMatch(text, /another tab/);
      assert.equal(await page.$eval('session-manager', (el) => el.session.state), 'signed-out');
      assert.equal(consoleErrors.length, 1, consoleErrors.join('\n'));
      assert.match(consoleErrors[0]!, /did not keep the session cookie of http:\/\/127\.0\.0\.1:\d+ on http:\/\/localhost:\d+/);
    });
  });
});
