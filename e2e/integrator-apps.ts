// What the integrators' tests share: their pages on their own origin, the package installed from its tarball, and
// a browser whose microphone speaks.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { freePort } from '../scripts/api-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import { speechWav } from '../scripts/speech.mjs';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** A static file server for a directory: an integrator's page on its own origin (same site as the service). */
export async function serveDirectory(dir: string): Promise<{ origin: string; close(): void }> {
  const server: Server = createServer((request, response) => {
    const path = join(dir, decodeURIComponent(new URL(request.url!, 'http://x').pathname));
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'index.html') : path;
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** Packs the package (scripts/package.mjs) and installs the tarball, and `more` packages, into a new app directory. */
export function appWithPackage(more: string[] = []): string {
  const output = execFileSync(process.execPath, ['scripts/package.mjs'], { encoding: 'utf8' });
  const tarball = resolve(output.trim().split('\n').at(-1)!);
  const app = mkdtempSync(join(tmpdir(), 'dictation-app-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'throwaway-app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...more], { cwd: app, stdio: 'pipe' });
  return app;
}

/** The project's own tools, for building an app the way an integrator would. */
export const bin = (name: string) => join(resolve('.'), 'node_modules', '.bin', name);

/** What the fake microphone says, looped, in the integrators' tests. */
export const SPOKEN = 'The patient reports mild headache and nausea.';

/** Chromium whose microphone says SPOKEN. */
export async function launchWithSpeech(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...fakeMicrophoneArgs(await speechWav(SPOKEN, { padSeconds: 1 }))],
  });
}

/** Clicks into `field`, records until the spoken words are in it, and stops. */
export async function dictateInto(page: Page, field: string): Promise<void> {
  await page.locator(field).click();
  await page.locator('dictation-bar >>> [part=record-button]').click();
  await page.waitForFunction((f) => /headache/i.test((document.querySelector(f) as HTMLTextAreaElement).value), { timeout: 20000 }, field);
  await page.locator('dictation-bar >>> [part=record-button]').click();
}

/** A page in a new browser context, at `url`, with the page errors it throws collected. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.createBrowserContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  return { page, errors };
}
