import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from './app.js';
import { build, listen, login, loginWhenUp, ManualClock, MINUTE, openSocket, tick, type OpenSocket } from './test/helpers.js';
import { testEngine } from './test/engine.js';
import { freePort, startRedis, type TestRedis } from './test/redis.js';
import { UserDirectory } from './users/user-directory.js';

// Several instances of one deployment, as behind a load balancer: one Redis, one cookie secret, one clock.
let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(() => redis.stop());

async function deployment(t: TestContext, count = 2, env: Record<string, string> = {}, url = () => redis.url, extra: Partial<AppOptions> = {}) {
  const clock = new ManualClock();
  const shared = { REDIS_URL: url(), REDIS_PREFIX: `t-${randomUUID()}:`, ...env };
  const apps: FastifyInstance[] = [];
  for (let i = 0; i < count; i++) apps.push((await build(t, shared, extra, clock)).app);
  return { clock, apps };
}

const status = (app: FastifyInstance, cookie: string) =>
  app.inject({ method: 'GET', url: '/api/auth/session-status', headers: { cookie } });
const code = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;

async function keepAlive(socket: OpenSocket, id: number): Promise<void> {
  socket.ws.send(JSON.stringify({ type: 'keepalive', id }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id });
}

test('a session made on one instance is live on the others; a logout on one closes its sockets on another within 1 s', async (t) => {
  const { apps: [a, b] } = await deployment(t);
  const cookie = await login(a!);
  assert.equal((await status(b!, cookie)).statusCode, 200);
  const socket = await openSocket(await listen(a!), { cookie });
  await keepAlive(socket, 1);
  const started = performance.now();
  await b!.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
  assert.equal((await socket.closed).code, 4000);
  assert.ok(performance.now() - started < 1000, `closed after ${performance.now() - started} ms`);
  assert.equal(code(await status(a!, cookie)), 'NOT_AUTHENTICATED');
});

test('a login on one instance replaces the session whose socket is on another: 4001, signed in elsewhere', async (t) => {
  const { apps: [a, b] } = await deployment(t);
  const first = await login(a!);
  const socket = await openSocket(await listen(a!), { cookie: first });
  await login(b!);
  assert.equal((await socket.closed).code, 4001);
  assert.equal(code(await status(b!, first)), 'SESSION_REPLACED');
});

test('expiry: both instances sweep at once, the session ends once, and the socket on the other instance gets 4002', async (t) => {
  const { clock, apps: [a, b] } = await deployment(t);
  const cookie = await login(a!);
  const socket = await openSocket(await listen(b!), { cookie });
  const ends = { a: 0, b: 0 };
  a!.dictation.sessions.on('ended', () => ends.a++);
  b!.dictation.sessions.on('ended', () => ends.b++);
  clock.advance(61 * MINUTE);
  await Promise.all([a!.dictation.sessions.sweep(), b!.dictation.sessions.sweep()]);
  assert.equal((await socket.closed).code, 4002);
  await tick(100);
  assert.deepEqual(ends, { a: 1, b: 1 }, 'each instance hears of the end once, whichever ended it');
});

test('the socket grace spans instances: a reload that lands on another instance re-attaches; a page gone for good ends the session', async (t) => {
  const { clock, apps: [a, b] } = await deployment(t);
  const [portA, portB] = [await listen(a!), await listen(b!)];
  const stays = await login(a!, 'alice', 'wonderland');
  const leaves = await login(a!, 'bob', 'builder');
  const [s1, s2] = [await openSocket(portA, { cookie: stays }), await openSocket(portA, { cookie: leaves })];
  await Promise.all([keepAlive(s1, 1), keepAlive(s2, 1)]);
  // The page reloads: its socket drops (no close frame), and the new page's socket lands on B.
  s1.ws.terminate();
  s2.ws.close(4005, 'Page left');
  await Promise.all([s1.closed, s2.closed]);
  await tick(100);
  const back = await openSocket(portB, { cookie: stays });
  await keepAlive(back, 2);
  clock.advance(6000);
  await Promise.all([a!.dictation.sessions.sweep(), b!.dictation.sessions.sweep()]);
  assert.equal((await status(a!, stays)).statusCode, 200);
  await keepAlive(back, 3);
  assert.equal(code(await status(b!, leaves)), 'PAGE_LEFT');
});

test('failed logins count across instances: five on two instances throttle the account on both', async (t) => {
  const { apps } = await deployment(t);
  for (let i = 0; i < 5; i++) {
    const res = await apps[i % 2]!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: 'nope' } });
    assert.equal(res.statusCode, 401);
  }
  for (const app of apps) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: 'wonderland' } });
    assert.equal(res.statusCode, 429);
    assert.equal(code(res), 'LOGIN_THROTTLED');
  }
});

