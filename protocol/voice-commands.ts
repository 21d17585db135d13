/**
 * Voice commands (English): what a clinician says to edit what was dictated, and the name the server sends back in a
 * `final`'s `command` instead of writing the words. One table: the server matches utterances against it (on the
 * recognizer's raw words, so "literal scratch that" stays text), the language model learns its phrases, and the bar
 * runs the command and lists the table for "what can I say".
 *
 * A phrase is words with at most one slot: `<words>` (one or more words, written as dictation would write them),
 * `<n>` (a number, 1-9, for "choose 2"), or `<auto-text>` (the name of one of the user's auto-texts: only her names
 * match, so "insert a urinary catheter" stays dictation). A page's own phrases end in their slot.
 */
export const VOICE_COMMANDS = {
  scratch: ['scratch that', 'delete that'],
  undo: ['undo that'],
  redo: ['redo that'],
  deleteLastWord: ['delete last word'],
  selectThat: ['select that'],
  select: ['select <words>'],
  capitalize: ['capitalize that'],
  allCaps: ['all caps that'],
  noCaps: ['no caps that'],
  correctThat: ['correct that'],
  correct: ['correct <words>'],
  choose: ['choose <n>'],
  insertBefore: ['insert before <words>'],
  insertAfter: ['insert after <words>'],
  goToEnd: ['go to end'],
  insertAutoText: ['insert <auto-text>'],
  nextField: ['next field'],
  previousField: ['previous field'],
  acceptDefaults: ['accept defaults'],
  addWord: ['add that word', 'add that to vocabulary'],
  addWords: ['add <words> to vocabulary'],
  help: ['what can i say'],
} as const satisfies Record<string, readonly string[]>;

export type BuiltInCommand = keyof typeof VOICE_COMMANDS;

/** A page's own command: the bar fires `dictation-command` with its name when one of its phrases is said. */
export interface CustomCommand {
  name: string;
  phrases: string[];
}

/** What `start.commands` asks for: built-ins to turn off, and the page's own. `false` (or absent): no commands. */
export interface CommandOptions {
  disable?: BuiltInCommand[];
  extra?: CustomCommand[];
}

/** A command the server recognised in an utterance. */
export interface RecognisedCommand {
  name: string;
  /** What filled a `<words>` slot, written as dictation would write it ("25 mg"). */
  words?: string;
  /** What filled an `<n>` slot. */
  n?: number;
  /** For `insertAutoText`: the auto-text's text, with its fields (`[ ]`, `[default]`, `[a|b|c]`). */
  text?: string;
  /** The whole utterance as written, for a page that prefers to insert it. */
  said: string;
}

/** Limits on a page's own commands (each is matched against every utterance). */
export const COMMAND_LIMITS = { commands: 50, phrases: 10, phraseChars: 60 } as const;

const PHRASE = /^[a-z']+( [a-z']+)*( <words>| <n>)?$/;
const NAME = /^[A-Za-z][\w-]{0,39}$/;

/**
 * The command options a client sent; anything malformed is an error naming it. Absent is none: a client that does not
 * know commands must never get an utterance's words as a command it would drop.
 */
export function parseCommandOptions(value: unknown): { ok: true; options: CommandOptions | false } | { ok: false; problem: string } {
  if (value === undefined || value === false) return { ok: true, options: false };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: '"commands" must be false or an object' };
  const { disable, extra, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) return { ok: false, problem: `"commands.${unknown}" is not an option (disable, extra)` };
  const options: CommandOptions = {};
  if (disable !== undefined) {
    if (!Array.isArray(disable) || !disable.every((name) => typeof name === 'string' && Object.hasOwn(VOICE_COMMANDS, name))) {
      return { ok: false, problem: `"commands.disable" must list built-in commands (${Object.keys(VOICE_COMMANDS).join(', ')})` };
    }
    options.disable = disable as BuiltInCommand[];
  }
  if (extra !== undefined) {
    if (!Array.isArray(extra) || extra.length > COMMAND_LIMITS.commands) return { ok: false, problem: `"commands.extra" must be a list of at most ${COMMAND_LIMITS.commands} commands` };
    for (const [i, command] of extra.entries()) {
      const { name, phrases } = (command ?? {}) as Partial<CustomCommand>;
      if (typeof name !== 'string' || !NAME.test(name)) return { ok: false, problem: `"commands.extra[${i}].name" must be a name of letters, digits, - or _` };
      if (!Array.isArray(phrases) || phrases.length === 0 || phrases.length > COMMAND_LIMITS.phrases) {
        return { ok: false, problem: `"commands.extra[${i}].phrases" must list 1 to ${COMMAND_LIMITS.phrases} phrases` };
      }
      const bad = phrases.find((p) => typeof p !== 'string' || p.length > COMMAND_LIMITS.phraseChars || !PHRASE.test(p));
      if (bad !== undefined) {
        return { ok: false, problem: `"commands.extra[${i}].phrases": ${JSON.stringify(bad)} is not lower-case words (at most ${COMMAND_LIMITS.phraseChars} characters) with an optional final <words> or <n>` };
      }
    }
    options.extra = (extra as CustomCommand[]).map(({ name, phrases }) => ({ name, phrases: [...phrases] }));
  }
  return { ok: true, options };
}
