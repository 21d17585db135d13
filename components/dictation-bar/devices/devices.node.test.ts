import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buttonChanges, HAND_HELD_BUTTONS, actionFor } from './device-buttons.js';
import { lightFor } from './device-lights.js';
import { FOOT_CONTROL, POWERMIC_3, POWERMIC_4, SimulatedHid, SPEECHMIKE_PREMIUM, type DeviceModel, type SimulatedDevice } from './simulated-hid.js';
import type { DeviceHubOptions, DevicePress } from '../dictation-devices.js';

// dictation_support is a browser build: it reads `self` when loaded and `window.setTimeout` when it waits for a device.
Object.assign(globalThis, { self: globalThis, window: globalThis });
const { openDevices } = await import('../dictation-devices.js');
const { ButtonEvent } = await import('dictation_support');

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A hub over a simulated WebHID with `model` granted and plugged in; every press it reports. */
async function hubWith(model: DeviceModel, options: Partial<DeviceHubOptions> = {}) {
  const hid = new SimulatedHid();
  const device = hid.plug(model, { granted: true });
  const presses: DevicePress[] = [];
  const said: (string | null)[] = [];
  const hub = await openDevices({
    hid: hid.hid,
    lang: () => 'en',
    buttons: () => ({}),
    onButton: (press) => presses.push(press),
    onDevices: (_names, sentence) => said.push(sentence),
    ...options,
  });
  return { hid, device, hub, presses, said };
}

/** Every button of the device's report, pressed and released: the library's name for it and the bar's action. */
async function actionsOf(model: DeviceModel): Promise<Record<string, [string, string | null]>> {
  const { device, hub, presses } = await hubWith(model);
  const seen: Record<string, [string, string | null]> = {};
  for (const button of Object.keys(model.buttons)) {
    presses.length = 0;
    device.press(button);
    device.release(button);
    await settle();
    assert.deepEqual(presses.map((p) => p.pressed), [true, false], `${model.productName} ${button}: a press, then a release`);
    seen[button] = [presses[0]!.button, presses[0]!.action];
  }
  await hub.close();
  return seen;
}

test('SpeechMike: record, stop, the wind keys move between fields, EOL ends the letter, the rest are the page’s', async () => {
  assert.deepEqual(await actionsOf(SPEECHMIKE_PREMIUM), {
    RECORD: ['RECORD', 'record'],
    STOP: ['STOP', 'stop'],
    FORWARD: ['FORWARD', 'nextField'],
    REWIND: ['REWIND', 'previousField'],
    EOL: ['EOL_PRIO', 'endOfLetter'],
    PLAY: ['PLAY', null],
    INS_OVR: ['INS_OVR', null],
    INSTR: ['INSTR', null],
    COMMAND: ['COMMAND', null],
    F1: ['F1_A', null],
    F2: ['F2_B', null],
    F3: ['F3_C', null],
    F4: ['F4_D', null],
  });
});

test('PowerMic 4: its tab keys move between fields, Enter/Select accepts the defaults', async () => {
  const actions = await actionsOf(POWERMIC_4);
  assert.deepEqual(actions.RECORD, ['RECORD', 'record']);
  assert.deepEqual(actions.TAB_FORWARD, ['TAB_FORWARD', 'nextField']);
  assert.deepEqual(actions.TAB_BACKWARD, ['TAB_BACKWARD', 'previousField']);
  assert.deepEqual(actions.ENTER_SELECT, ['ENTER_SELECT', 'acceptDefaults']);
  assert.deepEqual(actions.FORWARD, ['FORWARD', 'nextField']);
  assert.deepEqual(actions.F1, ['F1_A', null]);
});

test('PowerMic III: record and the tab keys; Transcribe and the custom keys are the page’s', async () => {
  const actions = await actionsOf(POWERMIC_3);
  assert.deepEqual(actions.RECORD, ['RECORD', 'record']);
  assert.deepEqual(actions.TAB_FORWARD, ['TAB_FORWARD', 'nextField']);
  assert.deepEqual(actions.TAB_BACKWARD, ['TAB_BACKWARD', 'previousField']);
  assert.deepEqual(actions.TRANSCRIBE, ['TRANSCRIBE', null]);
  assert.deepEqual(actions.CUSTOM_LEFT, ['CUSTOM_LEFT', null]);
});

test('foot control: the middle pedal records (hold to talk), the outer ones move between fields', async () => {
  assert.deepEqual(await actionsOf(FOOT_CONTROL), {
    LEFT: ['REWIND', 'previousField'],
    MIDDLE: ['PLAY', 'record'],
    RIGHT: ['FORWARD', 'nextField'],
    TOP: ['EOL_PRIO', 'endOfLetter'],
  });
});

