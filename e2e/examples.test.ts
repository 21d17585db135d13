import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { logIn, withServer } from './demo-page.js';
import { appWithPackage, bin, dictateInto, launchWithSpeech, openPage, serveDirectory } from './integrator-apps.js';

// The examples in examples/, used as an integrator would: each page on its own origin (same site as the service),
// with the service's address put in where the example says to, logging in and dictating for real.

const EXAMPLE_SERVICE = 'http://127.0.0.1:3000';

describe('the examples, end to end', () => {
  let browser: Browser;
  let pages: string;
  let site: Awaited<ReturnType<typeof serveDirectory>>;

  before(async () => {
    pages = mkdtempSync(join(tmpdir(), 'dictation-examples-'));
    site = await serveDirectory(pages);
    browser = await launchWithSpeech();
  });
  after(async () => {
    await browser?.close();
    site?.close();
    rmSync(pages, { recursive: true, force: true });
  });

  const open = (path: string) => openPage(browser, `${site.origin}/${path}`);

  it('static page, no build step, on another origin of the same site: log in and dictate', async () => {
    await withServer({ ALLOWED_ORIGINS: site.origin }, async (server) => {
      const html = readFileSync('examples/static-page/index.html', 'utf8').replaceAll(EXAMPLE_SERVICE, server.origin);
      writeFileSync(join(pages, 'static.html'), html);
      const { page, errors } = await open('static.html');
      await logIn(page);
      await dictateInto(page, '#note');
      assert.deepEqual(errors, []);
    });
  });

  it('CMS snippet in a page with hostile global CSS: the elements keep their looks and work', async () => {
    await withServer({ ALLOWED_ORIGINS: site.origin }, async (server) => {
      const snippet = readFileSync('examples/cms-snippet/snippet.html', 'utf8').replaceAll(EXAMPLE_SERVICE, server.origin);
      const html = readFileSync('examples/cms-snippet/hostile-page.html', 'utf8').replace('<!-- SNIPPET -->', snippet);
      writeFileSync(join(pages, 'cms.html'), html);
      const { page, errors } = await open('cms.html');
      await logIn(page);
      const looks = await page.$eval('dictation-bar', (bar) => {
        const button = bar.shadowRoot!.querySelector('[part=record-button]')!;
        const status = bar.shadowRoot!.querySelector('[part=status]') as HTMLElement;
        return { color: getComputedStyle(button).color, font: getComputedStyle(button).fontFamily, statusShown: status.offsetHeight > 0, status: status.textContent };
      });
      assert.notEqual(looks.color, 'rgb(255, 0, 255)', 'the page’s button colour does not reach the record button');
      assert.ok(looks.statusShown, 'the page hides [role=status] in its own DOM, not in the bar');
      assert.match(looks.status!, /^Ready to dictate/);
      // The snippet's bar targets its field by selector, wherever the focus was.
      await dictateInto(page, '#cms-note');
      assert.deepEqual(errors, []);
    });
  });

  it('React page: properties and events, a controlled field filled from the dictation-text event', async () => {
    const app = appWithPackage([`react@${pkgVersion('react')}`, `react-dom@${pkgVersion('react-dom')}`]);
    try {
      cpSync('examples/react/index.html', join(app, 'index.html'));
      cpSync('examples/react/main.jsx', join(app, 'main.jsx'));
      execFileSync(bin('vite'), ['build', '--base', './', '--outDir', join(pages, 'react'), '--emptyOutDir', '--logLevel', 'error'], { cwd: app, stdio: 'pipe' });
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
    await withServer({ ALLOWED_ORIGINS: site.origin }, async (server) => {
      const { page, errors } = await open(`react/index.html?api=${encodeURIComponent(server.origin)}`);
      await logIn(page);
      await page.waitForFunction(() => document.querySelector('#who')?.textContent === 'Writing as demo', { timeout: 5000 });
      await page.waitForFunction(() => document.querySelector('#link')?.textContent === 'Link: ready', { timeout: 5000 });
      await dictateInto(page, '#note');
      // React's state has the text (the field is controlled: the bar left the insertion to the page).
      const value = await page.$eval('#note', (el) => (el as HTMLTextAreaElement).value);
      assert.match(value, /^The patient reports mild headache/i);
      assert.deepEqual(errors, []);
    });
  });
});

/** The version of a package the project itself has installed (so the example installs it from the cache). */
function pkgVersion(name: string): string {
  return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
}
