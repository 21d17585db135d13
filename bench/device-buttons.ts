/**
 * How soon a dictation microphone acts (issue 25), on the demo page with the real server: the simulated SpeechMike
 * (components/dictation-bar/devices/simulated-hid.ts, speaking the device's own WebHID reports through the real
 * dictation_support) is given to the bar, and the page measures:
 *  - a granted device -> in use (the device module loaded and the SpeechMike's handshake done), first and later;
 *  - Record pressed -> the bar recording (microphone and recognizer started), and -> the record light red;
 *  - the bar's state changed -> the light's output report written;
 *  - Forward pressed -> the next auto-text field selected.
 *
 *   npx tsx bench/device-buttons.ts [rounds]      (default 20)
 */
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from '../scripts/chromium.mjs';
import { startApiServer } from '../scripts/api-server.mjs';
import { speechWav } from '../scripts/speech.mjs';
import { logIn } from '../e2e/demo-page.js';

const rounds = Number(process.argv[2]) || 20;

/** Runs in the page: every measure, in milliseconds. */
async function measure(rounds: number): Promise<Record<string, number[]>> {
  const { SimulatedHid, SPEECHMIKE_PREMIUM } = await import('/components/simulated-hid.js' as string);
  const bar = document.querySelector('dictation-bar')! as HTMLElement & { hid: unknown; recording: string };
  const note = document.querySelector<HTMLTextAreaElement>('#note')!;
  const until = (done: () => boolean) =>
    new Promise<number>((resolve) => {
      const check = () => (done() ? resolve(performance.now()) : setTimeout(check, 0));
      check();
    });
  const results: Record<string, number[]> = { connect: [], recordToOn: [], recordToLight: [], stateToLight: [], forward: [] };
  let device: { opened: boolean; lights: { red: string }; press(k: string): void; release(k: string): void; addEventListener(t: string, f: () => void): void } | null = null;
  for (let i = 0; i < rounds; i++) {
    const hid = new SimulatedHid();
    device = hid.plug(SPEECHMIKE_PREMIUM, { granted: true });
    // In use once the bar says so: the device is open as soon as the handshake starts, and presses before its end are
    // the library's to drop.
    const inUse = new Promise<number>((resolve) => bar.addEventListener('dictation-devices-change', () => resolve(performance.now()), { once: true }));
    const t0 = performance.now();
    bar.hid = hid.hid;
    results['connect']!.push((await inUse) - t0);
  }
  const d = device!;
  note.focus();
  for (let i = 0; i < Math.min(rounds, 10); i++) {
    let lightAt = 0;
    let stateAt = 0;
    const watch = new MutationObserver(() => (stateAt ||= bar.getAttribute('recording') === 'on' ? performance.now() : 0));
    watch.observe(bar, { attributes: true, attributeFilter: ['recording'] });
    const onLight = () => (lightAt ||= d.lights.red === 'on' ? performance.now() : 0);
    d.addEventListener('lightschange', onLight);
    const t0 = performance.now();
    d.press('RECORD');
    d.release('RECORD');
    const on = await until(() => bar.recording === 'on');
    await until(() => lightAt > 0);
    results['recordToOn']!.push(on - t0);
    results['recordToLight']!.push(lightAt - t0);
    results['stateToLight']!.push(lightAt - stateAt);
    watch.disconnect();
    d.press('STOP');
    d.release('STOP');
    await until(() => bar.recording === 'off' && d.lights.red === 'off');
  }
  note.value = 'Chest [clear] bilaterally. Heart sounds [ ]. Abdomen [soft].';
  for (let i = 0; i < rounds; i++) {
    note.setSelectionRange(0, 0);
    const t0 = performance.now();
    d.press('FORWARD');
    d.release('FORWARD');
    results['forward']!.push((await until(() => note.selectionStart === 6)) - t0);
    // The choice list the field opened is closed, as Escape would.
    document.querySelector('dictation-bar')!.shadowRoot!.querySelector<HTMLButtonElement>('[part=choices] button')?.click();
  }
  return results;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

const server = await startApiServer({});
const browser = await puppeteer.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...CHROMIUM_ARGS, `--user-data-dir=/tmp/bench-devices-${process.pid}`, ...fakeMicrophoneArgs(await speechWav('The abdomen is soft.', { padSeconds: 1 }))],
});
try {
  const page = await browser.newPage();
  await page.goto(server.origin);
  await logIn(page);
  await page.locator('#note').click();
  // tsx names the page function's inner functions with a helper of its own, which the page must have.
  await page.evaluate('window.__name = (f) => f');
  const results = await page.evaluate(measure, rounds);
  const line = (name: string, values: number[]) =>
    `${name.padEnd(14)} n=${String(values.length).padStart(2)}  first ${values[0]!.toFixed(1)} ms  p50 ${percentile(values, 50).toFixed(1)} ms  max ${Math.max(...values).toFixed(1)} ms`;
  for (const [name, values] of Object.entries(results)) console.log(line(name, values));
} finally {
  await browser.close();
  await server.stop();
}
