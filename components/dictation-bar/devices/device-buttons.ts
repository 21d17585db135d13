/**
 * What a dictation microphone's buttons do. A button is named as `dictation_support` names it (`RECORD`, `STOP`,
 * `FORWARD`, `TAB_FORWARD`, `EOL_PRIO`, `F1_A`, ...); its action is one of the bar's own (`record`: a tap toggles,
 * holding is push-to-talk; `stop`; `endOfLetter`: stops, and the page finishes its document on the event) or the
 * name of a built-in voice command (`nextField`, `scratch`, `acceptDefaults`, ...), run as if it had been said. A
 * button mapped to null, or to nothing, only fires `dictation-device-button`: the page's own action.
 */
export type DeviceAction = 'record' | 'stop' | 'endOfLetter' | (string & {});

/** A page's map (the bar's `deviceButtons`): it wins over the defaults, button by button; null turns one off. */
export type ButtonMap = Readonly<Partial<Record<string, DeviceAction | null>>>;

/**
 * Hand-held microphones (SpeechMike, PowerMic): record and stop, the wind keys and the PowerMic's tab keys move
 * between fields as Dragon Medical's defaults do, "end of letter" ends the document, Enter/Select accepts defaults.
 */
export const HAND_HELD_BUTTONS: ButtonMap = {
  RECORD: 'record',
  STOP: 'stop',
  FORWARD: 'nextField',
  REWIND: 'previousField',
  TAB_FORWARD: 'nextField',
  TAB_BACKWARD: 'previousField',
  ENTER_SELECT: 'acceptDefaults',
  EOL_PRIO: 'endOfLetter',
};

/** Foot controls have no record key: the middle pedal is the record key (hold to talk), the outer ones move fields. */
export const FOOT_CONTROL_BUTTONS: ButtonMap = {
  PLAY: 'record',
  REWIND: 'previousField',
  FORWARD: 'nextField',
  EOL_PRIO: 'endOfLetter',
};

/** The action of `button` on a device of that kind, the page's map first. */
export function actionFor(button: string, defaults: ButtonMap, page: ButtonMap = {}): DeviceAction | null {
  if (Object.hasOwn(page, button)) return page[button] ?? null;
  return defaults[button] ?? null;
}

export interface ButtonChange {
  button: string;
  pressed: boolean;
}

/**
 * The buttons that went down or up between two reports. The library reports the set of buttons held (a bitmask of
 * its `ButtonEvent`); `bits` is that enum, names to bits.
 */
export function buttonChanges(previous: number, current: number, bits: Readonly<Record<string, string | number>>): ButtonChange[] {
  const changes: ButtonChange[] = [];
  for (const [button, bit] of Object.entries(bits)) {
    if (typeof bit !== 'number' || bit === 0 || (previous & bit) === (current & bit)) continue;
    changes.push({ button, pressed: (current & bit) !== 0 });
  }
  // Releases first: a slider moved from record to stop lets go of one before it holds the other.
  return changes.sort((a, b) => Number(a.pressed) - Number(b.pressed));
}
