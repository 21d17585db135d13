import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { build, listen, login, openSocket, tick, type OpenSocket } from '../test/helpers.js';
import { testEngine } from '../test/engine.js';

const START = JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le' });
const keepAlive = (id: number) => JSON.stringify({ type: 'keepalive', id });
type Message = { type: string; code?: string; id?: number; received?: number; reason?: string };

async function nextOf(socket: OpenSocket, type: string): Promise<Message> {
  for (;;) {
    const message = (await socket.next()) as Message;
    if (message.type === type) return message;
  }
}

test('a socket flooding messages is told once, slowed down, and closed with 4008 when it keeps on', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const socket = await openSocket(port, { cookie: await login(app) });
  // 2,000 frames at once against 50 a second (100 in a burst): 38 s behind, past the 10 s the socket may be.
  for (let id = 0; id < 2000; id++) socket.ws.send(keepAlive(id));
  const { code } = await socket.closed;
  assert.equal(code, 4008);
  const warnings = socket.messages.filter((m) => (m as Message).code === 'TOO_MANY_MESSAGES');
  assert.equal(warnings.length, 1);
  // Every frame up to the close was answered, none after it.
  assert.ok(socket.messages.length < 2000, `${socket.messages.length} replies`);
});

test('frames past the message rate wait their turn: a frame sent later is handled only once the socket is within it', async (t) => {
  const { app } = await build(t, { WS_MESSAGES_PER_SECOND: '100' });
  const port = await listen(app);
  const socket = await openSocket(port, { cookie: await login(app) });
  // 300 at once: the burst is 200, so the socket is a second behind.
  for (let id = 0; id < 300; id++) socket.ws.send(keepAlive(id));
  assert.equal((await nextOf(socket, 'error')).code, 'TOO_MANY_MESSAGES');
  await tick(50);
  const sent = performance.now();
  socket.ws.send(keepAlive(9999));
  for (;;) if ((await nextOf(socket, 'keepalive-ack')).id === 9999) break;
  const waited = performance.now() - sent;
  assert.ok(waited >= 700, `answered after ${Math.round(waited)} ms`);
  socket.ws.close();
});

test('error replies are rationed: a hundred bad frames get ten errors or so, and the socket still works', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  const socket = await openSocket(port, { cookie: await login(app) });
  for (let i = 0; i < 100; i++) socket.ws.send('not json');
  socket.ws.send(keepAlive(1));
  await nextOf(socket, 'keepalive-ack');
  const errors = socket.messages.length; // what arrived before the ack was taken out
  assert.ok(errors <= 11, `${errors} error replies`);
  socket.ws.close();
});

