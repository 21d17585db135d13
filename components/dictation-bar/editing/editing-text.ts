/**
 * What the editing module says, in the bar's languages. It loads on demand, so its sentences live here rather than in
 * the bundle's translations; a language without an entry gets English.
 */
const q = (words: string) => `“${words}”`;

const en = {
  scratched: (words: string) => `Deleted ${q(words)}.`,
  nothingToScratch: 'Nothing dictated here to delete.',
  undone: 'Undone.',
  redone: 'Redone.',
  deletedWord: (word: string) => `Deleted ${q(word)}.`,
  noWord: 'No word before the cursor to delete.',
  selected: (words: string) => `Selected ${q(words)}.`,
  notFound: (words: string) => `${q(words)} is not in the field: nothing changed.`,
  nothingSelected: 'Nothing dictated here to act on.',
  changedCase: (words: string) => `Now ${q(words)}.`,
  noAlternatives: (words: string) => `No other words were heard for ${q(words)}.`,
  choices: 'Did you mean',
  chose: (words: string) => `Changed to ${q(words)}.`,
  nothingToChoose: 'There is no list to choose from: say “correct that” first.',
  noSuchChoice: (n: number) => `There is no choice ${n}.`,
  cursorMoved: (where: string) => `The cursor is ${where}.`,
  before: (words: string) => `before ${q(words)}`,
  after: (words: string) => `after ${q(words)}`,
  atEnd: 'at the end',
  noField: 'Click into a text field first.',
  commandsTitle: 'What you can say',
  close: 'Close',
  unsupported: (name: string) => `${q(name)} cannot be done in this field.`,
  field: (inner: string) => (inner ? `Field ${q(inner)}: say its words, or “next field”.` : 'Empty field: say its words, or “next field”.'),
  fieldChoices: 'Choose for this field',
  noFields: 'There are no fields to fill here.',
  noAutoText: (name: string) => `There is no auto-text called ${q(name)}.`,
  badAutoText: (name: string, problem: string) => `The auto-text ${q(name)} cannot be inserted: ${problem}.`,
  inserted: (name: string) => `Inserted ${q(name)}.`,
  defaultsAccepted: (n: number) => (n === 1 ? 'One field filled with its default.' : `${n} fields filled with their defaults.`),
  addedWord: (phrase: string) => `Added ${q(phrase)} to your words: it is recognised from your next sentence.`,
  notAdded: (phrase: string, reason: string) => `${q(phrase)} was not added to your words${reason ? `: ${reason}` : '.'}`,
};

export type EditingText = typeof en;

const es: EditingText = {
  scratched: (words) => `Se ha borrado ${q(words)}.`,
  nothingToScratch: 'Aquí no hay nada dictado que borrar.',
  undone: 'Deshecho.',
  redone: 'Rehecho.',
  deletedWord: (word) => `Se ha borrado ${q(word)}.`,
  noWord: 'No hay ninguna palabra antes del cursor.',
  selected: (words) => `Seleccionado ${q(words)}.`,
  notFound: (words) => `${q(words)} no está en el campo: no ha cambiado nada.`,
  nothingSelected: 'Aquí no hay nada dictado sobre lo que actuar.',
  changedCase: (words) => `Ahora ${q(words)}.`,
  noAlternatives: (words) => `No se oyeron otras palabras para ${q(words)}.`,
  choices: 'Quizá quiso decir',
  chose: (words) => `Cambiado a ${q(words)}.`,
  nothingToChoose: 'No hay ninguna lista para elegir: diga antes «correct that».',
  noSuchChoice: (n) => `No hay opción ${n}.`,
  cursorMoved: (where) => `El cursor está ${where}.`,
  before: (words) => `antes de ${q(words)}`,
  after: (words) => `después de ${q(words)}`,
  atEnd: 'al final',
  noField: 'Haga clic primero en un campo de texto.',
  commandsTitle: 'Qué puede decir',
  close: 'Cerrar',
  unsupported: (name) => `${q(name)} no se puede hacer en este campo.`,
  field: (inner) => (inner ? `Campo ${q(inner)}: dicte su texto, o diga «next field».` : 'Campo vacío: dicte su texto, o diga «next field».'),
  fieldChoices: 'Elija para este campo',
  noFields: 'Aquí no hay campos que rellenar.',
  noAutoText: (name) => `No hay ningún texto automático llamado ${q(name)}.`,
  badAutoText: (name, problem) => `No se puede insertar el texto automático ${q(name)}: ${problem}.`,
  inserted: (name) => `Insertado ${q(name)}.`,
  defaultsAccepted: (n) => (n === 1 ? 'Un campo rellenado con su valor por defecto.' : `${n} campos rellenados con sus valores por defecto.`),
  addedWord: (phrase) => `${q(phrase)} se ha añadido a sus palabras: se reconoce desde su próxima frase.`,
  notAdded: (phrase, reason) => `${q(phrase)} no se ha añadido a sus palabras${reason ? `: ${reason}` : '.'}`,
};

export function editingText(lang: string): EditingText {
  return lang.toLowerCase().startsWith('es') ? es : en;
}
