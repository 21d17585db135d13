import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { build, listen, login, MINUTE, openSocket, tick } from '../test/helpers.js';
import { MemorySessionStore } from '../sessions/memory-session-store.js';
import { EndReason } from '../../protocol/index.js';

const statusCode = async (app: import('fastify').FastifyInstance, cookie: string) => {
  const res = await app.inject({ method: 'GET', url: '/api/auth/session-status', headers: { cookie } });
  return res.statusCode === 200 ? 200 : (res.json() as { error: { code: string } }).error.code;
};

test('the socket upgrades only with a live session cookie (401 otherwise)', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  await assert.rejects(openSocket(port), /upgrade refused: 401/);
  await assert.rejects(openSocket(port, { cookie: 'dictation_session=forged' }), /upgrade refused: 401/);
});

test('a keep-alive is answered at once with an ack carrying its id', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const socket = await openSocket(port, { cookie: await login(app) });
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 7 }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id: 7 });
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 8 }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id: 8 });
  socket.ws.close();
});

test('keep-alives are not activity: they do not slide the idle window', async (t) => {
  const { app, clock } = await build(t);
  const port = await listen(app);
  const cookie = await login(app);
  const before = (await app.inject({ url: '/api/auth/session-status', headers: { cookie } })).json().expiresAt;
  const socket = await openSocket(port, { cookie });
  clock.advance(10 * MINUTE);
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 1 }));
  await socket.next();
  assert.equal((await app.inject({ url: '/api/auth/session-status', headers: { cookie } })).json().expiresAt, before);
  socket.ws.close();
});

test('malformed and unknown messages get an error message and the socket stays usable', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const socket = await openSocket(port, { cookie: await login(app) });
  const cases: [string | Buffer, string][] = [
    ['not json', 'MALFORMED_MESSAGE'],
    ['[1,2]', 'MALFORMED_MESSAGE'],
    ['{"id":1}', 'MALFORMED_MESSAGE'],
    ['{"type":"keepalive","id":"x"}', 'MALFORMED_MESSAGE'],
    ['{"type":"keepalive","id":-1}', 'MALFORMED_MESSAGE'],
    ['{"type":"launch-missiles"}', 'UNKNOWN_MESSAGE'],
    [Buffer.from([1, 2, 3]), 'NOT_RECORDING'],
    ['{"type":"start"}', 'UNSUPPORTED_AUDIO_FORMAT'],
  ];
  for (const [frame, code] of cases) {
    socket.ws.send(frame);
    const reply = (await socket.next()) as { type: string; code: string; message: string };
    assert.equal(reply.type, 'error', String(frame));
    assert.equal(reply.code, code, String(frame));
    assert.ok(reply.message.length > 0);
  }
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 99 }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id: 99 });
  socket.ws.close();
});

test('an oversized frame closes the socket with 1009 and the server keeps serving', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const cookie = await login(app);
  const socket = await openSocket(port, { cookie });
  socket.ws.send('x'.repeat(65 * 1024));
  assert.equal((await socket.closed).code, 1009);
  const again = await openSocket(port, { cookie });
  again.ws.send(JSON.stringify({ type: 'keepalive', id: 1 }));
  assert.deepEqual(await again.next(), { type: 'keepalive-ack', id: 1 });
  again.ws.close();
});

test('a new login of the same user closes the old socket with 4001', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const socket = await openSocket(port, { cookie: await login(app) });
  await login(app);
  const closed = await socket.closed;
  assert.equal(closed.code, 4001);
  assert.equal(closed.reason, 'Signed in elsewhere');
});

test('logout closes the session sockets with 4000, and nothing is left waiting out a grace', async (t) => {
  const { app, clock } = await build(t);
  const port = await listen(app);
  const cookie = await login(app);
  const [a, b] = await Promise.all([openSocket(port, { cookie }), openSocket(port, { cookie })]);
  const ends: string[] = [];
  app.dictation.sessions.on('ended', ({ reason }) => ends.push(reason));
  await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
  assert.equal((await a.closed).code, 4000);
  assert.equal((await b.closed).code, 4000);
  await tick();
  clock.advance(60_000);
  await app.dictation.sweep();
  assert.deepEqual(ends, ['LOGGED_OUT']);
  const status = await app.inject({ method: 'GET', url: '/api/auth/session-status', headers: { cookie } });
  assert.equal(status.json().error.code, 'NOT_AUTHENTICATED');
});

