import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import { speechScriptWav } from '../scripts/speech.mjs';
import { startPostgres, type TestPostgres } from '../server/test/postgres.js';
import { submitLogin, waitForBarState, withServer } from './demo-page.js';

// Issue 24 as a clinician meets it, in the real demo: she adds a word and an auto-text in the bar's panel, says
// "insert normal chest exam", fills its fields by voice, and a second instance sharing the same PostgreSQL sees
// her lists.

// A field's words said over it ("crackles" over the selected "[clear]"): "choose two" after an auto-text was heard as
// "she is due" with this voice even without her words (choosing is tested by voice in e2e/voice-editing.test.ts).
const SCRIPT = ['Insert normal chest exam.', 'Crackles.', 'Next field.', 'Regular.'];
const AUTO_TEXT = 'Chest [clear|crackles|wheeze] bilaterally. Heart sounds [ ].';

/** Set E2E_SCREENSHOTS=dir to keep a picture of each step. */
const shots = process.env['E2E_SCREENSHOTS'];

describe('her words and auto-texts', () => {
  let browser: Browser;
  let postgres: TestPostgres;
  before(async () => {
    postgres = await startPostgres();
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, `--user-data-dir=/tmp/e2e-lists-${process.pid}`, ...fakeMicrophoneArgs(await speechScriptWav(SCRIPT))],
    });
  });
  after(async () => {
    await browser?.close();
    await postgres?.stop();
  });

  it('added in the panel, an auto-text inserted and filled by voice; a second instance on the same PostgreSQL sees them', async () => {
    const shared = { DATABASE_URL: postgres.url };
    await withServer(shared, async (first) => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1000, height: 1100 });
      await page.goto(first.origin);
      await submitLogin(page, 'demo', 'demo');
      await waitForBarState(page, 'ready');

      await page.locator('dictation-bar >>> [part=lists-button]').click();
      // Polled by frame: puppeteer's selector waits watch the document's mutations, not a shadow root's.
      await page.waitForFunction(() => document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[part=lists] input[name=phrase]'), { polling: 'raf' });
      await page.locator('dictation-bar >>> input[name=phrase]').fill('statin');
      await page.locator('dictation-bar >>> input[name=soundsLike]').fill('stat in');
      await page.locator('dictation-bar >>> [part=lists] form button[type=submit]').click();
      await page.waitForFunction(() => /Saved “statin”/.test(document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[part=lists] [role=status]')!.textContent!));
      await page.locator('dictation-bar >>> input[name=name]').fill('normal chest exam');
      await page.locator('dictation-bar >>> textarea[name=body]').fill(AUTO_TEXT);
      await page.$$eval('dictation-bar >>> [part=lists] form button[type=submit]', (buttons) => (buttons[1] as HTMLButtonElement).click());
      await page.waitForFunction(() => /Saved “normal chest exam”/.test(document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[part=lists] [role=status]')!.textContent!));
      if (shots) await page.screenshot({ path: `${shots}/lists-panel.png` });
      await page.keyboard.press('Escape');

      // By voice, in the demo's note.
      await page.locator('#note').click();
      await page.locator('dictation-bar >>> [part=record-button]').click();
      const note = () => page.$eval('#note', (el) => (el as HTMLTextAreaElement).value);
      for (let waited = 0; !/regular/i.test(await note()); waited += 200) {
        if (waited > 40000) assert.fail(`the script never finished: "${await note()}"`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await page.locator('dictation-bar >>> [part=record-button]').click();
      await page.waitForFunction(() => document.querySelector('dictation-bar')!.getAttribute('recording') === 'off', { timeout: 10000 });
      if (shots) await page.screenshot({ path: `${shots}/lists-auto-text.png` });
      const text = await note();
      assert.equal(text, 'Chest crackles bilaterally. Heart sounds regular.');
      assert.doesNotMatch(text, /\[|\]/, 'every field was filled');

      // Another instance of the deployment, on the same database, with sessions of its own.
      await withServer({ ...shared, RECOGNIZER: 'none' }, async (second) => {
        const login = await fetch(`${second.origin}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: second.origin },
          body: JSON.stringify({ username: 'demo', password: 'demo' }),
        });
        assert.equal(login.status, 200);
        const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
        const lists = (await (await fetch(`${second.origin}/api/my-lists`, { headers: { cookie } })).json()) as {
          words: { phrase: string; soundsLike?: string }[];
          autoTexts: { name: string; body: string }[];
        };
        assert.deepEqual(lists.words.map(({ phrase, soundsLike }) => ({ phrase, soundsLike })), [{ phrase: 'statin', soundsLike: 'stat in' }]);
        assert.deepEqual(lists.autoTexts.map(({ name, body }) => ({ name, body })), [{ name: 'normal chest exam', body: AUTO_TEXT }]);
      });
    });
  });
});
