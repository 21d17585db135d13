import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import { speechScriptWav } from '../scripts/speech.mjs';
import { logIn, withServer } from './demo-page.js';

// Issue 25 as a clinician meets it, in the real demo: the dev panel plugs in a simulated SpeechMike (a WebHID device
// in the page speaking the SpeechMike's own reports), the bar pairs it, and its keys record, stop and move between
// an auto-text's fields, its record light following the bar.

const SCRIPT = ['Insert normal chest exam.'];
const AUTO_TEXT = 'Chest [clear|crackles|wheeze] bilaterally. Heart sounds [ ].';

/** Set E2E_SCREENSHOTS=dir to keep a picture of each step. */
const shots = process.env['E2E_SCREENSHOTS'];

const inBar = (selector: string) => `dictation-bar >>> ${selector}`;
const note = (page: Page) => page.$eval('#note', (el) => (el as HTMLTextAreaElement).value);
const selected = (page: Page) => page.$eval('#note', (el) => (el as HTMLTextAreaElement).value.slice((el as HTMLTextAreaElement).selectionStart, (el as HTMLTextAreaElement).selectionEnd));
const light = (page: Page) => page.$eval('#speechmike-light', (el) => el.getAttribute('aria-label'));

/** A tap of one of the simulated SpeechMike's keys, with the mouse, as a person clicks it on screen. */
async function tap(page: Page, key: string): Promise<void> {
  const button = (await page.$(`#speechmike [data-key=${key}]`))!;
  // The bar's choice list may have scrolled the page: the key must be on screen to be clicked.
  await button.scrollIntoView();
  const box = (await button.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await new Promise((resolve) => setTimeout(resolve, 80));
  await page.mouse.up();
}

describe('a dictation microphone in the demo', () => {
  let browser: Browser;
  before(async () => {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, `--user-data-dir=/tmp/e2e-devices-${process.pid}`, ...fakeMicrophoneArgs(await speechScriptWav(SCRIPT))],
    });
  });
  after(async () => {
    await browser?.close();
  });

  it('the simulated SpeechMike pairs from the bar, records, stops, and moves between an auto-text’s fields', async () => {
    await withServer({}, async (server) => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1000, height: 1300 });
      await page.goto(server.origin);
      // Chromium has WebHID: the control is there before any device is.
      await page.waitForFunction(() => document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[part=device-button]'), { polling: 'raf' });
      await logIn(page);
      const saved = await page.evaluate(async (body) => {
        const res = await fetch('/api/auto-texts', { method: 'PUT', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'normal chest exam', body }) });
        return res.status;
      }, AUTO_TEXT);
      assert.equal(saved, 200);

      await page.locator('[data-action=plug-speechmike]').click();
      await page.waitForFunction(() => !document.querySelector<HTMLElement>('#speechmike')!.hidden);
      await page.locator(inBar('[part=device-button]')).click();
      await page.waitForFunction(() => document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[part=device-button]')!.textContent!.trim() === 'SpeechMike Premium', { polling: 'raf', timeout: 5000 });
      if (shots) await page.screenshot({ path: `${shots}/microphone-paired.png` });
      assert.equal(await light(page), 'Record light: off');

      await page.locator('#note').click();
      await tap(page, 'RECORD');
      await page.waitForFunction(() => document.querySelector('dictation-bar')!.getAttribute('recording') === 'on', { timeout: 10000 });
      await page.waitForFunction(() => document.querySelector('#speechmike-light')!.getAttribute('aria-label') === 'Record light: red', { timeout: 2000 });
      for (let waited = 0; !/Heart sounds/.test(await note(page)); waited += 200) {
        if (waited > 30000) assert.fail(`the auto-text never came: "${await note(page)}"`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      if (shots) await page.screenshot({ path: `${shots}/microphone-recording.png` });
      await tap(page, 'STOP');
      await page.waitForFunction(() => document.querySelector('dictation-bar')!.getAttribute('recording') === 'off', { timeout: 10000 });
      assert.equal(await light(page), 'Record light: off');
      // A choice field shows its first choice; the first field is selected after the insertion (its choices open).
      assert.equal(await note(page), 'Chest [clear] bilaterally. Heart sounds [ ].');
      assert.equal(await selected(page), '[clear]');
      await page.keyboard.press('Escape');
      await tap(page, 'FORWARD');
      await page.waitForFunction(() => { const n = document.querySelector<HTMLTextAreaElement>('#note')!; return n.value.slice(n.selectionStart, n.selectionEnd) === '[ ]'; }, { timeout: 5000 });
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'note', 'the keys took no focus from the note');
      await tap(page, 'REWIND');
      await page.waitForFunction(() => { const n = document.querySelector<HTMLTextAreaElement>('#note')!; return n.value.slice(n.selectionStart, n.selectionEnd) === '[clear]'; }, { timeout: 5000 });
      // Back on a choice field: its choices open again, for a key, a click or "choose 2".
      await page.waitForFunction(() => /Choose for this field/.test(document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[part=choices]')?.textContent ?? ''), { polling: 'raf', timeout: 5000 });
      if (shots) await page.screenshot({ path: `${shots}/microphone-fields.png` });

      // Unplugged: the bar says so and offers to connect one again; plugged back, it connects by itself.
      await page.locator('[data-action=plug-speechmike]').click();
      await page.waitForFunction(() => /unplugged/.test(document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[role=status]')!.textContent!), { polling: 'raf', timeout: 5000 });
      await page.locator('[data-action=plug-speechmike]').click();
      await page.waitForFunction(() => document.querySelector('dictation-bar')!.shadowRoot!.querySelector('[part=device-button]')!.textContent!.trim() === 'SpeechMike Premium', { polling: 'raf', timeout: 5000 });
      const log = await page.$eval('#log', (el) => el.textContent!);
      assert.match(log, /SpeechMike Premium RECORD pressed \(record\)/);
      assert.match(log, /dictation microphones: SpeechMike Premium/);
    });
  });
});
