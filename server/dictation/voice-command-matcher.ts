import { VOICE_COMMANDS, type CommandOptions, type FormatOptions, type RecognisedCommand } from '../../protocol/index.js';
import { formatTranscript } from '../formatting/index.js';
import { readCardinal } from '../formatting/number-words.js';
import { splitWords } from '../formatting/tokens.js';

interface Pattern {
  name: string;
  /** The words before the slot (all of them when there is none) and after it. */
  words: string[];
  after: string[];
  slot: 'words' | 'n' | 'auto-text' | null;
}

const SLOTS = { '<words>': 'words', '<n>': 'n', '<auto-text>': 'auto-text' } as const;

function compile(name: string, phrase: string): Pattern {
  const words = phrase.split(' ');
  const at = words.findIndex((w) => w in SLOTS);
  if (at < 0) return { name, words, after: [], slot: null };
  return { name, words: words.slice(0, at), after: words.slice(at + 1), slot: SLOTS[words[at] as keyof typeof SLOTS] };
}

const BUILT_IN: readonly Pattern[] = Object.entries(VOICE_COMMANDS).flatMap(([name, phrases]) => phrases.map((p) => compile(name, p)));

/**
 * Which utterances of a recording are voice commands: an utterance is one when all of its words are a command's
 * phrase (with its slot filled), never when a command's words are part of a longer sentence ("delete that line" is
 * dictation). Matched on the recognizer's raw words, so "literal scratch that" is text. A page's own phrases are
 * tried first, so a page can take a built-in phrase over.
 */
export class VoiceCommandMatcher {
  readonly #patterns: Pattern[];
  /** The user's auto-texts by name, for "insert <auto-text>". */
  #autoTexts = new Map<string, string>();

  constructor(
    options: CommandOptions | false,
    private readonly format: FormatOptions,
  ) {
    if (options === false) {
      this.#patterns = [];
      return;
    }
    const disabled = new Set<string>(options.disable ?? []);
    const extra = (options.extra ?? []).flatMap(({ name, phrases }) => phrases.map((p) => compile(name, p)));
    this.#patterns = [...extra, ...BUILT_IN.filter((p) => !disabled.has(p.name))];
  }

  /** The user's auto-texts now (her own and her teams'): only their names complete "insert <auto-text>". */
  setAutoTexts(autoTexts: readonly { name: string; body: string }[]): void {
    this.#autoTexts = new Map(autoTexts.map((a) => [a.name, a.body]));
  }

  /**
   * The command an utterance says, or null when it is dictation: its best hypothesis, or else one of its alternatives
   * whose command's words the best one starts with ("choose you" is "choose two" with a slot the model misheard:
   * nobody dictates "choose you" as a sentence on its own).
   */
  matchUtterance(raw: string, alternatives: readonly string[]): RecognisedCommand | null {
    const best = this.match(raw);
    if (best || this.#patterns.length === 0) return best;
    const words = ` ${splitWords(raw).join(' ')} `;
    for (const alternative of alternatives) {
      const command = this.match(alternative);
      if (!command) continue;
      const pattern = this.#patterns.find((p) => p.name === command.name && p.slot && ` ${alternative.toLowerCase()} `.startsWith(` ${p.words.join(' ')} `));
      if (pattern && words.startsWith(` ${pattern.words.join(' ')} `)) return command;
    }
    return null;
  }

  /**
   * "choose <n>" among an utterance's alternatives when its best reading is dictation (slt's "choose two" is heard
   * "she is due", with "choose you" and "choose two" next): sent beside the text as `choice`, for the client to take
   * only while a list is open. Only a choice: every other command acts without such a context, so a misheard one
   * would act on the field, where a choice with no list open is simply the text.
   */
  choiceAmong(alternatives: readonly string[]): RecognisedCommand | null {
    for (const alternative of alternatives) {
      const command = this.match(alternative);
      if (command?.name === 'choose') return command;
    }
    return null;
  }

  /** The command `raw` (the recognizer's words for one utterance) says, or null when it is dictation. */
  match(raw: string): RecognisedCommand | null {
    if (this.#patterns.length === 0) return null;
    // The recognizer's words; "what can I say" comes as "what can i say" or "What can I say".
    const words = splitWords(raw.replace(/[.,?!]/g, ' '));
    if (words.length === 0) return null;
    for (const pattern of this.#patterns) {
      if (words.length < pattern.words.length + pattern.after.length + (pattern.slot ? 1 : 0)) continue;
      if (!pattern.words.every((w, i) => words[i] === w)) continue;
      if (!pattern.after.every((w, i) => words[words.length - pattern.after.length + i] === w)) continue;
      const rest = words.slice(pattern.words.length, words.length - pattern.after.length);
      const said = formatTranscript(words.join(' '), this.format);
      if (pattern.slot === null) {
        if (rest.length === 0) return { name: pattern.name, said };
      } else if (pattern.slot === 'n') {
        const n = readChoice(rest);
        if (n !== null) return { name: pattern.name, n, said };
      } else if (pattern.slot === 'auto-text') {
        const name = rest.join(' ');
        const text = this.#autoTexts.get(name);
        if (text !== undefined) return { name: pattern.name, words: name, text, said };
      } else {
        // The words as the field has them: "select twenty five milligrams" looks for "25 mg".
        return { name: pattern.name, words: formatTranscript(rest.join(' '), this.format), said };
      }
    }
    return null;
  }
}

/** "two", "2", "number two": a choice in a list (1-9). */
function readChoice(words: string[]): number | null {
  const at = words[0] === 'number' ? 1 : 0;
  if (words.length === at + 1 && /^[1-9]$/.test(words[at]!)) return Number(words[at]);
  const read = readCardinal(words, at);
  return read && read.end === words.length && read.value >= 1 && read.value <= 9 ? read.value : null;
}
