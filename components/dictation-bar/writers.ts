import type { RecognisedCommand } from '../../protocol/index.js';
import type { CaretContext } from './text-formatter.js';

/**
 * Where dictation writes, and how it edits what it wrote: one writer per kind of editor. Offsets count characters of
 * `text()`, the field's text as the writer reads it (a rich-text editor's text without its markup).
 *
 * Built in (loaded with the editing module, `dictation-editing.js`): `<textarea>` and text `<input>`, contenteditable
 * (also a same-origin iframe's editable body), CKEditor 5 and TinyMCE through their own APIs. A page adds its own with
 * {@link registerWriter} (ProseMirror, Quill, Monaco, a framework's controlled field): see the README's "Writers".
 */
export interface DictationWriter {
  /** The field's text. */
  text(): string;
  /** The selection (or the caret, start === end) as offsets into `text()`. */
  selection(): [start: number, end: number];
  /**
   * Optional, for a field whose `text()` does not show its line breaks (a rich-text editor's paragraphs): whether a line
   * starts right before the selection and ends right after it.
   */
  lineBreaks?(): [before: boolean, after: boolean];
  /** Selects `[start, end)` (a caret when equal). */
  select(start: number, end: number): void;
  /**
   * Replaces the selection with `text` ("\n" a line break, "\n\n" a new paragraph) through the editor's own model, as
   * one step of its undo history; the caret ends after it.
   */
  insert(text: string): void;
  /** The editor's own undo and redo. */
  undo(): void;
  redo(): void;
}

/** A writer for `field`, or null when it is not this writer's kind of field. `savedRange`: the caret last seen there. */
export type WriterFactory = (field: HTMLElement, savedRange: Range | null) => DictationWriter | null;

const pageWriters: WriterFactory[] = [];
const builtInWriters: WriterFactory[] = [];

/**
 * Adds a writer: asked before the built-in ones (and before writers registered earlier), so a page's writer for an
 * editor wins over the generic contenteditable one. Register before dictating into that editor.
 */
export function registerWriter(factory: WriterFactory): void {
  pageWriters.unshift(factory);
}

/** The editing module's writers: asked after the page's. Once: every bar on the page loads the same module. */
export function registerBuiltInWriters(...factories: WriterFactory[]): void {
  if (builtInWriters.length === 0) builtInWriters.push(...factories);
}

export function writerFor(field: HTMLElement, savedRange: Range | null): DictationWriter | null {
  for (const factory of [...pageWriters, ...builtInWriters]) {
    const writer = factory(field, savedRange);
    if (writer) return writer;
  }
  return null;
}

/** The text around the selection as the formatter needs it: with the line breaks `text()` does not show. */
export function contextOf(writer: DictationWriter): CaretContext {
  const text = writer.text();
  const [start, end] = writer.selection();
  const [lineBefore, lineAfter] = writer.lineBreaks?.() ?? [false, false];
  return { before: text.slice(0, start) + (lineBefore ? '\n' : ''), after: (lineAfter ? '\n' : '') + text.slice(end) };
}

/** What the editing module does for one bar once loaded: remember what was dictated, run commands. */
export interface EditingHooks {
  /** `text` went into `field` at offset `at` (of the writer's text), for the utterance with these alternatives. */
  inserted(field: HTMLElement, text: string, at: number, alternatives: readonly string[]): void;
  /** Runs a built-in command; false when `name` is not one. */
  run(bar: HTMLElement, field: HTMLElement | null, command: RecognisedCommand): boolean;
  /** Opens the panel of the user's words and auto-texts; an auto-text picked there goes into `field`. */
  openLists(field: HTMLElement | null): void;
  /** Whether "choose `n`" would choose: a list to choose from is open and has item n. */
  canChoose(n: number): boolean;
}

