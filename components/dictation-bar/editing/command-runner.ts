import { VOICE_COMMANDS, type BuiltInCommand } from '../../../protocol/voice-commands.js';
import { AUTO_TEXT_COMMANDS } from './auto-text-commands.js';
import type { CommandContext, Run } from './command-context.js';
import { wordsOf, type Span } from './dictated-spans.js';
import { changeCase, findWords, fitAlternative, lastWord } from './find-words.js';
import { VOCABULARY_COMMANDS } from './vocabulary-commands.js';


/** The selection when the user selected something, else the last utterance: the "that" of "capitalize that". */
function target(c: CommandContext): { start: number; end: number; span: Span | null } | null {
  const [start, end] = c.writer.selection();
  if (start !== end) return { start, end, span: c.spans.covering(c.field, c.writer.text(), start, end) };
  const span = c.spans.last(c.field, c.writer.text());
  return span && { start: span.start, end: span.end, span };
}

function selectWords(c: CommandContext, words: string): [number, number] | null {
  const found = findWords(c.writer.text(), words, c.writer.selection()[0]);
  if (!found) c.say(c.text.notFound(words));
  else c.writer.select(...found);
  return found;
}

function recase(to: 'capitalize' | 'allCaps' | 'noCaps'): Run {
  return (c) => {
    const found = target(c);
    if (!found) return c.say(c.text.nothingSelected);
    const words = c.writer.text().slice(found.start, found.end);
    const changed = changeCase(words, to);
    c.writer.select(found.start, found.end);
    c.writer.insert(changed);
    // The utterance is what the field has there now (a change of case keeps every offset).
    const span = found.span;
    if (span) c.spans.replace(span.utterance, c.writer.text().slice(span.from, span.end), span.from, false);
    c.say(c.text.changedCase(changed));
  };
}

/** Opens the alternatives of the utterance `span` covers; choosing one replaces its words in one undo step. */
function correct(c: CommandContext, span: Span | null): void {
  if (!span) return c.say(c.text.nothingSelected);
  const words = c.writer.text().slice(span.start, span.end);
  const alternatives = span.utterance.alternatives.filter((a) => a.toLowerCase() !== words.toLowerCase());
  if (alternatives.length === 0) return c.say(c.text.noAlternatives(words));
  c.writer.select(span.start, span.end);
  c.choices.open(c.text.choices, alternatives, (i) => {
    // Found again: the text may have changed while the list was open.
    const now = c.spans.covering(c.field, c.writer.text(), span.start, span.start) ?? c.spans.last(c.field, c.writer.text());
    if (now?.utterance !== span.utterance) return c.say(c.text.nothingSelected);
    const replacement = fitAlternative(span.utterance.text, alternatives[i]!);
    c.writer.select(now.from, now.end);
    c.writer.insert(replacement);
    c.spans.replace(span.utterance, replacement, now.from);
    c.say(c.text.chose(replacement.trim()));
  });
}

/** The built-in commands (protocol/voice-commands.ts names them and their phrases). */
export const COMMANDS: Record<BuiltInCommand, Run> = {
  scratch(c) {
    const span = c.spans.last(c.field, c.writer.text());
    if (!span) return c.say(c.text.nothingToScratch);
    c.writer.select(span.from, span.end);
    c.writer.insert('');
    c.spans.forget(c.field, span.utterance);
    // Its words as said, on one line.
    c.say(c.text.scratched(wordsOf(span.utterance.text).replace(/\s+/g, ' ').trim()));
  },
  undo(c) {
    c.writer.undo();
    c.say(c.text.undone);
  },
  redo(c) {
    c.writer.redo();
    c.say(c.text.redone);
  },
  deleteLastWord(c) {
    const text = c.writer.text();
    const found = lastWord(text, c.writer.selection()[0]);
    if (!found) return c.say(c.text.noWord);
    c.writer.select(...found);
    c.writer.insert('');
    c.say(c.text.deletedWord(text.slice(...found).trim()));
  },
  selectThat(c) {
    const span = c.spans.last(c.field, c.writer.text());
    if (!span) return c.say(c.text.nothingSelected);
    c.writer.select(span.start, span.end);
    c.say(c.text.selected(c.writer.text().slice(span.start, span.end)));
  },
  select(c, { words = '' }) {
    const found = selectWords(c, words);
    if (found) c.say(c.text.selected(c.writer.text().slice(...found)));
  },
  capitalize: recase('capitalize'),
  allCaps: recase('allCaps'),
  noCaps: recase('noCaps'),
  correctThat(c) {
    correct(c, target(c)?.span ?? null);
  },
  correct(c, { words = '' }) {
    const found = selectWords(c, words);
    if (found) correct(c, c.spans.covering(c.field, c.writer.text(), ...found));
  },
  choose(c, { n = 0 }) {
    if (!c.choices.isOpen) return c.say(c.text.nothingToChoose);
    if (!c.choices.choose(n)) c.say(c.text.noSuchChoice(n));
  },
  insertBefore(c, { words = '' }) {
    const found = findWords(c.writer.text(), words, c.writer.selection()[0]);
    if (!found) return c.say(c.text.notFound(words));
    c.writer.select(found[0], found[0]);
    c.say(c.text.cursorMoved(c.text.before(words)));
  },
  insertAfter(c, { words = '' }) {
    const found = findWords(c.writer.text(), words, c.writer.selection()[0]);
    if (!found) return c.say(c.text.notFound(words));
    c.writer.select(found[1], found[1]);
    c.say(c.text.cursorMoved(c.text.after(words)));
  },
  goToEnd(c) {
    const end = c.writer.text().length;
    c.writer.select(end, end);
    c.say(c.text.cursorMoved(c.text.atEnd));
  },
  ...AUTO_TEXT_COMMANDS,
  ...VOCABULARY_COMMANDS,
  help(c) {
    c.choices.open(c.text.commandsTitle, Object.values(VOICE_COMMANDS).flat(), null);
  },
};
