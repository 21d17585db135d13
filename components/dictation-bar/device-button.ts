import { html, nothing } from 'lit';
import type { LocalizeController } from '../shared/localize.js';
import type { DeviceController } from './device-controller.js';

/**
 * "Connect dictation microphone" (WebHID needs a click to pair one); once some are in use, their names, and a click
 * pairs another. Absent without WebHID or with `dictation-devices="off"`.
 */
export function deviceButton(t: LocalizeController, devices: DeviceController) {
  if (!devices.available) return nothing;
  const names = devices.names.join(', ');
  return html`<button class="device" part="device-button" type="button" aria-label=${names ? t.term('connectAnotherDevice', names) : nothing} @click=${devices.connect}>
    ${names || t.term('connectDevice')}
  </button>`;
}
