import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import { startApiServer, type ApiServer } from '../scripts/api-server.mjs';
import { speechWav } from '../scripts/speech.mjs';
import { logIn, submitLogin } from './demo-page.js';

// The real demo page on a 320 px phone, as each theme and language shows it: axe (WCAG 2.1 A and AA) on the three
// elements in every state a user meets on the way from logging in to the expiry warning, and nothing wider than the
// screen (WCAG 1.4.10). The component tests check each state alone; this is the bundle, the page and the server.

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations inside the elements (the demo page around them is not the product), as readable lines. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run({ include: [['session-manager']] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}): ${v.help}`);
  });
}

const recordingIs = (page: Page, value: 'on' | 'off') =>
  page.waitForFunction((v) => document.querySelector('dictation-bar')!.getAttribute('recording') === v, { polling: 100 }, value);

const overflowing = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe('the demo at 320 px, in each theme and language, is accessible in every state', () => {
  let browser: Browser;
  let server: ApiServer;

  before(async () => {
    const microphone = await speechWav('The patient reports mild headache.', { padSeconds: 1 });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, ...fakeMicrophoneArgs(microphone)],
    });
    // One server for the matrix: each case logs in afresh in its own browser context.
    server = await startApiServer({ LOG_LEVEL: 'info' });
  });
  after(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const language of ['en', 'es'] as const) {
      it(`${scheme} system theme, ${language}: login error, ready, recording, expiry warning`, async () => {
        const page = await (await browser.createBrowserContext()).newPage();
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await page.setViewport({ width: 320, height: 800 });
        await page.goto(server.origin + '/');
        await page.locator('session-manager >>> input[name=username]').wait();
        await page.select('#language', language);
        const seen: Record<string, string[]> = {};

        await submitLogin(page, 'demo', 'wrong');
        await page.waitForFunction(() => document.querySelector('session-manager')!.shadowRoot!.querySelector('#login-error')!.textContent, { polling: 100 });
        seen['login error'] = await violations(page);

        await logIn(page);
        seen['ready'] = await violations(page);

        await page.click('#note');
        await page.locator('dictation-bar >>> button[part=record-button]').click();
        await recordingIs(page, 'on');
        seen['recording'] = await violations(page);
        assert.equal(await overflowing(page), false, 'the page scrolls sideways while recording');
        await page.locator('dictation-bar >>> button[part=record-button]').click();
        await recordingIs(page, 'off');

        await page.click('#dev-panel [data-action=expire]');
        await page.locator('session-manager >>> session-expiry-warning >>> dialog[open]').wait();
        seen['expiry warning'] = await violations(page);
        assert.equal(await overflowing(page), false, 'the page scrolls sideways with the expiry warning open');

        // The page really is in that theme and language (a test that checked English twice would prove nothing).
        const shown = await page.evaluate(() => {
          const bar = document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[part=bar]')!;
          return { lang: bar.getAttribute('lang'), background: getComputedStyle(bar).backgroundColor };
        });
        assert.equal(shown.lang, language);
        const [r, g, b] = shown.background.match(/\d+/g)!.map(Number) as [number, number, number];
        assert.equal(r + g + b < 3 * 128, scheme === 'dark', `bar background ${shown.background}`);

        assert.deepEqual(seen, { 'login error': [], ready: [], recording: [], 'expiry warning': [] });
        await page.browserContext().close();
      });
    }
  }
});