test('a browser trusted on one instance is trusted on the others, and revoked on all of them', async (t) => {
  const { apps: [a, b] } = await deployment(t);
  const first = await a!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: 'wonderland' } });
  const device = `dictation_device=${first.cookies.find((c) => c.name === 'dictation_device')!.value}`;
  const session = `dictation_session=${first.cookies.find((c) => c.name === 'dictation_session')!.value}`;
  for (let i = 0; i < 5; i++) await b!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: 'nope' } });
  const login = (app: FastifyInstance, cookie?: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', headers: cookie ? { cookie } : {}, payload: { username: 'alice', password: 'wonderland' } });
  assert.equal((await login(b!)).statusCode, 429);
  assert.equal((await login(b!, device)).statusCode, 200);
  assert.equal((await a!.inject({ method: 'POST', url: '/api/auth/forget-devices', headers: { cookie: session } })).statusCode, 401, 'replaced by the login on b');
  const again = await login(a!, device);
  const current = `dictation_session=${again.cookies.find((c) => c.name === 'dictation_session')!.value}`;
  assert.equal((await b!.inject({ method: 'POST', url: '/api/auth/forget-devices', headers: { cookie: current } })).statusCode, 204);
  assert.equal((await login(a!, device)).statusCode, 429);
});

test("a user's recordings are bounded across instances: the second gets TOO_MANY_RECORDINGS on the other instance until the first stops", async (t) => {
  const engine = await testEngine();
  t.after(() => engine.close());
  const { apps: [a, b] } = await deployment(t, 2, { MAX_RECORDINGS_PER_USER: '1' }, () => redis.url, { engine });
  const cookie = await login(a!);
  const [one, two] = [await openSocket(await listen(a!), { cookie }), await openSocket(await listen(b!), { cookie })];
  const start = JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le' });
  one.ws.send(start);
  assert.deepEqual(await one.next(), { type: 'started' });
  two.ws.send(start);
  // Audio sent at once after the start waits for its answer: it is not "audio before start".
  two.ws.send(Buffer.alloc(3200));
  assert.equal(((await two.next()) as { code: string }).code, 'TOO_MANY_RECORDINGS');
  assert.equal(((await two.next()) as { code: string }).code, 'NOT_RECORDING');
  one.ws.send(JSON.stringify({ type: 'stop' }));
  for (let m = await one.next(); (m as { type: string }).type !== 'stopped'; m = await one.next());
  two.ws.send(start);
  two.ws.send(Buffer.alloc(3200));
  assert.deepEqual(await two.next(), { type: 'started' });
  // The socket going away frees the slot too.
  two.ws.close();
  await two.closed;
  await tick(100);
  one.ws.send(start);
  assert.deepEqual(await one.next(), { type: 'started' });
});

