import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { flitePhonesToCmu, letterToSoundMany } from './vocabulary.js';

const END = '__t2p_done__';

/**
 * flite's letter-to-sound guesses through one shell kept running: a server holding its models is a large process,
 * and forking it for each `t2p` cost ~350 ms (a word saved while dictating was in force after 1.1 s instead of 0.7 s,
 * bench/personal-vocabulary.ts); the small shell forks t2p in a millisecond. Words are lower-case letters, digits,
 * apostrophes and hyphens (the vocabulary's check), quoted for the shell all the same. If the shell is gone, each
 * call falls back to a process of its own.
 */
export class LetterToSound {
  #shell: ChildProcessWithoutNullStreams | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  /** Starts the shell now, while the process is still small. */
  start(): this {
    try {
      const shell = spawn('sh', [], { stdio: 'pipe' });
      shell.on('error', () => (this.#shell = null));
      shell.on('exit', () => (this.#shell = null));
      shell.stdin.on('error', () => (this.#shell = null));
      shell.unref();
      (shell.stdout as unknown as { unref?: () => void }).unref?.();
      this.#shell = shell;
    } catch {
      this.#shell = null;
    }
    return this;
  }

  guess(words: readonly string[]): Promise<Map<string, string | null>> {
    const next = this.#queue.then(() => this.#guess(words));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #guess(words: readonly string[]): Promise<Map<string, string | null>> {
    const shell = this.#shell;
    if (!shell || words.length > 200) return letterToSoundMany(words);
    const quoted = `'${words.join(', ').replaceAll("'", "'\\''")}'`;
    const output = await new Promise<string | null>((resolve) => {
      let text = '';
      const timer = setTimeout(() => done(null), 10_000);
      const onData = (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes(END)) done(text.slice(0, text.indexOf(END)));
      };
      const done = (result: string | null) => {
        clearTimeout(timer);
        shell.stdout.off('data', onData);
        resolve(result);
      };
      shell.stdout.on('data', onData);
      shell.stdin.write(`t2p ${quoted} 2>/dev/null; echo ${END}\n`);
    });
    const parts = output?.trim().split(/\bpau\b/).slice(1, -1);
    if (!parts || parts.length !== words.length) return letterToSoundMany(words);
    return new Map(words.map((w, i) => [w, flitePhonesToCmu(parts[i]!) || null]));
  }

  close(): void {
    this.#shell?.kill();
    this.#shell = null;
  }
}
