/**
 * A simulated WebHID with dictation microphones plugged into it: the demo's "simulated SpeechMike" and the tests'
 * devices. It implements what `dictation_support` uses of `navigator.hid` and `HIDDevice` (getDevices, requestDevice,
 * connect/disconnect, open/close, sendReport, inputreport) and speaks each device's own reports, written here from the
 * devices' report layouts as the library's device definitions give them (not from the library's tables, so a test
 * checks our reading of the device against the library's). A development tool: the bar never imports it; a page hands
 * it to a bar (`bar.hid = simulated.hid`).
 */

type Kind = 'speechmike' | 'powermic3' | 'foot';

export interface DeviceModel {
  kind: Kind;
  vendorId: number;
  productId: number;
  productName: string;
  usagePage: number;
  usage: number;
  /** The bit of each button in the device's input report. */
  buttons: Readonly<Record<string, number>>;
}

/** Philips SpeechMike Premium (push buttons; HID mode): report 0x80, buttons little-endian in bytes 7-8. */
export const SPEECHMIKE_PREMIUM: DeviceModel = {
  kind: 'speechmike',
  vendorId: 0x0911,
  productId: 3101,
  productName: 'SpeechMike Premium',
  usagePage: 0xffa0,
  usage: 1,
  buttons: { F1: 2, F2: 4, F3: 8, F4: 16, COMMAND: 32, RECORD: 256, STOP: 512, PLAY: 1024, FORWARD: 2048, REWIND: 4096, EOL: 8192, INS_OVR: 16384, INSTR: 32768 },
};

/** Nuance PowerMic 4: the SpeechMike's protocol with its own keys. */
export const POWERMIC_4: DeviceModel = {
  kind: 'speechmike',
  vendorId: 0x0554,
  productId: 0x0064,
  productName: 'PowerMic 4',
  usagePage: 0xffa0,
  usage: 1,
  buttons: { F1: 2, F2: 4, F3: 8, F4: 16, COMMAND: 32, RECORD: 256, PLAY: 1024, TAB_FORWARD: 2048, TAB_BACKWARD: 4096, REWIND: 8192, FORWARD: 16384, ENTER_SELECT: 32768 },
};

/** Nuance PowerMic III: buttons little-endian in bytes 1-2; its light is a one-byte output report (0 off, 1 red, 2 green). */
export const POWERMIC_3: DeviceModel = {
  kind: 'powermic3',
  vendorId: 0x0554,
  productId: 0x1001,
  productName: 'PowerMic III',
  usagePage: 1,
  usage: 0,
  buttons: { TRANSCRIBE: 1, TAB_BACKWARD: 2, RECORD: 4, TAB_FORWARD: 8, REWIND: 16, FORWARD: 32, PLAY: 64, CUSTOM_LEFT: 128, ENTER_SELECT: 256, CUSTOM_RIGHT: 512 },
};

/** Philips foot control ACC2330: one byte, a bit per pedal. */
export const FOOT_CONTROL: DeviceModel = {
  kind: 'foot',
  vendorId: 0x0911,
  productId: 2330,
  productName: 'Foot Control ACC2330',
  usagePage: 1,
  usage: 4,
  buttons: { LEFT: 1, MIDDLE: 2, RIGHT: 4, TOP: 8 },
};

/** The SpeechMike protocol's commands the library sends (the first byte of an output report and of its answer). */
const SET_LED = 2;
const IS_SPEECHMIKE_PREMIUM = 131;
const GET_DEVICE_CODE_SMP = 139;
const BUTTON_PRESS_EVENT = 128;
/** The SpeechMike's device code for a Premium (SMP 3700): push buttons, no slider. */
const SMP_3700 = 3700;
const SPEECHMIKE_REPORT_BYTES = 9;
const LED_MODES = ['off', 'slow', 'fast', 'on'] as const;

export type LedMode = (typeof LED_MODES)[number];

/** What a device's record light shows. */
export interface Lights {
  red: LedMode;
  green: LedMode;
}

export class SimulatedDevice extends EventTarget {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly collections: { usagePage: number; usage: number }[];
  opened = false;
  /** Every output report written to it, in order. */
  readonly outputReports: Uint8Array[] = [];
  lights: Lights = { red: 'off', green: 'off' };
  oninputreport: ((event: Event) => void) | null = null;
  #held = 0;

  constructor(readonly model: DeviceModel) {
    super();
    this.vendorId = model.vendorId;
    this.productId = model.productId;
    this.productName = model.productName;
    this.collections = [{ usagePage: model.usagePage, usage: model.usage }];
  }

  async open(): Promise<void> {
    this.opened = true;
  }

  async close(): Promise<void> {
    this.opened = false;
  }

  async forget(): Promise<void> {
    this.opened = false;
  }

