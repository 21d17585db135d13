import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The keys under which a browser keeps one user's dictation on the device (the bar's durable journal: speech not yet
 * transcribed, text the page has not saved). A key is handed only to that user's live session, and nothing on the
 * device alone decrypts what it sealed: the next user of a shared PC, or anyone who copies the profile, reads nothing.
 *
 * One key per user, the same on every instance and after every restart (derived from one server secret), so kept
 * speech comes back at the user's next login wherever it lands. Rotating the secret makes every kept entry unreadable.
 */
export class JournalKeys {
  readonly #secret: Buffer;

  constructor(secret: string) {
    // Domain-separated from anything else the secret may sign (the cookie secret is the usual source).
    this.#secret = createHmac('sha256', secret).update('dictation-bar journal keys v1').digest();
  }

  /** The user's key, 32 bytes, base64url. */
  keyFor(user: string): string {
    return createHmac('sha256', this.#secret).update(`journal-key\u0000${user}`).digest('base64url');
  }
}

/**
 * The secret of a server whose cookie secret is random at every start (`npm start` without COOKIE_SECRET): one made
 * once and kept in `file` (owner-only), so kept speech survives a restart even when sessions do not.
 */
export async function persistedJournalSecret(file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  // `wx`: never over an existing one; two processes starting at once keep the first one's secret.
  await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`${file} does not hold a secret of 32 or more characters: delete it to have a new one made.`);
  return secret;
}