test('an expired session has its sockets closed with 4002 by the sweep', async (t) => {
  const { app, clock } = await build(t);
  const port = await listen(app);
  const cookie = await login(app);
  const socket = await openSocket(port, { cookie });
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 1 }));
  await socket.next();
  clock.advance(60 * MINUTE);
  await app.dictation.sweep();
  assert.equal((await socket.closed).code, 4002);
  assert.equal(await statusCode(app, cookie), 'SESSION_EXPIRED');
});

test('a silent socket is closed with 4003 and its session ends after the grace', async (t) => {
  const { app, clock } = await build(t, { KEEPALIVE_INTERVAL_SECONDS: '20', SOCKET_GRACE_SECONDS: '5' });
  const port = await listen(app);
  const cookie = await login(app);
  const socket = await openSocket(port, { cookie });
  clock.advance(39_000);
  await app.dictation.sweep();
  assert.equal(socket.ws.readyState, WebSocket.OPEN, 'still within two intervals');
  clock.advance(2_000);
  await app.dictation.sweep();
  assert.equal((await socket.closed).code, 4003);
  await tick();
  assert.equal(await statusCode(app, cookie), 200, 'the grace lets a reload re-attach');
  clock.advance(5_000);
  await app.dictation.sweep();
  assert.equal(await statusCode(app, cookie), 'KEEPALIVE_TIMEOUT', 'a page that comes back learns why');
});

test('a page reload that re-attaches within the grace keeps the session', async (t) => {
  const { app, clock } = await build(t, { SOCKET_GRACE_SECONDS: '5' });
  const port = await listen(app);
  const cookie = await login(app);
  const first = await openSocket(port, { cookie });
  first.ws.close();
  await first.closed;
  await tick();
  clock.advance(3_000);
  const second = await openSocket(port, { cookie });
  clock.advance(10_000);
  await app.dictation.sweep();
  assert.equal(await statusCode(app, cookie), 200);
  second.ws.close();
});

test('a browser that went away without logging out loses its session after the grace', async (t) => {
  const { app, clock } = await build(t, { SOCKET_GRACE_SECONDS: '5' });
  const port = await listen(app);
  const cookie = await login(app);
  const socket = await openSocket(port, { cookie });
  socket.ws.terminate(); // browser crashed / network gone: no close frame
  await socket.closed;
  await tick(50);
  clock.advance(5_000);
  await app.dictation.sweep();
  assert.equal(await statusCode(app, cookie), 'CONNECTION_LOST');
});

test('a page that says it left (4005) loses its session after the grace unless it comes back', async (t) => {
  const { app, clock } = await build(t, { SOCKET_GRACE_SECONDS: '5' });
  const port = await listen(app);
  const cookie = await login(app);
  // Left and came back within the grace (a back/forward cache restore): the session goes on.
  const first = await openSocket(port, { cookie });
  first.ws.close(4005, 'Page left');
  await first.closed;
  await tick(50);
  clock.advance(4_000);
  const back = await openSocket(port, { cookie });
  clock.advance(10_000);
  await app.dictation.sweep();
  assert.equal(await statusCode(app, cookie), 200);
  // Left for good.
  back.ws.close(4005, 'Page left');
  await back.closed;
  await tick(50);
  clock.advance(4_999);
  await app.dictation.sweep();
  assert.equal(await statusCode(app, cookie), 200, 'still within the grace');
  clock.advance(1);
  await app.dictation.sweep();
  assert.equal(await statusCode(app, cookie), 'PAGE_LEFT');
});

test('graceful shutdown closes every socket with 1012', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const alice = await openSocket(port, { cookie: await login(app) });
  const bob = await openSocket(port, { cookie: await login(app, 'bob', 'builder') });
  await app.close();
  assert.deepEqual(await alice.closed, { code: 1012, reason: 'Service restarting' });
  assert.equal((await bob.closed).code, 1012);
});

test('a socket from a foreign origin is refused with 403', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const cookie = await login(app);
  await assert.rejects(openSocket(port, { cookie, origin: 'https://evil.example' }), /upgrade refused: 403/);
  const own = await openSocket(port, { cookie, origin: `http://127.0.0.1:${port}` });
  own.ws.close();
});