test('a client that never reads is closed once its send buffer passes the bound; its memory goes with it', async (t) => {
  const { app } = await build(t, { WS_MESSAGES_PER_SECOND: '1000000', SOCKET_SEND_BUFFER_KB: '64' });
  const port = await listen(app);
  const socket = await openSocket(port, { cookie: await login(app) });
  // Stop reading: the kernel's buffers fill, then the server's.
  (socket.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
  let id = 0;
  const deadline = performance.now() + 30_000;
  while (app.dictation.sockets.sockets > 0 && performance.now() < deadline) {
    // Keep this side's own buffer small: the server must see the frames as fast as it reads them.
    if (socket.ws.bufferedAmount < 256 * 1024) for (let i = 0; i < 2000; i++) socket.ws.send(keepAlive(id++));
    await tick(2);
  }
  assert.equal(app.dictation.sockets.sockets, 0, `still open after ${id} keep-alives`);
});

test('sockets per session and per address are bounded: the one too many is closed with 4007 and a reason', async (t) => {
  const { app } = await build(t, { MAX_SOCKETS_PER_SESSION: '2', MAX_SOCKETS_PER_IP: '3' });
  const port = await listen(app);
  const alice = await login(app);
  const first = [await openSocket(port, { cookie: alice }), await openSocket(port, { cookie: alice })];
  const third = await openSocket(port, { cookie: alice });
  const refused = await third.closed;
  assert.equal(refused.code, 4007);
  assert.match(refused.reason, /2 per session/);
  // Another user from the same address: one more fits, then the address is full.
  const bob = await login(app, 'bob', 'builder');
  await openSocket(port, { cookie: bob });
  const fifth = await openSocket(port, { cookie: bob });
  assert.match((await fifth.closed).reason, /3 per address/);
  // A socket that goes frees its place.
  first[0]!.ws.close();
  await once(first[0]!.ws, 'close');
  await tick(50);
  const again = await openSocket(port, { cookie: alice });
  again.ws.send(keepAlive(1));
  assert.deepEqual(await again.next(), { type: 'keepalive-ack', id: 1 });
});

test('recordings per user are bounded: a second one gets TOO_MANY_RECORDINGS until the first stops', async (t) => {
  const engine = await testEngine();
  t.after(() => engine.close());
  const { app } = await build(t, { MAX_RECORDINGS_PER_USER: '1' }, { engine });
  const port = await listen(app);
  const cookie = await login(app);
  const [one, two] = [await openSocket(port, { cookie }), await openSocket(port, { cookie })];
  one.ws.send(START);
  assert.deepEqual(await one.next(), { type: 'started' });
  two.ws.send(START);
  const refused = (await two.next()) as Message & { message: string };
  assert.equal(refused.code, 'TOO_MANY_RECORDINGS');
  assert.match(refused.message, /already has 1 recording running/);
  one.ws.send(JSON.stringify({ type: 'stop' }));
  await nextOf(one, 'stopped');
  two.ws.send(START);
  assert.deepEqual(await two.next(), { type: 'started' });
});

/** A server with a 10 s audio burst and a socket whose recording has started. */
async function recordingWithShortBurst(t: import('node:test').TestContext, engineEnv: Record<string, string> = {}) {
  const engine = await testEngine(engineEnv);
  t.after(() => engine.close());
  const { app } = await build(t, { AUDIO_BURST_SECONDS: '10' }, { engine });
  const port = await listen(app);
  const socket = await openSocket(port, { cookie: await login(app) });
  socket.ws.send(START);
  assert.deepEqual(await socket.next(), { type: 'started' });
  return { app, port, socket };
}

test('audio beyond real time plus the burst is not dropped: it is taken at real time instead', async (t) => {
  const { socket } = await recordingWithShortBurst(t);
  const started = performance.now();
  // 13 s of silence at once, in one-second frames.
  for (let i = 0; i < 13; i++) socket.ws.send(Buffer.alloc(32000));
  let received = 0;
  while (received < 13 * 16000) received = (await nextOf(socket, 'audio-ack')).received!;
  const took = performance.now() - started;
  // The 10 s burst went at once, the rest at real time: all 13 s acknowledged, none before ~2 s had passed.
  assert.ok(took >= 1800, `13 s of audio taken in ${Math.round(took)} ms`);
  socket.ws.send(JSON.stringify({ type: 'stop' }));
  assert.equal((await nextOf(socket, 'stopped')).reason, 'stop');
});

test('a client that ignores the audio flow control altogether is closed with 4008, and its decoder is free at once', async (t) => {
  const { app, port, socket } = await recordingWithShortBurst(t, { RECOGNIZER_STREAMS_PER_WORKER: '1' });
  // 60 s at once: 50 s (1.6 MB) past the burst, where a bar would wait for the acks after 4 s.
  for (let i = 0; i < 60; i++) socket.ws.send(Buffer.alloc(32000));
  assert.equal((await socket.closed).code, 4008);
  // The only decoder slot went with it.
  const other = await openSocket(port, { cookie: await login(app, 'bob', 'builder') });
  other.ws.send(START);
  assert.deepEqual(await other.next(), { type: 'started' });
});
