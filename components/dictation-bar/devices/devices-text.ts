import { moduleLanguage } from '../../shared/module-language.js';

/**
 * What the dictation-microphone module says, in the bar's languages. It loads on demand, so its sentences live here
 * rather than in the bundle's translations; a language without an entry gets English.
 */
const en = {
  connected: (names: string) => `${names} connected: its buttons record, stop and move between fields.`,
  unplugged: (name: string) => `${name} was unplugged. Nothing dictated is lost; the Dictate button still works.`,
  noneChosen: 'No dictation microphone was chosen.',
  alreadyConnected: 'That dictation microphone is already connected.',
  notAllowed: 'This page is not allowed to use dictation microphones.',
  failed: (why: string) => `The dictation microphone could not be connected: ${why}`,
  footControl: 'Foot control',
};

type DevicesText = typeof en;

const es: DevicesText = {
  connected: (names) => `${names} conectado: sus botones graban, paran y pasan de un campo a otro.`,
  unplugged: (name) => `Se ha desconectado ${name}. No se pierde nada de lo dictado; el botón Dictar sigue funcionando.`,
  noneChosen: 'No se ha elegido ningún micrófono de dictado.',
  alreadyConnected: 'Ese micrófono de dictado ya está conectado.',
  notAllowed: 'Esta página no puede usar micrófonos de dictado.',
  failed: (why) => `No se ha podido conectar el micrófono de dictado: ${why}`,
  footControl: 'Pedal',
};

export const devicesText = (lang: string): DevicesText => (moduleLanguage(lang) === 'es' ? es : en);
