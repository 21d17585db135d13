import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import { speechScriptWav } from '../scripts/speech.mjs';
import { submitLogin, waitForBarState, withServer } from './demo-page.js';
import { serveDirectory } from './integrator-apps.js';

// Editing by voice, as a clinician does it: the microphone speaks a script of dictation and commands (flite, with the
// pauses a person makes), the real server recognises it, and the bar runs the commands: in the demo's plain note and
// its rich-text letter (CKEditor 5), and on an integrator's page in TinyMCE (its default iframe mode) and in Tiptap
// (ProseMirror, through the writer the page registers). Two clinicians at a time, each on their own page.

// Spoken in flite's kal16 voice: in slt, "choose two" is heard "she is due" however it is taken (bench/command-recognition.ts,
// and the choice then rests on the n-best of one take: the test failed one run in five). kal16's script comes out as
// said in 83 of 84 takes shifted, louder, quieter and noisier; the bench keeps the other voices' misses in view.
const VOICE = 'kal16';
const SCRIPT = ['The abdomen is soft.', 'Scratch that.', 'The abdomen is tender.', 'Correct that.', 'Choose two.', 'Select abdomen.', 'All caps that.'];

/** Set E2E_SCREENSHOTS=dir to keep a picture of each step. */
const shots = process.env['E2E_SCREENSHOTS'];

const barStatus = (page: Page) => page.$eval('dictation-bar', (el) => el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim());

/** How a test reads a field's text, and where it clicks to put the caret there. */
interface Field {
  click: string;
  text: () => string;
}

describe('editing by voice', () => {
  let browser: Browser;
  before(async () => {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, `--user-data-dir=/tmp/e2e-voice-${process.pid}`, ...fakeMicrophoneArgs(await speechScriptWav(SCRIPT, { voice: VOICE }))],
    });
  });
  after(() => browser?.close());

  const FIELDS: Record<string, Field> = {
    'the plain note': { click: '#note', text: () => (document.querySelector('#note') as HTMLTextAreaElement).value },
    'the rich-text letter (CKEditor 5)': {
      click: '.ck-editor__editable',
      text: () => {
        const div = document.createElement('div');
        div.innerHTML = (window as unknown as { letterEditor: { getData(): string } }).letterEditor.getData();
        return div.textContent!.replace(/\u00a0/g, ' ');
      },
    },
    'TinyMCE (iframe)': {
      click: '.tox-edit-area__iframe',
      text: () => (window as unknown as { tiny: { getContent(o: object): string } }).tiny.getContent({ format: 'text' }).replace(/\u00a0/g, ' ').trim(),
    },
    'Tiptap (ProseMirror)': { click: '.ProseMirror', text: () => (window as unknown as { tiptap: { getText(): string } }).tiptap.getText() },
  };

  /** One clinician's session on its own page (its own browser context), dictating the script into `name`. */
  async function editByVoice(url: string, name: string, user: string, ready: string): Promise<void> {
    const field = FIELDS[name]!;
    const page = await (await browser.createBrowserContext()).newPage();
    await page.setViewport({ width: 1000, height: 1100 });
    await page.goto(url);
    await submitLogin(page, user, user);
    await waitForBarState(page, 'ready');
    await page.waitForFunction(ready, { timeout: 15000 });
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
          if (choices.length > 0 && shots) await page.screenshot({ path: `${shots}/voice-${name.replace(/\W+/g, '-')}-choices.png` });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await page.locator('dictation-bar >>> [part=record-button]').click();
    await page.waitForFunction(() => document.querySelector('dictation-bar')!.getAttribute('recording') === 'off', { timeout: 10000 });
    if (shots) await page.screenshot({ path: `${shots}/voice-${name.replace(/\W+/g, '-')}.png` });
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
      await Promise.all([
        editByVoice(server.origin, 'the plain note', 'demo', '!!document.querySelector("#note")'),
        editByVoice(server.origin, 'the rich-text letter (CKEditor 5)', 'nurse', '"letterEditor" in window'),
      ]);
    });
  });

  it('the same in TinyMCE (iframe) and Tiptap (ProseMirror, a writer the page registers) on an integrator\'s page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dictation-editors-'));
    const site = await serveDirectory(dir);
    try {
      symlinkSync(resolve('node_modules/tinymce'), join(dir, 'tinymce'));
      await withServer({ ALLOWED_ORIGINS: site.origin }, async (server) => {
        writeFileSync(join(dir, 'index.html'), editorsPage(server.origin));
        // The page's own script, built as an integrator's build step would: Tiptap and the example writer, registered
        // with the bar's bundle (imported from the service, so it is the bar's own registry).
        await build({
          stdin: { contents: editorsScript(server.origin), resolveDir: resolve('.'), loader: 'ts' },
          bundle: true,
          format: 'esm',
          target: 'es2022',
          external: [`${server.origin}/*`],
          outfile: join(dir, 'editors.js'),
          logLevel: 'warning',
        });
        await Promise.all([
          editByVoice(`${site.origin}/`, 'TinyMCE (iframe)', 'demo', '"tiny" in window'),
          editByVoice(`${site.origin}/`, 'Tiptap (ProseMirror)', 'nurse', '"tiptap" in window'),
        ]);
      });
    } finally {
      site.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** An integrator's page with the two tags, TinyMCE and a Tiptap editor. */
const editorsPage = (service: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Editors</title>
<script type="module" src="${service}/components/dictation-bar.js"></script>
<script src="/tinymce/tinymce.min.js"></script>
<script type="module" src="/editors.js"></script></head>
<body><session-manager api-base="${service}/api">
<label for="tiny">Report (TinyMCE)</label><textarea id="tiny"></textarea>
<p id="tiptap-label">Summary (Tiptap)</p><div id="tiptap"></div>
<dictation-bar></dictation-bar>
</session-manager></body></html>`;

const editorsScript = (service: string) => `
import { registerWriter } from '${service}/components/dictation-bar.js';
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { tiptapWriter } from './examples/writers/tiptap-writer.ts';
registerWriter(tiptapWriter);
window.tiptap = new Editor({ element: document.querySelector('#tiptap'), extensions: [StarterKit], content: '',
  editorProps: { attributes: { 'aria-labelledby': 'tiptap-label' } } });
const [tiny] = await window.tinymce.init({ target: document.querySelector('#tiny'), base_url: '/tinymce', suffix: '.min',
  license_key: 'gpl', menubar: false, statusbar: false, promotion: false, toolbar: 'undo redo' });
window.tiny = tiny;
`;
