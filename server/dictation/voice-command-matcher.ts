import { VOICE_COMMANDS, type CommandOptions, type FormatOptions, type RecognisedCommand } from '../../protocol/index.js';
import { formatTranscript } from '../formatting/index.js';
import { readCardinal } from '../formatting/number-words.js';
import { splitWords } from '../formatting/tokens.js';

interface Pattern {
  name: string;
  words: string[];
  slot: 'words' | 'n' | null;
}

function compile(name: string, phrase: string): Pattern {
  const words = phrase.split(' ');
  const last = words[words.length - 1];
  const slot = last === '<words>' ? 'words' : last === '<n>' ? 'n' : null;
  return { name, words: slot ? words.slice(0, -1) : words, slot };
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

  /** The command `raw` (the recognizer's words for one utterance) says, or null when it is dictation. */
  match(raw: string): RecognisedCommand | null {
    if (this.#patterns.length === 0) return null;
    // The recognizer's words; "what can I say" comes as "what can i say" or "What can I say".
    const words = splitWords(raw.replace(/[.,?!]/g, ' '));
    if (words.length === 0) return null;
    for (const pattern of this.#patterns) {
      if (words.length < pattern.words.length + (pattern.slot ? 1 : 0)) continue;
      if (!pattern.words.every((w, i) => words[i] === w)) continue;
      const rest = words.slice(pattern.words.length);
      const said = formatTranscript(words.join(' '), this.format);
      if (pattern.slot === null) {
        if (rest.length === 0) return { name: pattern.name, said };
      } else if (pattern.slot === 'n') {
        const n = readChoice(rest);
        if (n !== null) return { name: pattern.name, n, said };
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
