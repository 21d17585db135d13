/**
 * The editing module: the writers for rich-text editors and frames, the voice commands and the correction list. The
 * bar loads it on demand (`dictation-editing.js`, next to its own module) once its link to the service is up, so the
 * bundle's entry does not carry it and a page nobody logs into never loads it; without it the bar writes plain fields.
 *
 * It imports nothing of the bar at run time (only types): loaded as a separate file, a second copy of the bar's
 * modules would be a second registry. The bar hands it what it needs.
 */
import type { BuiltInCommand, RecognisedCommand } from '../../protocol/voice-commands.js';
import { deepActiveElement } from '../shared/dom.js';
import { ChoiceList } from './editing/choice-list.js';
import { ListsPanel } from './editing/lists-panel.js';
import { ckeditor5Writer } from './editing/ckeditor5-writer.js';
import { COMMANDS } from './editing/command-runner.js';
import { DictatedSpans } from './editing/dictated-spans.js';
import { editableWriter } from './editing/editable-writer.js';
import { editingText } from './editing/editing-text.js';
import { textControlWriter } from './editing/text-control-writer.js';
import { tinymceWriter } from './editing/tinymce-writer.js';
import type { ServiceRequest } from './editing/command-context.js';
import type { DictationWriter, EditingHooks, WriterFactory } from './writers.js';
import { moduleLanguage } from '../shared/module-language.js';

/** The built-in writers, most specific first: the editors' own APIs before the generic contenteditable. */
export const WRITERS: WriterFactory[] = [ckeditor5Writer, tinymceWriter, textControlWriter, editableWriter];

/** What the bar gives the module. */
export interface EditingHost {
  writerFor(field: HTMLElement): DictationWriter | null;
  /** The bar's language now. */
  lang(): string;
  /** Puts a sentence in the bar's status line. */
  say(sentence: string): void;
  /** Where the lists are shown; its host is the bar. */
  root: ShadowRoot;
}

/** The bar as the module reads it: its session (from the session manager) says where the service's API is. */
type Bar = HTMLElement & { session?: { apiBase?: string } };

/** Keys already acted on (a page with two bars gets one move per press). */
const handledKeys = new WeakSet<Event>();

/** A request to the service with the session cookie; never throws (status 0: no answer). */
function serviceRequest(apiBase: () => string): ServiceRequest {
  return async (method, path, body, contentType = 'application/json', answer = 'json') => {
    try {
      const response = await fetch(apiBase().replace(/\/$/, '') + path, {
        method,
        credentials: 'include',
        ...(body === undefined ? {} : { headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const read = response.status === 204 ? null : answer === 'text' && response.ok ? await response.text() : await response.json().catch(() => null);
      return { ok: response.ok, status: response.status, body: read };
    } catch {
      return { ok: false, status: 0, body: null };
    }
  };
}

/** Commands that act on no field: the list of commands, and a choice in a list already open. */
const FIELDLESS = new Set<string>(['help', 'choose']);

export function createEditing(host: EditingHost): EditingHooks {
  const spans = new DictatedSpans();
  const text = () => editingText(host.lang());
  const language = () => moduleLanguage(host.lang());
  const choices = new ChoiceList(host.root, text, language);
  const fieldChoices = new WeakMap<HTMLElement, Map<string, string[]>>();
  const request = serviceRequest(() => (host.root.host as Bar).session?.apiBase ?? '');
  const bar = host.root.host as HTMLElement;
  let listsField: HTMLElement | null = null;
  const lists = new ListsPanel(
    host.root,
    text,
    language,
    request,
    (name, body) => hooks.run(bar, listsField, { name: 'insertAutoText', words: name, text: body, said: name }),
    deepActiveElement,
  );
  // F2 and Shift+F2 move between an auto-text's fields, as in the EHRs' templates; only where there are fields. Heard
  // in each document a field of this bar is in (a frame's keys do not reach the page).
  const listening = new WeakSet<Document>();
  const listen = (doc: Document) => {
    if (listening.has(doc)) return;
    listening.add(doc);
    doc.addEventListener('keydown', (event) => onKey(doc, event), true);
  };
  const onKey = (doc: Document, event: KeyboardEvent) => {
    if (event.key !== 'F2' || event.ctrlKey || event.altKey || event.metaKey || handledKeys.has(event)) return;
    // The key was pressed in the field: it has the focus.
    let field = doc.activeElement as HTMLElement | null;
    while (field?.shadowRoot?.activeElement) field = field.shadowRoot.activeElement as HTMLElement;
    const writer = field && host.writerFor(field);
    if (!writer || !/\[[^[\]\n]*\]/.test(writer.text())) return;
    handledKeys.add(event);
    event.preventDefault();
    hooks.run(host.root.host as HTMLElement, field, { name: event.shiftKey ? 'previousField' : 'nextField', said: 'F2' });
  };
  listen(document);
  const hooks: EditingHooks = {
    canChoose: (n) => choices.canChoose(n),
    openLists(field) {
      listsField = field;
      void lists.open();
    },
    inserted(field, inserted, at, alternatives) {
      listen(field.ownerDocument);
      // Words said over a field (or a correction typed by voice) answer the list that was open for it.
      choices.close();
      spans.add(field, { text: inserted, at, alternatives }, host.writerFor(field)?.text() ?? '');
    },
    run(_bar, field, command: RecognisedCommand) {
      const run = COMMANDS[command.name as BuiltInCommand];
      if (!run) return false;
      if (field) listen(field.ownerDocument);
      const writer = field ? host.writerFor(field) : null;
      if (!writer && !FIELDLESS.has(command.name)) {
        host.say(field ? text().unsupported(command.said) : text().noField);
        return true;
      }
      // `help` and `choose` never touch the writer.
      const context = { field: field!, writer: writer!, spans, choices, text: text(), say: host.say, fieldChoices, request };
      void Promise.resolve(run(context, command)).catch((err: unknown) => {
        host.say(text().unsupported(command.said));
        console.warn('<dictation-bar> a voice command failed', err);
      });
      return true;
    },
  };
  return hooks;
}
