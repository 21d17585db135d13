import { refusalOf, type CommandContext, type Run } from './command-context.js';

/** A phrase as the vocabulary takes it: lower-case words (the service says why when it refuses one). */
const asPhrase = (words: string) =>
  words
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' -]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .join(' ');

async function add(c: CommandContext, words: string): Promise<void> {
  const phrase = asPhrase(words);
  if (!phrase) return c.say(c.text.nothingSelected);
  const answer = await c.request('PUT', '/vocabulary/words', { phrase });
  if (answer.ok) return c.say(c.text.addedWord(phrase));
  c.say(c.text.notAdded(phrase, refusalOf(answer.body)));
}

/** "add that word" (the selection, or what was said last) and "add <words> to vocabulary": the user's own list. */
export const VOCABULARY_COMMANDS = {
  async addWord(c) {
    const [start, end] = c.writer.selection();
    const text = c.writer.text();
    const span = start === end ? c.spans.last(c.field, text) : null;
    const words = start !== end ? text.slice(start, end) : span ? text.slice(span.start, span.end) : '';
    await add(c, words);
  },
  async addWords(c, { words = '' }) {
    await add(c, words);
  },
} satisfies Record<string, Run>;
