/**
 * What a dictation microphone's record light says, from the bar's state. The light is the clinician's eye on the
 * recording while they look at the patient, so "recording, but only onto this device" must look different from
 * "recording live".
 */
export type Light =
  /** Not recording, nothing owed. */
  | 'off'
  /** Recording, streamed to the service. */
  | 'recording'
  /** Recording while the link is down: the speech is kept on this device (fast blink). */
  | 'keeping'
  /** Starting the microphone, or finishing the last words (slow blink). */
  | 'busy'
  /** Not recording; speech kept on this device waits for the next login, or is being transcribed (green). */
  | 'pending';

export interface BarLightState {
  recording: 'off' | 'starting' | 'on' | 'stopping';
  recovery: 'none' | 'keeping' | 'pending' | 'recovering';
}

export function lightFor({ recording, recovery }: BarLightState): Light {
  if (recording === 'on') return recovery === 'keeping' ? 'keeping' : 'recording';
  if (recording !== 'off') return 'busy';
  return recovery === 'pending' || recovery === 'recovering' ? 'pending' : 'off';
}

/** Modes of a light that blinks by itself (the SpeechMike's protocol: off, slow, fast, on). */
export type LedMode = 'off' | 'slow' | 'fast' | 'on';

/** The SpeechMike's (and PowerMic 4's) record light: a red and a green LED, each with its own mode. */
export const SPEECHMIKE_LIGHTS: Readonly<Record<Light, { red: LedMode; green: LedMode }>> = {
  off: { red: 'off', green: 'off' },
  recording: { red: 'on', green: 'off' },
  keeping: { red: 'fast', green: 'off' },
  busy: { red: 'slow', green: 'off' },
  pending: { red: 'off', green: 'slow' },
};

/** The PowerMic III's light is one colour at a time and cannot blink: the bar blinks it (`blink`, twice a second). */
export const POWERMIC3_LIGHTS: Readonly<Record<Light, { colour: 'off' | 'red' | 'green'; blink: boolean }>> = {
  off: { colour: 'off', blink: false },
  recording: { colour: 'red', blink: false },
  keeping: { colour: 'red', blink: true },
  busy: { colour: 'red', blink: false },
  pending: { colour: 'green', blink: false },
};
