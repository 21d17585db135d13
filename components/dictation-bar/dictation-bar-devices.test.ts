import { expect, waitUntil } from '@open-wc/testing';
import { post, readyPage, sleep, waitForBar, type Page } from '../test/helpers.js';
import { FOOT_CONTROL, SimulatedDevice, SimulatedHid, SPEECHMIKE_PREMIUM } from './devices/simulated-hid.js';
import { HOLD_MS } from './shortcut-controller.js';

// Dictation microphones through a simulated WebHID (devices/simulated-hid.ts) that speaks the devices' own reports,
// driven through the real dictation_support in the bar's on-demand module, against the real server and recognizer
// (Chromium's fake microphone says the test sentence, see web-test-runner.config.mjs).

const statusText = (bar: HTMLElement) => bar.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();
const control = (bar: HTMLElement) => bar.shadowRoot!.querySelector<HTMLButtonElement>('[part=device-button]');
const lights = (device: SimulatedDevice) => `${device.lights.red}/${device.lights.green}`;
const KEY_WORDS = /pressure.*(hundred|twenty|eighty|\d)/i;
const PAIRED = 'dictation-bar:devices-paired';

/** `navigator.hid` as the page sees it, for one test (undefined: a browser without WebHID). */
function browserHid(hid: HID | undefined): void {
  Object.defineProperty(navigator, 'hid', { value: hid, configurable: true });
}

/** A ready page with a simulated WebHID; `granted` devices were paired with this page before it loaded. */
async function devicePage(granted: SimulatedDevice[] = []): Promise<Page & { hid: SimulatedHid; note: HTMLTextAreaElement }> {
  const hid = new SimulatedHid();
  // Granted before: paired on this origin, which the bar remembers (it asks WebHID nothing at load otherwise).
  if (granted.length > 0) localStorage.setItem(PAIRED, '1');
  for (const device of granted) hid.plug(device, { granted: true });
  browserHid(hid.hid);
  const page = await readyPage();
  const note = page.manager.querySelector('textarea')!;
  note.focus();
  return { ...page, hid, note };
}

/**
 * Until the bar names the device: it is open as soon as the library's handshake with it starts, and the library
 * reports no button before that handshake ends.
 */
async function inUse(bar: Page['bar'], names = 'SpeechMike Premium'): Promise<void> {
  await waitUntil(() => control(bar)?.textContent!.trim() === names, 'the device was never in use', { timeout: 5000 });
}

async function connectByClick(bar: Page['bar'], hid: SimulatedHid, model = SPEECHMIKE_PREMIUM): Promise<SimulatedDevice> {
  const device = hid.plug(model);
  await waitUntil(() => control(bar), 'no control to connect a dictation microphone');
  control(bar)!.click();
  await waitUntil(() => device.opened && bar.shadowRoot!.textContent!.includes(model.productName), 'the device never connected', { timeout: 5000 });
  return device;
}