test('single-user mode: the socket needs no cookie and nothing expires', async (t) => {
  const { app, clock } = await build(t, { SESSION_MODE: 'single-user' });
  const port = await listen(app);
  const socket = await openSocket(port);
  clock.advance(24 * 60 * MINUTE);
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 3 }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id: 3 });
  socket.ws.close();
});

test('dev controls: a silenced link gets nothing from the server, close-sockets uses the given code', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const cookie = await login(app);
  const socket = await openSocket(port, { cookie });
  const silence = (silent: boolean) => app.inject({ method: 'POST', url: '/api/dev/silence-link', headers: { cookie }, payload: { silent } });
  assert.equal((await silence(true)).statusCode, 204);
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 1 }));
  socket.ws.send('not json'); // would be answered with an error: nothing at all comes back over a dead link
  await tick(100);
  assert.equal(socket.messages.length, 0);
  assert.equal((await silence(false)).statusCode, 204);
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 2 }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id: 2 });
  const bad = await app.inject({ method: 'POST', url: '/api/dev/close-sockets', headers: { cookie }, payload: { code: 1000 } });
  assert.equal(bad.statusCode, 400);
  await app.inject({ method: 'POST', url: '/api/dev/close-sockets', headers: { cookie }, payload: { code: 1011 } });
  assert.equal((await socket.closed).code, 1011);
});

test('dev controls do not exist in production', async (t) => {
  const { app } = await build(t, { NODE_ENV: 'production', DEV_CONTROLS: 'false' });
  const cookie = await login(app);
  const res = await app.inject({ method: 'POST', url: '/api/dev/expire-session', headers: { cookie }, payload: { seconds: 1 } });
  assert.equal(res.statusCode, 404);
});

test('random frames never crash the server: each gets an error or a close, and the server keeps serving', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const cookie = await login(app);
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const samples = ['{', '{"type":', '{"type":null}', '{"type":"keepalive","id":1e400}', '"keepalive"', 'null', '{"__proto__":{"type":"keepalive"}}'];
  for (let round = 0; round < 5; round++) {
    const socket = await openSocket(port, { cookie });
    for (let i = 0; i < 40; i++) {
      const kind = random();
      if (kind < 0.3) socket.ws.send(samples[Math.floor(random() * samples.length)]!);
      else if (kind < 0.6) socket.ws.send(Buffer.from(Array.from({ length: Math.floor(random() * 4096) }, () => Math.floor(random() * 256))));
      else socket.ws.send(Array.from({ length: Math.floor(random() * 2000) }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join(''));
    }
    socket.ws.send(JSON.stringify({ type: 'keepalive', id: 1000 + round }));
    let reply: unknown;
    do reply = await socket.next();
    while ((reply as { type: string }).type === 'error');
    assert.deepEqual(reply, { type: 'keepalive-ack', id: 1000 + round });
    socket.ws.close();
  }
});

test('random login bodies get 400 or 401, never a 5xx', async (t) => {
  const { app } = await build(t);
  const bodies = ['', 'null', '[]', '{"username":1,"password":2}', '{"username":"' + 'a'.repeat(5000) + '","password":"x"}', '\u0000', '{"username":"demo","password":"x","extra":{}}'];
  for (const payload of bodies) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} for ${payload.slice(0, 30)}`);
    assert.ok((res.json() as { error: { code: string } }).error.code);
  }
});

test('a session that ends while its socket is being upgraded gets that socket closed with the reason', async (t) => {
  // The store answers the upgrade's session check, then the session ends before the socket is registered: the
  // 'ended' event finds no socket to close. The route checks again once the socket is in.
  let onCheck: ((id: string) => void) | undefined;
  class RacingStore extends MemorySessionStore {
    override async get(id: string) {
      const record = await super.get(id);
      const hook = onCheck;
      onCheck = undefined;
      hook?.(id);
      return record;
    }
  }
  const { app } = await build(t, {}, { store: new RacingStore() });
  const port = await listen(app);
  const cookie = await login(app);
  onCheck = (id) => void app.dictation.sessions.end(id, EndReason.LoggedOut);
  const socket = await openSocket(port, { cookie });
  assert.equal((await socket.closed).code, 4000);
});
