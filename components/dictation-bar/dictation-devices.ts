/**
 * The dictation-microphone module: Philips SpeechMike, Nuance PowerMic and Philips foot controls through WebHID, with
 * Google's `dictation_support` reading their reports and writing their lights. The bar loads it on demand
 * (`dictation-devices.js`, beside its own module) only when the browser has WebHID and a device is granted or being
 * paired, so a page without a device does not pay for it.
 */
import * as dictationSupport from 'dictation_support';
import type { DictationDevice, LedMode as LibraryLedMode } from 'dictation_support';
import { actionFor, buttonChanges, FOOT_CONTROL_BUTTONS, HAND_HELD_BUTTONS, type ButtonMap, type DeviceAction } from './devices/device-buttons.js';
import { lightFor, POWERMIC3_LIGHTS, SPEECHMIKE_LIGHTS, type BarLightState, type Light, type LedMode as Mode } from './devices/device-lights.js';
import { devicesText } from './devices/devices-text.js';
import type { WebHid } from './devices/web-hid.js';

export type { BarLightState, ButtonMap, DeviceAction };

// A CommonJS (UMD) build: bundlers (and tsx) give its exports as named ones, Node's own loader only as the default.
const library: typeof dictationSupport = (dictationSupport as unknown as { default?: typeof dictationSupport }).default ?? dictationSupport;
const { ButtonEvent, DictationDeviceManager, ImplementationType, LedIndex, LedMode, LedStatePM3 } = library;

/** A button went down or up on a device. */
export interface DevicePress {
  button: string;
  action: DeviceAction | null;
  pressed: boolean;
  /** The device's name (its product name as it reports it). */
  device: string;
}

export interface DeviceHubOptions {
  hid: WebHid;
  lang: () => string;
  /** The page's button map (the bar's `deviceButtons`), read at each press. */
  buttons: () => ButtonMap;
  onButton: (press: DevicePress) => void;
  /** The devices in use changed (or pairing ended): their names, and a sentence for the status bar. */
  onDevices: (names: string[], sentence: string | null) => void;
}

export interface DeviceHub {
  /** Opens the browser's chooser (needs the click that asked for it) and starts using what the user picked. */
  request(): Promise<void>;
  /** The bar's state changed: every light follows it. */
  show(state: BarLightState): void;
  /** Turns the lights off and lets go of the devices. */
  close(): Promise<void>;
}

const LED_MODES: Record<Mode, LibraryLedMode> = { off: LedMode.OFF, slow: LedMode.BLINK_SLOW, fast: LedMode.BLINK_FAST, on: LedMode.ON };
const PM3_COLOURS = { off: LedStatePM3.OFF, red: LedStatePM3.RED, green: LedStatePM3.GREEN } as const;
/** Half a blink of the PowerMic III's light, which cannot blink by itself. */
const PM3_BLINK_MS = 250;

