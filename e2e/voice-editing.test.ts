import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import { speechScriptWav } from '../scripts/speech.mjs';
import { submitLogin, waitForBarState, withServer } from './demo-page.js';

// Editing by voice in the demo, as a clinician does it: the microphone speaks a script of dictation and commands
// (flite, with the pauses a person makes), the real server recognises it, and the bar runs the commands in the
// demo's plain note and in its rich-text letter (CKEditor 5).

const SCRIPT = ['The abdomen is soft.', 'Scratch that.', 'The abdomen is tender.', 'Correct that.', 'Choose two.', 'Select abdomen.', 'All caps that.'];

/** Set E2E_SCREENSHOTS=dir to keep a picture of each step. */
const shots = process.env['E2E_SCREENSHOTS'];

const barStatus = (page: Page) => page.$eval('dictation-bar', (el) => el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim());

describe('editing by voice in the demo', () => {
  let browser: Browser;
  before(async () => {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, `--user-data-dir=/tmp/e2e-voice-${process.pid}`, ...fakeMicrophoneArgs(await speechScriptWav(SCRIPT))],
    });
  });
  after(() => browser?.close());

  const FIELDS = {
    'the plain note': { click: '#note', text: () => (document.querySelector('#note') as HTMLTextAreaElement).value },
    'the rich-text letter (CKEditor 5)': {
      click: '.ck-editor__editable',
      text: () => {
        const div = document.createElement('div');
        div.innerHTML = (window as unknown as { letterEditor: { getData(): string } }).letterEditor.getData();
        return div.textContent!.replace(/\u00a0/g, ' ');
      },
    },
  };

  /** One clinician's session on its own page (its own browser context), dictating the script into `name`. */
  async function editByVoice(origin: string, name: keyof typeof FIELDS, user: string): Promise<void> {
    const field = FIELDS[name];
    const page = await (await browser.createBrowserContext()).newPage();
    await page.setViewport({ width: 1000, height: 1100 });
    await page.goto(origin);
    await submitLogin(page, user, user);
    await waitForBarState(page, 'ready');
    if (name.includes('CKEditor')) await page.waitForFunction(() => 'letterEditor' in window, { timeout: 10000 });
    const commands: string[] = [];
    await page.exposeFunction('onCommand', (c: string) => commands.push(c));
    await page.evaluate(() =>
      document.querySelector('dictation-bar')!.addEventListener('dictation-command', (e) => (window as unknown as { onCommand(c: string): void }).onCommand(e.detail.name)),
    );
    await page.locator(field.click).click();
    await page.locator('dictation-bar >>> [part=record-button]').click();
    let choices: string[] = [];
    // The script, once: the last command is "all caps that".
    for (const expected of ['scratch', 'correctThat', 'choose', 'select', 'allCaps']) {
      for (let waited = 0; !commands.includes(expected); waited += 100) {
        if (waited > 30000) assert.fail(`${name}: "${expected}" never ran (commands: ${commands.join(', ')}; text: ${await page.evaluate(field.text)})`);
        if (expected === 'choose' && choices.length === 0) {
          choices = await page.$$eval('dictation-bar >>> [role=option] .text', (options) => options.map((o) => o.textContent!));
          if (choices.length > 0 && shots) await page.screenshot({ path: `${shots}/voice-${name.split(' ')[2]}-choices.png` });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await page.locator('dictation-bar >>> [part=record-button]').click();
    await page.waitForFunction(() => document.querySelector('dictation-bar')!.getAttribute('recording') === 'off', { timeout: 10000 });
    if (shots) await page.screenshot({ path: `${shots}/voice-${name.split(' ')[2]}.png` });
    const text = await page.evaluate(field.text);
    assert.ok(choices.length >= 2, `${name}: the correction list offered ${JSON.stringify(choices)}`);
    // "soft" was scratched; "tender" was corrected to the second choice; "abdomen" is in capitals.
    assert.doesNotMatch(text, /soft/i);
    const chosen = choices[1]!.replace(/abdomen/i, 'ABDOMEN');
    assert.equal(text.replace(/\.$/, '').toLowerCase(), chosen.toLowerCase(), `${name}: text "${text}", choices ${JSON.stringify(choices)}`);
    assert.match(text, /ABDOMEN/);
    assert.match(await barStatus(page), /Now “ABDOMEN”|Ready/);
    // The editor's own undo (Ctrl+Z in the field) takes back the last change, the capitals, alone.
    await page.locator(field.click).click();
    await page.keyboard.down('Control');
    await page.keyboard.press('z');
    await page.keyboard.up('Control');
    const undone = await page.evaluate(field.text);
    assert.doesNotMatch(undone, /ABDOMEN/, `${name}: ${undone}`);
    assert.match(undone, /abdomen/i);
  }

  it('scratch that, correct that + choose 2, select, all caps that, then the editor\'s own undo: in the plain note and in the rich-text letter (CKEditor 5), two clinicians at once', async () => {
    await withServer({}, async (server) => {
      await Promise.all([editByVoice(server.origin, 'the plain note', 'demo'), editByVoice(server.origin, 'the rich-text letter (CKEditor 5)', 'nurse')]);
    });
  });
});
