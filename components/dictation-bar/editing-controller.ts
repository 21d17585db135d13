import type { CommandOptions, RecognisedCommand } from '../../protocol/index.js';
import { emit } from '../shared/emit.js';
import type { EditableField } from './text-insertion.js';
import { registerBuiltInWriters, writerFor, type EditingHooks } from './writers.js';
import type { createEditing, WRITERS } from './dictation-editing.js';

/** The content-hashed file name of the editing module this bundle was built with (scripts/build.mjs). */
declare const DICTATION_EDITING_FILE: string | undefined;

/**
 * The editing module, next to this one in every form the bar ships in: the bundle names its own hashed copy; the
 * package and the sources have `dictation-editing.js` (a literal, so bundlers copy it as an asset).
 */
export const DEFAULT_EDITING_URL =
  typeof DICTATION_EDITING_FILE === 'string' ? new URL(DICTATION_EDITING_FILE, import.meta.url).href : new URL('./dictation-editing.js', import.meta.url).href;

export interface EditingOptions {
  url: () => string;
  /** The page's `voice-commands` attribute is not `off`. */
  enabled: () => boolean;
  /** The page's own commands and the built-ins it turned off (the `commands` property). */
  commands: () => CommandOptions;
  savedRange: () => Range | null;
  say: (sentence: string) => void;
  lang: () => string;
}

/**
 * Loads the editing module (rich-text writers, voice commands, correction list) when the link to the service first
 * comes up (and before a recording starts), and runs the commands the server recognised. Until it is loaded, or if it cannot be, dictation still
 * writes plain fields and asks the server for no commands, so a command's words are written as text, never lost.
 */
export class EditingController {
  #loading: Promise<boolean> | null = null;
  #ready = false;
  /** This bar's editing: its lists in its own shadow root, its sentences in its status bar. */
  hooks: EditingHooks | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: EditingOptions,
  ) {}

  /** Loads the module once; resolves whether it is in use. */
  load(): Promise<boolean> {
    this.#loading ??= import(/* @vite-ignore */ this.options.url()).then(
      (module: { WRITERS: typeof WRITERS; createEditing: typeof createEditing }) => {
        registerBuiltInWriters(...module.WRITERS);
        this.hooks = module.createEditing({
          writerFor: (field) => writerFor(field, this.options.savedRange()),
          lang: this.options.lang,
          say: this.options.say,
          root: this.host.shadowRoot!,

        });
        return (this.#ready = true);
      },
      (err: unknown) => {
        // Said once: plain fields are still written, and no commands are asked for (their words are written).
        console.warn('<dictation-bar> dictation-editing.js did not load: no voice commands', err);
        return false;
      },
    );
    return this.#loading;
  }

  /** What `start` asks the server for: no commands until the module that runs them is here. */
  commands(): CommandOptions | false {
    return this.#ready && this.options.enabled() ? this.options.commands() : false;
  }

  /**
   * A command was said: the page hears of it first (`dictation-command`, cancelable: cancel it to run it yourself;
   * a page's own command is only an event), then a built-in one is run.
   */
  run(field: EditableField | null, command: RecognisedCommand): void {
    if (!emit(this.host, 'dictation-command', { ...command, field }, { cancelable: true })) return;
    this.hooks?.run(this.host, field, command);
  }
}