class Hub implements DeviceHub {
  readonly #manager: InstanceType<typeof DictationDeviceManager>;
  /** The buttons each device holds down, as last reported. */
  readonly #held = new Map<DictationDevice, number>();
  #light: Light = 'off';
  #blink: ReturnType<typeof setInterval> | null = null;
  #blinkOn = true;
  /** Output reports one after another: a device takes one write at a time. */
  #writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: DeviceHubOptions) {
    // The library is typed with WebHID's own types; ours is the part of them the bar relies on.
    this.#manager = new DictationDeviceManager(options.hid as unknown as HID);
    this.#manager.addButtonEventListener((device, mask) => this.#onButtons(device, mask));
    this.#manager.addDeviceConnectedEventListener((device) => {
      this.#apply(device);
      this.#changed(this.#text.connected(this.#name(device)));
    });
    this.#manager.addDeviceDisconnectedEventListener((device) => this.#onUnplugged(device));
  }

  get #text() {
    return devicesText(this.options.lang());
  }

  async init(): Promise<void> {
    await this.#manager.init();
    const devices = this.#manager.getDevices();
    devices.forEach((device) => this.#apply(device));
    if (devices.length > 0) this.#changed(this.#text.connected(devices.map((d) => this.#name(d)).join(', ')));
  }

  async request(): Promise<void> {
    let added: DictationDevice[];
    try {
      const before = this.#manager.getDevices().length;
      added = await this.#manager.requestDevice();
      if (added.length === 0) return this.#changed(before > 0 ? this.#text.alreadyConnected : this.#text.noneChosen);
    } catch (err) {
      const name = (err as Error)?.name;
      return this.#changed(name === 'SecurityError' || name === 'NotAllowedError' ? this.#text.notAllowed : this.#text.failed(String((err as Error)?.message ?? err)));
    }
    added.forEach((device) => this.#apply(device));
    this.#changed(this.#text.connected(added.map((d) => this.#name(d)).join(', ')));
  }

  show(state: BarLightState): void {
    const light = lightFor(state);
    if (light === this.#light) return;
    this.#light = light;
    this.#manager.getDevices().forEach((device) => this.#apply(device));
  }

  async close(): Promise<void> {
    this.#light = 'off';
    const devices = this.#manager.getDevices();
    devices.forEach((device) => this.#apply(device));
    await this.#writes;
    await this.#manager.shutdown();
    // The library does not wait for its devices (it awaits an array of promises): close them here.
    await Promise.allSettled(devices.map((device) => device.hidDevice.opened && device.hidDevice.close()));
    this.#stopBlinking();
  }

  #name(device: DictationDevice): string {
    if (device.hidDevice.productName) return device.hidDevice.productName;
    if (device.implType === ImplementationType.FOOT_CONTROL) return this.#text.footControl;
    return device.implType === ImplementationType.POWERMIC_3 ? 'PowerMic' : 'SpeechMike';
  }

  #changed(sentence: string | null): void {
    this.options.onDevices(this.#manager.getDevices().map((d) => this.#name(d)), sentence);
  }

  #onButtons(device: DictationDevice, mask: number): void {
    const previous = this.#held.get(device) ?? 0;
    this.#held.set(device, mask);
    const defaults = device.implType === ImplementationType.FOOT_CONTROL ? FOOT_CONTROL_BUTTONS : HAND_HELD_BUTTONS;
    const page = this.options.buttons();
    for (const { button, pressed } of buttonChanges(previous, mask, ButtonEvent)) {
      this.options.onButton({ button, pressed, action: actionFor(button, defaults, page), device: this.#name(device) });
    }
  }

  /** A device went away: what it held is let go (a push-to-talk ends as if released), and the bar says so. */
  #onUnplugged(device: DictationDevice): void {
    this.#onButtons(device, 0);
    this.#held.delete(device);
    const name = this.#name(device);
    // The library removes the device after its listeners ran: the names are those left.
    const names = this.#manager.getDevices().filter((d) => d !== device).map((d) => this.#name(d));
    this.options.onDevices(names, this.#text.unplugged(name));
  }

  /** Writes the current light to one device (lights off devices that have none). */
  #apply(device: DictationDevice): void {
    const light = this.#light;
    if (device.implType === ImplementationType.SPEECHMIKE_HID) {
      const { red, green } = SPEECHMIKE_LIGHTS[light];
      this.#write(async () => {
        await device.setLed(LedIndex.RECORD_LED_GREEN, LED_MODES[green]);
        await device.setLed(LedIndex.RECORD_LED_RED, LED_MODES[red]);
      });
    } else if (device.implType === ImplementationType.POWERMIC_3) {
      const { colour, blink } = POWERMIC3_LIGHTS[light];
      this.#write(() => device.setLed(PM3_COLOURS[colour]));
      if (blink) this.#startBlinking();
    }
  }

  #startBlinking(): void {
    if (this.#blink) return;
    this.#blinkOn = true;
    this.#blink = setInterval(() => {
      const { colour, blink } = POWERMIC3_LIGHTS[this.#light];
      if (!blink) return this.#stopBlinking();
      this.#blinkOn = !this.#blinkOn;
      for (const device of this.#manager.getDevices()) {
        if (device.implType === ImplementationType.POWERMIC_3) this.#write(() => device.setLed(PM3_COLOURS[this.#blinkOn ? colour : 'off']));
      }
    }, PM3_BLINK_MS);
  }

  #stopBlinking(): void {
    if (this.#blink) clearInterval(this.#blink);
    this.#blink = null;
  }

  #write(report: () => Promise<void>): void {
    // A device unplugged mid-write rejects: its disconnect says so, the light does not need to.
    this.#writes = this.#writes.then(report).catch(() => {});
  }
}

/** Starts using the devices already granted to this page (and those plugged in later). */
export async function openDevices(options: DeviceHubOptions): Promise<DeviceHub> {
  const hub = new Hub(options);
  await hub.init();
  return hub;
}
