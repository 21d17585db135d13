/**
 * How long the demo page takes to notice a dead link *while recording*, with the product defaults
 * (recording-timeout 3 s), in Debian's Chromium against the real server through a TCP proxy that black-holes the
 * link (nothing closed, bytes dropped) at a random moment of the recording. Bound: 3 s + one 100 ms frame.
 *
 *   npm run build && npx tsx bench/recording-loss-detection.ts [samples]      (default 10, ~8 s each)
 */
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import { startApiServer } from '../scripts/api-server.mjs';
import { speechWav } from '../scripts/speech.mjs';
import { FaultProxy } from '../e2e/fault-proxy.js';
import { logIn, waitForBarState } from '../e2e/demo-page.js';

const samples = Number(process.argv[2] ?? 10);
const microphone = await speechWav('The patient reports mild chest pain since yesterday evening.', { padSeconds: 0.5 });
const browser = await puppeteer.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    ...CHROMIUM_ARGS,
    ...fakeMicrophoneArgs(microphone),
  ],
});

const times: number[] = [];
for (let i = 0; i < samples; i++) {
  const proxy = await FaultProxy.start();
  const server = await startApiServer({ ALLOWED_ORIGINS: proxy.origin });
  proxy.retarget(server.port);
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(proxy.origin + '/');
  await logIn(page);
  await page.evaluate(() => {
    document.querySelector<HTMLTextAreaElement>('#note')!.focus();
    document.addEventListener('dictation-connection-lost', () => ((window as unknown as { lostAt: number }).lostAt = Date.now()));
  });
  await page.locator('dictation-bar >>> [part=record-button]').click();
  await page.waitForFunction(() => document.querySelector('dictation-bar')!.getAttribute('recording') === 'on');
  // A random moment of the recording: mid-word, mid-pause, just after an audio-ack.
  await new Promise((r) => setTimeout(r, 1500 + Math.random() * 2000));
  const injectedAt = Date.now();
  proxy.blackHole();
  await waitForBarState(page, 'lost', 15_000);
  times.push((await page.evaluate(() => (window as unknown as { lostAt: number }).lostAt)) - injectedAt);
  await context.close();
  await server.stop('SIGKILL');
  await proxy.close();
}
await browser.close();

times.sort((a, b) => a - b);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`black-holed link while recording, ${samples} samples (bound 3.1 s):`);
console.log(`min ${fmt(times[0]!)}  median ${fmt(times[Math.floor(times.length / 2)]!)}  max ${fmt(times.at(-1)!)}`);
console.log(times.map(fmt).join(', '));
