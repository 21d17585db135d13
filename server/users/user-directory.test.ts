import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword, verifyPassword } from './password.js';
import { UserDirectory, writeUser } from './user-directory.js';

test('a scrypt hash verifies its password and nothing else', async () => {
  const hash = await hashPassword('correct horse');
  assert.match(hash, /^scrypt\$16384\$8\$1\$/);
  assert.equal(await verifyPassword('correct horse', hash), true);
  assert.equal(await verifyPassword('wrong horse', hash), false);
  assert.equal(await verifyPassword('correct horse', 'plain-text'), false);
});

test('the same password hashes differently each time (salted)', async () => {
  assert.notEqual(await hashPassword('x1234'), await hashPassword('x1234'));
});

test('add-user writes a private users file that the directory reads back', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'users-'));
  const file = join(dir, 'nested', 'users.json');
  assert.equal(await writeUser(file, 'carol', 'first long passphrase'), 'added');
  assert.equal(await writeUser(file, 'carol', 'second long passphrase'), 'updated');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.doesNotMatch(await readFile(file, 'utf8'), /passphrase/);
  const users = await UserDirectory.fromFile(file);
  assert.equal(users.size, 1);
  assert.equal(await users.verify('carol', 'second long passphrase'), true);
  assert.equal(await users.verify('carol', 'first long passphrase'), false);
  assert.equal(await users.verify('nobody', 'secret2'), false);
});

test('bad usernames and unreadable files are refused with a clear message', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'users-'));
  await assert.rejects(writeUser(join(dir, 'u.json'), 'has space', 'secret'), /Usernames are/);
  await assert.rejects(writeUser(join(dir, 'u.json'), 'ok', 'eleven char'), /at least 12 characters/);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(dir, 'bad.json'), '{"users": 3}');
  await assert.rejects(UserDirectory.fromFile(join(dir, 'bad.json')), /must look like/);
});
