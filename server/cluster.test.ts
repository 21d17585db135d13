import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decoderShares } from './cluster-primary.js';
import { loadConfig, ConfigError } from './config.js';
import { loginWhenUp, openSocket, tick, type OpenSocket } from './test/helpers.js';
import { freePort, startRedis, type TestRedis } from './test/redis.js';

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(() => redis.stop());

test('decoder threads are per machine: divided among the processes, at least one each', () => {
  assert.deepEqual(decoderShares(2, 2), [1, 1]);
  assert.deepEqual(decoderShares(5, 2), [3, 2]);
  assert.deepEqual(decoderShares(8, 3), [3, 3, 2]);
  assert.deepEqual(decoderShares(1, 2), [1, 1]);
});

test('WORKERS needs REDIS_URL, and takes "auto" or a count', () => {
  const base = { COOKIE_SECRET: 'x'.repeat(32) };
  assert.throws(() => loadConfig({ ...base, WORKERS: '2' }), (err: unknown) => err instanceof ConfigError && /REDIS_URL/.test(err.message));
  assert.throws(() => loadConfig({ ...base, WORKERS: 'many', REDIS_URL: 'redis://127.0.0.1:6379' }), ConfigError);
  assert.equal(loadConfig({ ...base, WORKERS: 'auto', REDIS_URL: 'redis://127.0.0.1:6379' }).workers >= 1, true);
  assert.throws(() => loadConfig({ WORKERS: '1', REDIS_URL: 'redis://127.0.0.1:6379' }), /COOKIE_SECRET/);
  assert.throws(() => loadConfig({ ...base, REDIS_URL: 'http://127.0.0.1:6379' }), /REDIS_URL/);
});

/** The server processes a primary forked (not, say, esbuild's service process). */
const childrenOf = (pid: number) =>
  execFileSync('pgrep', ['-P', String(pid), '-f', 'server/main.ts'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(Number);

async function keepAlive(socket: OpenSocket, id: number): Promise<void> {
  socket.ws.send(JSON.stringify({ type: 'keepalive', id }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id });
}

test('WORKERS=2: two server processes share the port and the sessions; one killed is started again, its pages re-attach to the other, nobody is logged out', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cluster-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const port = await freePort();
  const primary = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      WORKERS: '2',
      REDIS_URL: redis.url,
      REDIS_PREFIX: `t-${randomUUID()}:`,
      COOKIE_SECRET: 'test-secret-that-is-long-enough-123456',
      RECOGNIZER: 'none',
      DEV_CONTROLS: 'true',
      USERS_FILE: join(dir, 'users.json'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  primary.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  primary.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  t.after(() => primary.kill('SIGKILL'));

  const origin = `http://127.0.0.1:${port}`;
  const cookie = await loginWhenUp(origin);
  assert.ok(cookie, `the cluster did not start: ${output}`);
  // Wait for both processes to listen: until the second does, the first takes every connection (a process that
  // exists may still be loading, for seconds on a loaded machine).
  const listening = () => output.match(/Server process \d \(pid \d+\) is listening/g)?.length ?? 0;
  for (let i = 0; i < 300 && listening() < 2; i++) await tick(100);
  assert.equal(listening(), 2, output);
  const workers = childrenOf(primary.pid!);
  assert.equal(workers.length, 2, output);

  // Connections are handed to the processes in turn: eight sockets of one session land on both.
  const sockets = await Promise.all(Array.from({ length: 8 }, () => openSocket(port, { cookie })));
  await Promise.all(sockets.map((s, i) => keepAlive(s, i)));

  execFileSync('kill', ['-KILL', String(workers[0])]);
  const closeCodes = sockets.map(() => 0);
  sockets.forEach((s, i) => void s.closed.then((c) => (closeCodes[i] = c.code)));
  await tick(1500);
  const dropped = closeCodes.filter((code) => code !== 0);
  const kept = sockets.filter((_, i) => closeCodes[i] === 0);
  assert.ok(dropped.length > 0 && kept.length > 0, `both processes held sockets (dropped ${dropped.join()}, kept ${kept.length})`);
  assert.ok(dropped.every((code) => code === 1006));

  // The pages of the killed process re-attach to the other one at once; the session lives on.
  const again = await Promise.all(dropped.map(() => openSocket(port, { cookie })));
  await Promise.all(again.map((s, i) => keepAlive(s, 100 + i)));
  for (let i = 0; i < 100 && childrenOf(primary.pid!).length < 2; i++) await tick(100);
  assert.equal(childrenOf(primary.pid!).length, 2, 'the killed process was started again');
  await tick(2000);
  const status = await fetch(`${origin}/api/auth/session-status`, { headers: { cookie } });
  assert.equal(status.status, 200);

  // SIGTERM to the primary: every process closes its sockets with 1012 (service restarting) and the cluster exits.
  const open = [...again, ...sockets.filter((s) => s.ws.readyState === s.ws.OPEN)];
  primary.kill('SIGTERM');
  const codes = await Promise.all(open.map((s) => s.closed.then((c) => c.code)));
  assert.ok(codes.every((code) => code === 1012), codes.join());
  const [exitCode] = (await once(primary, 'exit')) as [number];
  assert.equal(exitCode, 0);
});
