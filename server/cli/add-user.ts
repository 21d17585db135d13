/**
 * Adds (or resets the password of) a user in the users file.
 *   npm run add-user -- <username>            asks for the password (not echoed)
 *   echo secret | npm run add-user -- <username> --password-stdin
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../config.js';
import { writeUser } from '../users/user-directory.js';

async function readPasswordFromStdin(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data.replace(/\r?\n$/, '');
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stdout.write(question);
    output._writeToOutput = () => {}; // keep the password off the screen
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const username = args.find((a) => !a.startsWith('--'));
  if (!username) {
    console.error('Usage: npm run add-user -- <username> [--password-stdin]');
    process.exit(2);
  }
  const { usersFile } = loadConfig({ ...process.env, COOKIE_SECRET: process.env['COOKIE_SECRET'] || 'x'.repeat(32) });
  const password = args.includes('--password-stdin') ? await readPasswordFromStdin() : await promptHidden('Password: ');
  const result = await writeUser(usersFile, username, password);
  console.log(`User "${username}" ${result} in ${usersFile}.`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
