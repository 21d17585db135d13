import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { NO_RECOGNIZER, withServer } from './demo-page.js';

// How an integrator's page gets the bundle: compressed, cached the right way, pinned with SRI, and harmless when a
// page loads it twice. Runs after `npm run build`, against the real server.

/** Opens `url` with `html` as its document; every other request goes to the real server. */
async function servePage(page: Page, url: string, html: string): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url) void request.respond({ status: 200, contentType: 'text/html', body: html });
    else void request.continue();
  });
  await page.goto(url);
}

interface BundleInfo {
  file: string;
  integrity: string;
  bytes: number;
  gzip: number;
  brotli: number;
}

describe('the bundle, as a page gets it', () => {
  let browser: Browser;
  let info: BundleInfo;
  let plain: Buffer;
  before(async () => {
    info = JSON.parse(await readFile('dist/bundle.json', 'utf8')) as BundleInfo;
    plain = await readFile('dist/dictation-bar.js');
    browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  });
  after(() => browser?.close());

  it('is served brotli- or gzip-compressed as the browser asks, at the stable URL (revalidated) and the hashed one (immutable)', async () => {
    await withServer(NO_RECOGNIZER, async (server) => {
      for (const base of ['/components', '/api']) {
        const br = await fetch(`${server.origin}${base}/dictation-bar.js`, { headers: { 'accept-encoding': 'br' } });
        assert.equal(br.headers.get('content-encoding'), 'br');
        assert.equal(br.headers.get('cache-control'), 'no-cache');
        assert.ok(br.headers.get('etag'));
        // fetch() decodes it: the same bytes as the plain file.
        assert.deepEqual(Buffer.from(await br.arrayBuffer()), plain);

        const gz = await fetch(`${server.origin}${base}/dictation-bar.js`, { headers: { 'accept-encoding': 'gzip' } });
        assert.equal(gz.headers.get('content-encoding'), 'gzip');
        assert.deepEqual(Buffer.from(await gz.arrayBuffer()), plain);

        const hashed = await fetch(`${server.origin}${base}/${info.file}`, { headers: { 'accept-encoding': 'br, gzip' } });
        assert.equal(hashed.status, 200);
        assert.equal(hashed.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.equal(hashed.headers.get('cross-origin-resource-policy'), 'cross-origin');
        const body = Buffer.from(await hashed.arrayBuffer());
        assert.equal(`sha384-${createHash('sha384').update(body).digest('base64')}`, info.integrity);
      }
      // The sizes in bundle.json are those of the files served.
      assert.equal(gunzipSync(await readFile('dist/dictation-bar.js.gz')).length, info.bytes);
      assert.equal(brotliDecompressSync(await readFile('dist/dictation-bar.js.br')).length, info.bytes);
      console.log(`bundle: ${info.bytes} B, gzip ${info.gzip} B, brotli ${info.brotli} B`);
    });
  });

  it('loads with Subresource Integrity, and a page that loads it twice gets a warning, not an error', async () => {
    await withServer(NO_RECOGNIZER, async (server) => {
      const page = await browser.newPage();
      const errors: string[] = [];
      const warnings: string[] = [];
      page.on('pageerror', (err) => errors.push(String(err)));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
        if (msg.type() === 'warn') warnings.push(msg.text());
      });
      // A page of the server's origin with no CSP of its own: what a CMS page pasting the tags looks like.
      await servePage(page, `${server.origin}/integrator.html`, `<!doctype html>
        <script type="module" src="/components/${info.file}" integrity="${info.integrity}" crossorigin="anonymous"></script>
        <script type="module" src="/api/dictation-bar.js"></script>
        <session-manager api-base="/api"><dictation-bar></dictation-bar></session-manager>`);
      await page.waitForFunction(() => customElements.get('dictation-bar') && customElements.get('session-manager'), { timeout: 10000 });
      await page.waitForFunction(() => document.querySelector('session-manager')?.shadowRoot?.querySelector('form'), { timeout: 10000 });
      assert.deepEqual(errors.filter((e) => !/401|Failed to load resource/.test(e)), []);
      assert.equal(warnings.filter((w) => w.includes('is already defined')).length, 3, warnings.join('\n'));

      // A tampered bundle is refused by the browser: SRI does its job.
      const refused = await browser.newPage();
      const refusals: string[] = [];
      refused.on('console', (msg) => refusals.push(msg.text()));
      await servePage(
        refused,
        `${server.origin}/tampered.html`,
        `<script type="module" src="/components/${info.file}" integrity="sha384-${'A'.repeat(64)}" crossorigin="anonymous"></script>`,
      );
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(await refused.evaluate(() => customElements.get('dictation-bar') === undefined), true);
      assert.ok(refusals.some((m) => /integrity/i.test(m)), refusals.join('\n'));
    });
  });
});
