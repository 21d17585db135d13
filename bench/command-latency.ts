/**
 * How soon a voice command acts, on the demo page (issue 23: within 300 ms of its final): Chromium's fake
 * microphone speaks dictation and commands (flite, with pauses) into the demo's note and its CKEditor 5 letter, the
 * real server recognises them, and the page measures, for each command, from the socket message that carries its
 * final to the first frame after the command ran (the bar runs it in the same task as its `dictation-command` event,
 * so the frame after that event shows its effect).
 *
 *   npx tsx bench/command-latency.ts [rounds]      (default 3 rounds of the script per field)
 */
import puppeteer, { type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import { startApiServer } from '../scripts/api-server.mjs';
import { speechScriptWav } from '../scripts/speech.mjs';
import { submitLogin, waitForBarState } from '../e2e/demo-page.js';

const SCRIPT = ['The abdomen is soft.', 'Scratch that.', 'The abdomen is tender.', 'Select abdomen.', 'All caps that.', 'Go to end.', 'Undo that.'];
const COMMANDS = 5;
const rounds = Number(process.argv[2]) || 3;

/** Installed before the page's scripts: timestamps each command's final and the paint after the field next changes. */
function instrument(): void {
  const w = window as unknown as { latencies: number[]; pendingFinal: number | null };
  w.latencies = [];
  w.pendingFinal = null;
  const Original = WebSocket;
  window.WebSocket = class extends Original {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      // Before the bar's own listener (added later): the moment the message is handed to the page.
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string' && event.data.includes('"command"')) w.pendingFinal = performance.now();
      });
    }
  } as typeof WebSocket;
  document.addEventListener(
    'dictation-command',
    () => {
      const started = w.pendingFinal;
      if (started === null) return;
      w.pendingFinal = null;
      // After the task that runs the command, then the frame that paints it.
      setTimeout(() => requestAnimationFrame(() => w.latencies.push(performance.now() - started)));
    },
    true,
  );
}

async function round(page: Page, field: string): Promise<void> {
  await page.locator(field).click();
  await page.locator('dictation-bar >>> [part=record-button]').click();
  await page.waitForFunction((n) => (window as unknown as { latencies: number[] }).latencies.length >= n, { timeout: 60000, polling: 200 }, COMMANDS);
  await page.locator('dictation-bar >>> [part=record-button]').click();
  await page.waitForFunction(() => document.querySelector('dictation-bar')!.getAttribute('recording') === 'off', { timeout: 10000 });
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function main(): Promise<void> {
  const server = await startApiServer({});
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...fakeMicrophoneArgs(await speechScriptWav(SCRIPT))],
  });
  try {
    for (const [name, field] of [['plain note', '#note'], ['CKEditor 5 letter', '.ck-editor__editable']] as const) {
      const all: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const page = await (await browser.createBrowserContext()).newPage();
        await page.evaluateOnNewDocument(instrument);
        await page.goto(server.origin);
        await submitLogin(page, 'demo', 'demo');
        await waitForBarState(page, 'ready');
        await page.waitForFunction(() => 'letterEditor' in window, { timeout: 10000 });
        await round(page, field);
        all.push(...(await page.evaluate(() => (window as unknown as { latencies: number[] }).latencies)));
        await page.close();
      }
      console.log(`${name}: ${all.length} commands, final -> field changed and painted: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