test('the page’s map wins button by button; null leaves only the event', async () => {
  const { device, hub, presses } = await hubWith(SPEECHMIKE_PREMIUM, { buttons: () => ({ F1_A: 'scratch', RECORD: null }) });
  await device.click('F1', 1);
  await device.click('RECORD', 1);
  await device.click('STOP', 1);
  await settle();
  assert.deepEqual(
    presses.filter((p) => p.pressed).map((p) => [p.button, p.action]),
    [['F1_A', 'scratch'], ['RECORD', null], ['STOP', 'stop']],
  );
  await hub.close();
});

test('two buttons held together are two presses; releasing one keeps the other held', async () => {
  const { device, hub, presses } = await hubWith(SPEECHMIKE_PREMIUM);
  device.press('RECORD');
  device.press('F1');
  device.release('F1');
  await settle();
  assert.deepEqual(presses.map((p) => `${p.button} ${p.pressed ? 'down' : 'up'}`), ['RECORD down', 'F1_A down', 'F1_A up']);
  await hub.close();
});

test('unplugged while held: the held button is let go, and the bar is told', async () => {
  const { hid, device, hub, presses, said } = await hubWith(SPEECHMIKE_PREMIUM);
  device.press('RECORD');
  await settle();
  hid.unplug(device);
  await settle();
  assert.deepEqual(presses.map((p) => `${p.button} ${p.pressed ? 'down' : 'up'}`), ['RECORD down', 'RECORD up']);
  assert.match(said.at(-1)!, /SpeechMike Premium was unplugged/);
  await hub.close();
});

test('the SpeechMike’s record light follows the bar: red recording, fast red keeping, green kept, off', async () => {
  const { device, hub } = await hubWith(SPEECHMIKE_PREMIUM);
  const shown = async (recording: 'off' | 'starting' | 'on' | 'stopping', recovery: 'none' | 'keeping' | 'pending' | 'recovering') => {
    hub.show({ recording, recovery });
    await settle();
    return `${device.lights.red}/${device.lights.green}`;
  };
  assert.equal(await shown('starting', 'none'), 'slow/off');
  assert.equal(await shown('on', 'none'), 'on/off');
  assert.equal(await shown('on', 'keeping'), 'fast/off');
  assert.equal(await shown('off', 'pending'), 'off/slow');
  assert.equal(await shown('on', 'none'), 'on/off');
  await hub.close();
  assert.equal(`${device.lights.red}/${device.lights.green}`, 'off/off', 'closing turns the light off');
  assert.equal(device.opened, false, 'and lets go of the device');
});

test('the PowerMic III cannot blink: keeping blinks it from here, red and off', async () => {
  const { device, hub } = await hubWith(POWERMIC_3);
  hub.show({ recording: 'on', recovery: 'keeping' });
  const seen = new Set<string>();
  const watch = () => seen.add(device.lights.red);
  device.addEventListener('lightschange', watch);
  await new Promise((resolve) => setTimeout(resolve, 700));
  assert.deepEqual([...seen].sort(), ['off', 'on']);
  hub.show({ recording: 'on', recovery: 'none' });
  await new Promise((resolve) => setTimeout(resolve, 600));
  seen.clear();
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal(device.lights.red, 'on');
  assert.equal(seen.size, 0, 'recording live: a steady light');
  await hub.close();
});

test('a foot control and a SpeechMike at once: both drive the bar', async () => {
  const { hid, hub, presses } = await hubWith(SPEECHMIKE_PREMIUM);
  const pedal: SimulatedDevice = hid.plug(FOOT_CONTROL, { granted: true });
  await settle();
  await pedal.click('MIDDLE', 1);
  await settle();
  assert.deepEqual(presses.filter((p) => p.pressed).map((p) => [p.device, p.action]), [['Foot Control ACC2330', 'record']]);
  await hub.close();
});

test('button changes: releases come first (a slider leaves record before it reaches stop)', () => {
  const changes = buttonChanges(ButtonEvent.RECORD, ButtonEvent.STOP, ButtonEvent);
  assert.deepEqual(changes, [
    { button: 'RECORD', pressed: false },
    { button: 'STOP', pressed: true },
  ]);
  assert.equal(actionFor('F1_A', HAND_HELD_BUTTONS, { F1_A: 'scratch' }), 'scratch');
  assert.equal(actionFor('RECORD', HAND_HELD_BUTTONS, { RECORD: null }), null);
});

test('the light from the bar’s state', () => {
  assert.equal(lightFor({ recording: 'off', recovery: 'none' }), 'off');
  assert.equal(lightFor({ recording: 'on', recovery: 'none' }), 'recording');
  assert.equal(lightFor({ recording: 'on', recovery: 'keeping' }), 'keeping');
  assert.equal(lightFor({ recording: 'stopping', recovery: 'keeping' }), 'busy');
  assert.equal(lightFor({ recording: 'off', recovery: 'pending' }), 'pending');
  assert.equal(lightFor({ recording: 'off', recovery: 'recovering' }), 'pending');
});