  async sendReport(_reportId: number, data: BufferSource): Promise<void> {
    if (!this.opened) throw new DOMException('The device must be opened first.', 'InvalidStateError');
    const bytes = new Uint8Array(ArrayBuffer.isView(data) ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data);
    this.outputReports.push(bytes);
    if (this.model.kind === 'powermic3') return this.#setLights({ red: bytes[0] === 1 ? 'on' : 'off', green: bytes[0] === 2 ? 'on' : 'off' });
    if (this.model.kind !== 'speechmike') return;
    const command = bytes[0]!;
    if (command === SET_LED) {
      // The record light's modes: green in bits 0-1, red in bits 2-3 of the LED bytes' sixth (after the command byte).
      const record = bytes[6] ?? 0;
      this.#setLights({ green: LED_MODES[record & 3]!, red: LED_MODES[(record >> 2) & 3]! });
    } else if (command === IS_SPEECHMIKE_PREMIUM) {
      this.#answer(command, (view) => view.setUint8(8, 0x80));
    } else if (command === GET_DEVICE_CODE_SMP) {
      // Byte 1: not a SpeechOne; the device code in bytes 2-3 (big-endian, as the device sends it).
      this.#answer(command, (view) => view.setUint16(2, SMP_3700));
    }
  }

  /** Holds a button down (by the names of the model's report), or lets it go. */
  press(button: string): void {
    this.#send(this.#held | this.#bit(button));
  }

  release(button: string): void {
    this.#send(this.#held & ~this.#bit(button));
  }

  /** A press and a release, `heldMs` apart. */
  async click(button: string, heldMs = 50): Promise<void> {
    this.press(button);
    await new Promise((resolve) => setTimeout(resolve, heldMs));
    this.release(button);
  }

  #bit(button: string): number {
    const bit = this.model.buttons[button];
    if (!bit) throw new Error(`${this.productName} has no ${button} button`);
    return bit;
  }

  #send(held: number): void {
    this.#held = held;
    if (!this.opened) return;
    if (this.model.kind === 'speechmike') {
      this.#input(SPEECHMIKE_REPORT_BYTES, (view) => {
        view.setUint8(0, BUTTON_PRESS_EVENT);
        view.setUint16(7, held, true);
      });
    } else if (this.model.kind === 'powermic3') {
      this.#input(3, (view) => view.setUint16(1, held, true));
    } else {
      this.#input(1, (view) => view.setUint8(0, held));
    }
  }

  #answer(command: number, fill: (view: DataView) => void): void {
    // Answers come later, as the device's do (the library waits for them).
    setTimeout(() => this.#input(SPEECHMIKE_REPORT_BYTES, (view) => (view.setUint8(0, command), fill(view))), 1);
  }

  #input(bytes: number, fill: (view: DataView) => void): void {
    const view = new DataView(new ArrayBuffer(bytes));
    fill(view);
    const event = Object.assign(new Event('inputreport'), { data: view, device: this, reportId: 0 });
    this.oninputreport?.(event);
    this.dispatchEvent(event);
  }

  #setLights(lights: Lights): void {
    this.lights = lights;
    this.dispatchEvent(new Event('lightschange'));
  }
}

/** `navigator.hid` with simulated devices: plug them in, grant them (as the chooser would), unplug them. */
export class SimulatedHid extends EventTarget {
  readonly #plugged = new Set<SimulatedDevice>();
  readonly #granted = new Set<SimulatedDevice>();
  /** The filters of the last `requestDevice()`: what the chooser was asked to show. */
  lastFilters: HIDDeviceFilter[] | null = null;
  /** What the simulated chooser does: pick the first matching device not yet granted, or be cancelled. */
  chooser: 'pick' | 'cancel' = 'pick';
  onconnect: ((event: Event) => void) | null = null;
  ondisconnect: ((event: Event) => void) | null = null;

  /** This, as the bar's `hid` property takes it (and `navigator.hid` is typed). */
  get hid(): HID {
    return this as unknown as HID;
  }

  async getDevices(): Promise<SimulatedDevice[]> {
    return [...this.#plugged].filter((device) => this.#granted.has(device));
  }

  async requestDevice({ filters }: HIDDeviceRequestOptions): Promise<SimulatedDevice[]> {
    this.lastFilters = filters;
    if (this.chooser === 'cancel') return [];
    const device = [...this.#plugged].find((d) => !this.#granted.has(d) && filters.some((f) => matches(d, f)));
    if (!device) return [];
    this.#granted.add(device);
    return [device];
  }

  /** Plugs a device in; `granted`: the page was given it before (it connects by itself). */
  plug(model: DeviceModel | SimulatedDevice, { granted = false } = {}): SimulatedDevice {
    const device = model instanceof SimulatedDevice ? model : new SimulatedDevice(model);
    this.#plugged.add(device);
    if (granted) this.#granted.add(device);
    // The browser tells a page only of the devices it was granted.
    if (this.#granted.has(device)) this.#fire('connect', device);
    return device;
  }

  unplug(device: SimulatedDevice): void {
    if (!this.#plugged.delete(device)) return;
    device.opened = false;
    if (this.#granted.has(device)) this.#fire('disconnect', device);
  }

  #fire(type: 'connect' | 'disconnect', device: SimulatedDevice): void {
    const event = Object.assign(new Event(type), { device });
    (type === 'connect' ? this.onconnect : this.ondisconnect)?.(event);
    this.dispatchEvent(event);
  }
}

function matches(device: SimulatedDevice, filter: HIDDeviceFilter): boolean {
  if (filter.vendorId !== undefined && filter.vendorId !== device.vendorId) return false;
  if (filter.productId !== undefined && filter.productId !== device.productId) return false;
  if (filter.usagePage !== undefined && !device.collections.some((c) => c.usagePage === filter.usagePage)) return false;
  return filter.usage === undefined || device.collections.some((c) => c.usage === filter.usage);
}
