import { html, nothing } from 'lit';
import type { LocalizeController } from '../shared/localize.js';

/** The microphone chooser, shown when the device has more than one: its devices by label, else numbered. */
export function microphoneSelect(t: LocalizeController, microphones: MediaDeviceInfo[], selectedId: string, onChange: (deviceId: string) => void) {
  if (microphones.length < 2) return nothing;
  return html`<label class="microphone"
    ><span class="visually-hidden">${t.term('microphone')}</span>
    <select part="microphone-select" @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value)}>
      ${microphones.map(
        (device, i) =>
          html`<option value=${device.deviceId} ?selected=${device.deviceId === selectedId}>${device.label || t.term('microphoneNumber', i + 1)}</option>`,
      )}
    </select></label
  >`;
}