test('Redis down: nobody is logged out, sockets carry on, logins and checks get 503 SESSION_STORE_UNAVAILABLE; back up, all is as before', async (t) => {
  const own = await startRedis({ persist: true });
  t.after(() => own.stop());
  const { clock, apps: [a, b] } = await deployment(t, 2, {}, () => own.url);
  const cookie = await login(a!);
  const socket = await openSocket(await listen(a!), { cookie });
  await keepAlive(socket, 1);

  await own.kill();
  await tick(100);
  const check = await status(b!, cookie);
  assert.equal(check.statusCode, 503);
  assert.equal(code(check), 'SESSION_STORE_UNAVAILABLE');
  assert.equal(check.headers['retry-after'], '2');
  const newLogin = await b!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bob', password: 'builder' } });
  assert.equal(newLogin.statusCode, 503);
  assert.equal(code(newLogin), 'SESSION_STORE_UNAVAILABLE');
  // Sweeps fail quietly; the socket is answered all along.
  clock.advance(1000);
  await Promise.all([a!.dictation.sweep(), b!.dictation.sweep()]);
  await keepAlive(socket, 2);

  await own.start();
  for (let i = 0; i < 50 && (await status(b!, cookie)).statusCode !== 200; i++) await tick(100);
  assert.equal((await status(b!, cookie)).statusCode, 200, 'the same session, on either instance');
  await Promise.all([a!.dictation.sweep(), b!.dictation.sweep()]);
  await keepAlive(socket, 3);
  assert.equal((await b!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bob', password: 'builder' } })).statusCode, 200);
});

test('a logout while Redis is down clears the cookie, says the server could not end the session, and ends it once Redis is back', async (t) => {
  const own = await startRedis({ persist: true });
  t.after(() => own.stop());
  const { clock, apps: [a, b] } = await deployment(t, 2, {}, () => own.url);
  const cookie = await login(a!);
  await own.kill();
  await tick(100);
  const logout = await a!.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
  assert.equal(logout.statusCode, 503);
  assert.equal(code(logout), 'SESSION_STORE_UNAVAILABLE');
  assert.match((logout.json() as { error: { message: string } }).error.message, /logged out on this browser/);
  const cleared = logout.cookies.find((c) => c.name === 'dictation_session');
  assert.equal(cleared?.value, '', 'the cookie is cleared all the same');
  assert.equal(cleared?.maxAge, 0);

  await own.start();
  for (let i = 0; i < 50 && (await status(b!, cookie)).statusCode === 503; i++) await tick(100);
  // The instance that took the logout ends it at its next sweep: the old cookie, copied before, no longer works.
  clock.advance(1000);
  await a!.dictation.sweep();
  const after = await status(b!, cookie);
  assert.equal(after.statusCode, 401);
  assert.equal(code(after), 'NOT_AUTHENTICATED', 'ended as a logout');
});

test('a Redis restarted without persistence has lost the sessions: after it is back, their sockets are closed with 4004 and the page is told', async (t) => {
  const own = await startRedis();
  t.after(() => own.stop());
  const { clock, apps: [a] } = await deployment(t, 1, {}, () => own.url);
  const cookie = await login(a!);
  const socket = await openSocket(await listen(a!), { cookie });
  await keepAlive(socket, 1);
  await own.kill();
  await own.start();
  for (let i = 0; i < 50 && (await status(a!, cookie)).statusCode === 503; i++) await tick(100);
  assert.equal(code(await status(a!, cookie)), 'SESSION_TERMINATED');
  clock.advance(1000);
  await a!.dictation.sweep();
  assert.equal((await socket.closed).code, 4004);
});

test('an instance killed with SIGKILL: another finds it silent and ends its session after the grace (CONNECTION_LOST)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'instance-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: `t-${randomUUID()}:`,
    COOKIE_SECRET: 'test-secret-that-is-long-enough-123456',
    INSTANCE_TIMEOUT_SECONDS: '1',
    SOCKET_GRACE_SECONDS: '1',
  };
  // Instance A is a real server process.
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), RECOGNIZER: 'none', DEV_CONTROLS: 'true', USERS_FILE: join(dir, 'users.json'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const cookie = await loginWhenUp(`http://127.0.0.1:${port}`);
  assert.ok(cookie, `instance A did not start: ${output}`);
  const socket = await openSocket(port, { cookie });
  await keepAlive(socket, 1);

  // Instance B runs here on the real clock, sweeping as a server does, with the same users as A (the demo's).
  const { app: other } = await build(t, env, { clock: Date.now, sweepIntervalMs: 100, users: await UserDirectory.withPasswords({ demo: 'demo' }) });
  assert.equal((await status(other, cookie)).statusCode, 200);
  const killedAt = performance.now();
  child.kill('SIGKILL');
  await once(child, 'exit');
  let res = await status(other, cookie);
  while (res.statusCode === 200 && performance.now() - killedAt < 10_000) {
    await tick(100);
    res = await status(other, cookie);
  }
  const after = performance.now() - killedAt;
  assert.equal(code(res), 'CONNECTION_LOST');
  // Found silent when its last beat (0-1 s before the kill, depending on the kill's phase) is 1 s old, then the page
  // gets its full 1 s of grace (and a sweep every 100 ms): never before the grace, at most timeout + beat + grace.
  assert.ok(after >= 1000 && after < 3500, `ended ${Math.round(after)} ms after the kill`);
});

test('a user removed from the users file loses a session that outlived the restart (Redis), at its next request', async (t) => {
  const shared = { REDIS_URL: redis.url, REDIS_PREFIX: `t-${randomUUID()}:` };
  const before = (await build(t, shared)).app;
  const alice = await login(before);
  const bob = await login(before, 'bob', 'builder');
  // The server restarts with a users file that no longer has bob.
  const after = (await build(t, shared, { users: await UserDirectory.withPasswords({ alice: 'wonderland' }) })).app;
  assert.equal((await status(after, alice)).statusCode, 200);
  const gone = await status(after, bob);
  assert.equal(gone.statusCode, 401);
  assert.equal(code(gone), 'SESSION_TERMINATED');
  assert.equal((await status(before, bob)).statusCode, 401, 'ended for every instance');
});
