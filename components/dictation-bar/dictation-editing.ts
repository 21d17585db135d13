/**
 * The editing module: the writers for rich-text editors and frames, the voice commands and the correction list. The
 * bar loads it on demand (`dictation-editing.js`, next to its own module) once its link to the service is up, so the
 * bundle's entry does not carry it and a page nobody logs into never loads it; without it the bar writes plain fields.
 *
 * It imports nothing of the bar at run time (only types): loaded as a separate file, a second copy of the bar's
 * modules would be a second registry. The bar hands it what it needs.
 */
import type { BuiltInCommand, RecognisedCommand } from '../../protocol/voice-commands.js';
import { ChoiceList } from './editing/choice-list.js';
import { ckeditor5Writer } from './editing/ckeditor5-writer.js';
import { COMMANDS } from './editing/command-runner.js';
import { DictatedSpans } from './editing/dictated-spans.js';
import { editableWriter } from './editing/editable-writer.js';
import { editingText } from './editing/editing-text.js';
import { textControlWriter } from './editing/text-control-writer.js';
import { tinymceWriter } from './editing/tinymce-writer.js';
import type { DictationWriter, EditingHooks, WriterFactory } from './writers.js';

/** The built-in writers, most specific first: the editors' own APIs before the generic contenteditable. */
export const WRITERS: WriterFactory[] = [ckeditor5Writer, tinymceWriter, textControlWriter, editableWriter];

/** What the bar gives the module. */
export interface EditingHost {
  writerFor(field: HTMLElement): DictationWriter | null;
  /** The bar's language now. */
  lang(): string;
  /** Puts a sentence in the bar's status line. */
  say(sentence: string): void;
  /** Where the lists are shown. */
  root: ShadowRoot;
}

/** Commands that act on no field: the list of commands, and a choice in a list already open. */
const FIELDLESS = new Set<string>(['help', 'choose']);

export function createEditing(host: EditingHost): EditingHooks {
  const spans = new DictatedSpans();
  const text = () => editingText(host.lang());
  const choices = new ChoiceList(host.root, text, () => (host.lang().toLowerCase().startsWith('es') ? 'es' : 'en'));
  return {
    inserted(field, inserted, at, alternatives) {
      spans.add(field, { text: inserted, at, alternatives });
    },
    run(_bar, field, command: RecognisedCommand) {
      const run = COMMANDS[command.name as BuiltInCommand];
      if (!run) return false;
      const writer = field ? host.writerFor(field) : null;
      if (!writer && !FIELDLESS.has(command.name)) {
        host.say(field ? text().unsupported(command.said) : text().noField);
        return true;
      }
      // `help` and `choose` never touch the writer.
      run({ field: field!, writer: writer!, spans, choices, text: text(), say: host.say }, command);
      return true;
    },
  };
}
