import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { logIn, withServer } from './demo-page.js';
import { appWithPackage, bin, dictateInto, launchWithSpeech, openPage, serveDirectory } from './integrator-apps.js';

// The package as an integrator gets it: `npm pack`, installed from the tarball into a throwaway app, then used by
// a Vite + TypeScript app (typed elements and events, a production build) and by a plain HTML page with no build
// step (the one-file bundle from node_modules). Both are served from their own origin and talk to a real server.


const APP_TS = `
import 'dictation-bar';
import { registerTranslation } from 'dictation-bar';
import type { DictationBar } from 'dictation-bar/dictation-bar.js';

const api = new URLSearchParams(location.search).get('api')!;
const manager = document.querySelector('session-manager')!;
manager.apiBase = api + '/api';
// HTMLElementTagNameMap types the element, GlobalEventHandlersEventMap its events' details.
const bar: DictationBar = document.querySelector('dictation-bar')!;
const dictated: string[] = [];
bar.addEventListener('dictation-text', (event) => {
  const text: string = event.detail.text;
  dictated.push(text);
});
manager.addEventListener('session-login', (event) => {
  const user: string = event.detail.user;
  document.title = 'logged in as ' + user;
});
// @ts-expect-error a wrong detail property is a type error, so the types above are really checked
bar.addEventListener('dictation-text', (event) => event.detail.txt);
registerTranslation({ $code: 'x-test', $name: 'Test', dictate: 'Dictate (test)' });
Object.assign(window, { dictated });
`;

const APP_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vite app</title></head>
<body>
  <session-manager>
    <label for="note">Note</label><textarea id="note"></textarea>
    <dictation-bar></dictation-bar>
  </session-manager>
  <script type="module" src="/src/main.ts"></script>
</body></html>`;

/** No build step: the bundle straight from node_modules, and the page's own language. */
const PLAIN_HTML = (api: string) => `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Plain page</title>
<script type="module" src="/node_modules/dictation-bar/bundle/dictation-bar.js"></script></head>
<body>
  <session-manager api-base="${api}/api">
    <label for="note">Nota</label><textarea id="note"></textarea>
    <dictation-bar></dictation-bar>
  </session-manager>
</body></html>`;

const barText = (page: Page) =>
  page.$eval('dictation-bar', (el) => [...el.shadowRoot!.querySelectorAll('[role=status],[role=alert]')].map((n) => n.textContent!.trim()).join(''));

describe('the npm package, installed from its tarball', () => {
  let app: string;
  let browser: Browser;
  let files: Awaited<ReturnType<typeof serveDirectory>>;

  before(async () => {
    app = appWithPackage();
    mkdirSync(join(app, 'src'));
    writeFileSync(join(app, 'src', 'main.ts'), APP_TS);
    writeFileSync(join(app, 'index.html'), APP_HTML);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, lib: ['ES2022', 'DOM'], types: [], noEmit: true, skipLibCheck: false },
        include: ['src'],
      }),
    );
    files = await serveDirectory(app);
    browser = await launchWithSpeech();
  });
  after(async () => {
    await browser?.close();
    files?.close();
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('ships only the page side: the elements with types, the bundle, the manifest; lit as its only dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/dictation-bar/package.json'), 'utf8'));
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@lit/context', 'lit']);
    for (const entry of Object.values(pkg.exports) as (string | { types: string; default: string })[]) {
      if (typeof entry === 'string' && entry.includes('*')) continue;
      for (const file of typeof entry === 'string' ? [entry] : [entry.types, entry.default]) {
        if (!file.includes('*')) assert.ok(existsSync(join(app, 'node_modules/dictation-bar', file)), `${file} is in the tarball`);
      }
    }
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/dictation-bar', pkg.customElements), 'utf8'));
    const bar = manifest.modules.flatMap((m: { declarations?: { tagName?: string }[] }) => m.declarations ?? []).find((d: { tagName?: string }) => d.tagName === 'dictation-bar');
    assert.ok(bar, 'the manifest names <dictation-bar>');
    assert.match(bar.events.find((e: { name: string }) => e.name === 'dictation-text').type.text, /^CustomEvent<\{ text: string;/);
    for (const m of manifest.modules) assert.ok(existsSync(join(app, 'node_modules/dictation-bar', m.path)), `${m.path} exists`);
    assert.ok(!existsSync(join(app, 'node_modules/fastify')), 'the server does not come with it');
  });

  it('a Vite + TypeScript app type-checks against it, builds, logs in and dictates', async () => {
    execFileSync(bin('tsc'), ['-p', app], { stdio: 'pipe' });
    execFileSync(bin('vite'), ['build', '--base', './', '--logLevel', 'error'], { cwd: app, stdio: 'pipe' });
    await withServer({ ALLOWED_ORIGINS: files.origin }, async (server) => {
      const { page, errors } = await openPage(browser, `${files.origin}/dist/index.html?api=${encodeURIComponent(server.origin)}`);
      await logIn(page);
      assert.equal(await page.title(), 'logged in as demo');
      await dictateInto(page, '#note');
      assert.ok((await page.evaluate(() => (window as unknown as { dictated: string[] }).dictated.length)) > 0, 'the typed event listener ran');
      assert.deepEqual(errors, []);
    });
  });

  it('a plain HTML page uses the one-file bundle from node_modules, in its own language', async () => {
    await withServer({ ALLOWED_ORIGINS: files.origin }, async (server) => {
      writeFileSync(join(app, 'plain.html'), PLAIN_HTML(server.origin));
      const { page } = await openPage(browser, `${files.origin}/plain.html`);
      await page.waitForFunction(() => document.querySelector('session-manager')?.shadowRoot?.querySelector('h2')?.textContent === 'Inicie sesión para dictar', {
        timeout: 10000,
      });
      await logIn(page);
      assert.match(await barText(page), /^Listo para dictar\./);
    });
  });
});