describe('<dictation-bar> dictation microphones', () => {
  afterEach(() => {
    // The browser's own again (an own property shadowed Navigator.prototype's).
    delete (navigator as { hid?: HID }).hid;
    localStorage.removeItem(PAIRED);
  });

  it('a page that never paired a device asks WebHID nothing at load (Chromium keeps such pages out of the back/forward cache)', async () => {
    const hid = new SimulatedHid();
    const asked: string[] = [];
    hid.getDevices = async () => (asked.push('getDevices'), []);
    const listen = hid.addEventListener.bind(hid);
    hid.addEventListener = (type: string, ...rest: [EventListenerOrEventListenerObject | null]) => (asked.push(type), listen(type, ...rest));
    browserHid(hid.hid);
    const { bar } = await readyPage();
    await sleep(200);
    expect(control(bar)!.textContent!.trim()).to.equal('Connect dictation microphone');
    expect(asked).to.deep.equal([]);
  });

  it('without WebHID (Firefox, Safari) there is no control, and nothing is logged', async () => {
    const logged: unknown[] = [];
    const [warn, error] = [console.warn, console.error];
    console.warn = console.error = (...args: unknown[]) => logged.push(args);
    try {
      browserHid(undefined);
      const { bar } = await readyPage();
      await sleep(200);
      expect(control(bar)).to.equal(null);
      expect(logged).to.deep.equal([]);
    } finally {
      [console.warn, console.error] = [warn, error];
    }
  });

  it('dictation-devices="off": no control, and a device granted before is never opened', async () => {
    const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
    const hid = new SimulatedHid();
    hid.plug(speechMike, { granted: true });
    localStorage.setItem(PAIRED, '1');
    browserHid(hid.hid);
    const { bar } = await readyPage();
    bar.dictationDevices = 'off';
    await bar.updateComplete;
    await sleep(300);
    expect(control(bar)).to.equal(null);
    expect(speechMike.opened).to.equal(false);
  });

  it('pairs from the bar: the chooser offers dictation microphones only, and the one picked is named in the bar', async () => {
    const { bar, hid } = await devicePage();
    expect(control(bar)!.textContent!.trim()).to.equal('Connect dictation microphone');
    const changes: string[][] = [];
    bar.addEventListener('dictation-devices-change', (e) => changes.push(e.detail.devices));
    const device = await connectByClick(bar, hid);
    expect(hid.lastFilters!.every((f) => f.vendorId === 0x0911 || f.vendorId === 0x0554), JSON.stringify(hid.lastFilters)).to.be.true;
    expect(control(bar)!.textContent!.trim()).to.equal('SpeechMike Premium');
    expect(control(bar)!.getAttribute('aria-label')).to.equal('SpeechMike Premium: connect another dictation microphone');
    expect(statusText(bar)).to.equal('SpeechMike Premium connected: its buttons record, stop and move between fields.');
    expect(changes).to.deep.equal([['SpeechMike Premium']]);
    expect(lights(device)).to.equal('off/off');
    await expect(bar).to.be.accessible();
  });

  it('a cancelled chooser says so and changes nothing', async () => {
    const { bar, hid } = await devicePage();
    hid.chooser = 'cancel';
    hid.plug(SPEECHMIKE_PREMIUM);
    let changes = 0;
    bar.addEventListener('dictation-devices-change', () => changes++);
    control(bar)!.click();
    await waitUntil(() => statusText(bar) === 'No dictation microphone was chosen.', statusText(bar), { timeout: 5000 });
    expect(control(bar)!.textContent!.trim()).to.equal('Connect dictation microphone');
    expect(changes, 'no dictation-devices-change: nothing changed').to.equal(0);
  });

  it('a device granted before connects by itself on load, and again when unplugged and plugged back', async () => {
    const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
    const { bar, hid } = await devicePage([speechMike]);
    await waitUntil(() => control(bar)!.textContent!.trim() === 'SpeechMike Premium', 'never connected by itself', { timeout: 5000 });
    expect(speechMike.opened).to.be.true;

    hid.unplug(speechMike);
    await waitUntil(() => control(bar)!.textContent!.trim() === 'Connect dictation microphone', 'still named after unplugging', { timeout: 5000 });
    expect(statusText(bar)).to.equal('SpeechMike Premium was unplugged. Nothing dictated is lost; the Dictate button still works.');

    hid.plug(speechMike);
    await waitUntil(() => control(bar)!.textContent!.trim() === 'SpeechMike Premium', 'never reconnected', { timeout: 5000 });
    expect(speechMike.opened).to.be.true;
  });

  it('Record: a tap starts and the light turns red; a tap stops, the words land, the light goes off', async () => {
    const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
    const { bar, note } = await devicePage([speechMike]);
    await inUse(bar);
    await speechMike.click('RECORD');
    await waitUntil(() => bar.recording === 'on', 'the tap never started recording', { timeout: 10000 });
    await waitUntil(() => lights(speechMike) === 'on/off', `light ${lights(speechMike)}`, { timeout: 2000 });
    await waitUntil(() => KEY_WORDS.test(note.value), `no sentence in the field (value: "${note.value}")`, { timeout: 20000 });
    await speechMike.click('RECORD');
    await waitUntil(() => bar.recording === 'off', 'the second tap never stopped', { timeout: 10000 });
    await waitUntil(() => lights(speechMike) === 'off/off', `light ${lights(speechMike)}`, { timeout: 2000 });
  }).timeout(40000);

  it('holding Record is push-to-talk: releasing it stops; Stop stops a tapped recording', async () => {
    const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
    const { bar } = await devicePage([speechMike]);
    await inUse(bar);
    speechMike.press('RECORD');
    await waitUntil(() => bar.recording === 'on', 'holding never started recording', { timeout: 10000 });
    await sleep(HOLD_MS + 100);
    speechMike.release('RECORD');
    await waitUntil(() => bar.recording === 'off', 'releasing never stopped', { timeout: 10000 });

    await speechMike.click('RECORD');
    await waitUntil(() => bar.recording === 'on', 'the tap never started recording', { timeout: 10000 });
    await speechMike.click('STOP');
    await waitUntil(() => bar.recording === 'off', 'Stop never stopped', { timeout: 10000 });
  }).timeout(40000);

  it('the link dies while recording: the light blinks fast while speech is kept on this device', async () => {
    const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
    const { bar } = await devicePage([speechMike]);
    await inUse(bar);
    await speechMike.click('RECORD');
    await waitUntil(() => bar.recording === 'on' && lights(speechMike) === 'on/off', `light ${lights(speechMike)}`, { timeout: 10000 });
    await post('/dev/silence-link', { silent: true });
    await waitForBar(bar, 'lost', 8000);
    await waitUntil(() => bar.recovery === 'keeping', `recovery ${bar.recovery}`, { timeout: 5000 });
    await waitUntil(() => lights(speechMike) === 'fast/off', `light ${lights(speechMike)}`, { timeout: 2000 });
    await speechMike.click('RECORD');
    await waitUntil(() => bar.recording === 'off', 'never stopped', { timeout: 10000 });
    // Kept, to be transcribed after the next login: a green light, not a recording one.
    await waitUntil(() => lights(speechMike) === 'off/slow', `light ${lights(speechMike)}`, { timeout: 2000 });
  }).timeout(40000);

  it('the wind keys move between an auto-text’s fields in the field', async () => {
    const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
    const { bar, note } = await devicePage([speechMike]);
    await inUse(bar);
    note.value = 'Heart sounds [regular]. Lungs [clear].';
    note.setSelectionRange(0, 0);
    const selected = () => note.value.slice(note.selectionStart, note.selectionEnd);
    await speechMike.click('FORWARD');
    await waitUntil(() => selected() === '[regular]', `selected "${selected()}"`, { timeout: 5000 });
    await speechMike.click('FORWARD');
    await waitUntil(() => selected() === '[clear]', `selected "${selected()}"`, { timeout: 5000 });
    await speechMike.click('REWIND');
    await waitUntil(() => selected() === '[regular]', `selected "${selected()}"`, { timeout: 5000 });
  });

  it('the page maps a button to a command, hears every button, and can cancel one to act itself', async () => {
    const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
    const { bar, note } = await devicePage([speechMike]);
    await inUse(bar);
    bar.deviceButtons = { F4_D: 'goToEnd' };
    const heard: string[] = [];
    bar.addEventListener('dictation-device-button', (e) => {
      heard.push(`${e.detail.button} ${e.detail.action} ${e.detail.pressed ? 'down' : 'up'}`);
      if (e.detail.button === 'RECORD') e.preventDefault();
    });
    note.value = 'Plan: rest.';
    note.setSelectionRange(0, 0);
    await speechMike.click('F4');
    await waitUntil(() => note.selectionStart === note.value.length, 'F4 never went to the end', { timeout: 5000 });
    await speechMike.click('F1');
    await speechMike.click('RECORD');
    await sleep(300);
    expect(bar.recording, 'the page cancelled Record').to.equal('off');
    expect(heard).to.deep.equal(['F4_D goToEnd down', 'F4_D goToEnd up', 'F1_A null down', 'F1_A null up', 'RECORD record down', 'RECORD record up']);
  });

  it('a foot control and a SpeechMike at once: the middle pedal held is push-to-talk', async () => {
    const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
    const pedal = new SimulatedDevice(FOOT_CONTROL);
    const { bar } = await devicePage([speechMike, pedal]);
    await waitUntil(() => control(bar)!.textContent!.trim() === 'SpeechMike Premium, Foot Control ACC2330', control(bar)!.textContent!, { timeout: 5000 });
    pedal.press('MIDDLE');
    await waitUntil(() => bar.recording === 'on' && lights(speechMike) === 'on/off', 'the pedal never started recording', { timeout: 10000 });
    await sleep(HOLD_MS + 100);
    pedal.release('MIDDLE');
    await waitUntil(() => bar.recording === 'off', 'releasing the pedal never stopped', { timeout: 10000 });
  }).timeout(40000);

  it('unplugged while held for push-to-talk: recording stops as if released, and what was said still lands', async () => {
    const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
    const { bar, hid, note } = await devicePage([speechMike]);
    await inUse(bar);
    speechMike.press('RECORD');
    await waitUntil(() => KEY_WORDS.test(bar.partial) || KEY_WORDS.test(note.value), 'no words heard', { timeout: 20000 });
    hid.unplug(speechMike);
    await waitUntil(() => bar.recording === 'off', 'unplugging never ended the hold', { timeout: 10000 });
    await waitUntil(() => KEY_WORDS.test(note.value), `the words said never landed (value: "${note.value}")`, { timeout: 10000 });
  }).timeout(40000);

  for (const [theme, lang] of [['light', 'en'], ['dark', 'en'], ['light', 'es'], ['dark', 'es']] as const) {
    it(`the control is accessible, ${theme}, ${lang}`, async () => {
      const speechMike = new SimulatedDevice(SPEECHMIKE_PREMIUM);
      const { bar, manager } = await devicePage([speechMike]);
      bar.theme = theme;
      manager.setAttribute('lang', lang);
      await inUse(bar);
      await bar.updateComplete;
      expect(control(bar)!.getAttribute('aria-label')).to.equal(
        lang === 'es' ? 'SpeechMike Premium: conectar otro micrófono de dictado' : 'SpeechMike Premium: connect another dictation microphone',
      );
      await expect(bar).to.be.accessible();
      manager.removeAttribute('lang');
    });
  }
});
