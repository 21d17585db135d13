import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { storage } from '../shared/dom.js';
import { emit } from '../shared/emit.js';
import type { BarLightState, ButtonMap, DeviceHub, DevicePress, openDevices } from './dictation-devices.js';
import type { WebHid } from './devices/web-hid.js';

export type { WebHid };

/** The content-hashed file name of the device module this bundle was built with (scripts/build.mjs). */
declare const DICTATION_DEVICES_FILE: string | undefined;

/** The device module, beside this one in every form the bar ships in (as the editing module is). */
export const DEFAULT_DEVICES_URL =
  typeof DICTATION_DEVICES_FILE === 'string' ? new URL(DICTATION_DEVICES_FILE, import.meta.url).href : new URL('./dictation-devices.js', import.meta.url).href;

/**
 * Set once a device was in use on this origin. Chromium keeps a page that touched WebHID (even to ask for granted
 * devices) out of the back/forward cache, so a page that never had a device must not ask at load: only a page on
 * which one was paired looks for its devices by itself.
 */
const PAIRED_KEY = 'dictation-bar:devices-paired';

export interface DeviceControllerOptions {
  url: () => string;
  /** The page's `dictation-devices` is not `off`. */
  enabled: () => boolean;
  /** The WebHID object (the bar's `hid`, by default the browser's). */
  hid: () => WebHid | undefined;
  buttons: () => ButtonMap;
  lang: () => string;
  light: () => BarLightState;
  say: (sentence: string) => void;
  /** The record key: as the bar's button (a tap toggles, a hold is push-to-talk). */
  record: { press(): void; release(): void };
  stop: () => void;
  /** A built-in voice command, run as if said. */
  run: (name: string) => void;
}

/**
 * Dictation microphones (SpeechMike, PowerMic, foot controls) through WebHID. Without WebHID (Firefox, Safari), or
 * with `dictation-devices="off"`, it does nothing and says nothing. Otherwise the device module loads only when a
 * device is already granted to the page (at load, or plugged in later, once one was paired on this origin) or the
 * user pairs one: `connect()`, from a click, since the browser's chooser needs one.
 */
export class DeviceController implements ReactiveController {
  /** The names of the devices in use. */
  names: readonly string[] = [];
  #hid: WebHid | undefined;
  #hub: Promise<DeviceHub | null> | null = null;
  /** That hub once here: the light is handed to it at every update (the level meter's too), without a promise each. */
  #ready: DeviceHub | null = null;
  /** The page may not use WebHID here (a frame without `allow="hid"`): no control. */
  #blocked = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: DeviceControllerOptions,
  ) {
    host.addController(this);
  }

  /** Whether the bar offers to connect a device. */
  get available(): boolean {
    return !!this.#hid && !this.#blocked;
  }

  hostConnected(): void {
    this.#start();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  hostUpdate(): void {
    // The page turned devices off or on, or gave the bar another WebHID (a test's simulated one).
    if (this.#hid !== this.#wanted()) {
      this.#stop();
      this.#start();
    }
  }

  hostUpdated(): void {
    this.#ready?.show(this.options.light());
  }

  /** The "Connect dictation microphone" click. */
  connect = (): void => {
    void this.#open().then((hub) => hub?.request());
  };

  #wanted(): WebHid | undefined {
    return this.options.enabled() ? this.options.hid() : undefined;
  }

  #start(): void {
    const hid = (this.#hid = this.#wanted());
    if (!hid || !storage.get(PAIRED_KEY)) return;
    hid.addEventListener('connect', this.#onPlugged);
    // Granted before (this page's origin): use them at once, without a click.
    Promise.resolve()
      .then(() => hid.getDevices())
      .then(
        (granted) => {
          // None may be plugged in now: the flag stays, the `connect` listener waits for them.
          if (granted.length > 0 && this.#hid === hid) void this.#open();
        },
        () => {
          this.#blocked = true;
          this.host.requestUpdate();
        },
      );
  }

  #stop(): void {
    this.#hid?.removeEventListener('connect', this.#onPlugged);
    const hub = this.#hub;
    this.#hid = undefined;
    this.#hub = null;
    this.#ready = null;
    this.#blocked = false;
    this.names = [];
    void hub?.then((h) => h?.close());
  }

  /** A granted device was plugged in before the module was here (after, the module hears it itself). */
  #onPlugged = (): void => void this.#open();

  #open(): Promise<DeviceHub | null> {
    const hid = this.#hid;
    if (!hid) return Promise.resolve(null);
    if (this.#hub) return this.#hub;
    const hub: Promise<DeviceHub | null> = import(/* @vite-ignore */ this.options.url())
      .then((module: { openDevices: typeof openDevices }) =>
        module.openDevices({
          hid,
          lang: this.options.lang,
          buttons: this.options.buttons,
          onButton: this.#onButton,
          onDevices: (names, sentence) => {
            if (this.#hid !== hid) return; // a hub the bar already let go of
            // A pairing that added nothing (cancelled, already connected) is a sentence, not a change.
            const changed = String(names) !== String(this.names);
            this.names = names;
            if (names.length > 0) storage.set(PAIRED_KEY, '1');
            if (sentence) this.options.say(sentence);
            if (changed) emit(this.host, 'dictation-devices-change', { devices: names });
            this.host.requestUpdate();
          },
        }),
      )
      .then((ready) => {
        if (this.#hub === hub) {
          this.#ready = ready;
          ready.show(this.options.light());
        }
        return ready;
      })
      .catch((err: unknown) => {
        // Said once per try (a 404 after a deploy, a device that would not open); the next click tries again.
        console.warn('<dictation-bar> dictation microphones are not available:', err);
        if (this.#hub === hub) this.#hub = null;
        return null;
      });
    return (this.#hub = hub);
  }

  /**
   * A device's button: the page hears of it first (`dictation-device-button`, cancelable: cancel it to act yourself),
   * then its action runs: record on press and release, the others on press.
   */
  #onButton = (press: DevicePress): void => {
    if (!emit(this.host, 'dictation-device-button', press, { cancelable: true })) return;
    const { action, pressed } = press;
    if (action === 'record') return pressed ? this.options.record.press() : this.options.record.release();
    if (!pressed || !action) return;
    if (action === 'stop' || action === 'endOfLetter') this.options.stop();
    else this.options.run(action);
  };
}
