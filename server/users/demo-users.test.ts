import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/redis.js';
import { writeUser } from './user-directory.js';

/** Starts `server/main.ts` as a deployment would; resolves with its exit (code and output) or its origin once up. */
async function start(env: Record<string, string>): Promise<{ exited: number | null; output: string; origin: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RECOGNIZER: 'none', LOG_LEVEL: 'warn', DEV_CONTROLS: 'false', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) return { exited: child.exitCode, output, origin, stop: () => undefined };
    const up = await fetch(`${origin}/api/health`).then(
      () => true,
      () => false,
    );
    if (up) return { exited: null, output, origin, stop: () => child.kill('SIGKILL') };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the server neither started nor exited:\n${output}`);
}

const login = (origin: string, username: string, password: string) =>
  fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  }).then((r) => r.status);

test("the demo's accounts live only in the memory of a DEV_CONTROLS server: nothing is written to the users file", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'demo-users-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const usersFile = join(dir, 'users.json');
  const server = await start({ DEV_CONTROLS: 'true', USERS_FILE: usersFile });
  t.after(() => server.stop());
  assert.equal(server.exited, null, server.output);
  assert.equal(await login(server.origin, 'demo', 'demo'), 200);
  assert.equal(await login(server.origin, 'nurse', 'nurse'), 200);
  assert.equal(existsSync(usersFile), false, 'a users file was written');
});

test('a server without DEV_CONTROLS refuses a users file that has a demo account with its well-known password', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'demo-users-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const usersFile = join(dir, 'users.json');
  // What `npm start` of an earlier version wrote, then a real user added with add-user.
  await writeUser(usersFile, 'demo', 'demo', { minPasswordLength: 1 });
  await writeUser(usersFile, 'dr.house', 'a long enough passphrase');
  const production = await start({ NODE_ENV: 'production', COOKIE_SECRET: 'x'.repeat(40), USERS_FILE: usersFile });
  assert.equal(production.exited, 1, production.output);
  assert.match(production.output, /has the demo account "demo" with its well-known password.*npm run add-user -- demo/);

  // Given a real password, it starts, and the well-known one no longer gets in.
  await writeUser(usersFile, 'demo', 'now a real passphrase');
  const fixed = await start({ NODE_ENV: 'production', COOKIE_SECRET: 'x'.repeat(40), USERS_FILE: usersFile });
  t.after(() => fixed.stop());
  assert.equal(fixed.exited, null, fixed.output);
  assert.equal(await login(fixed.origin, 'demo', 'demo'), 401);
  assert.equal(await login(fixed.origin, 'dr.house', 'a long enough passphrase'), 200);
});
