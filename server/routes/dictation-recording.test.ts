import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecognizerEngine } from '../recognizer/index.js';
import { build, listen, login, MINUTE, openSocket, untilMessage, type OpenSocket } from '../test/helpers.js';
import { testEngine } from '../test/engine.js';
import { concat, silence, speech, wordErrorRate, written } from '../test/speech.js';

let engine: RecognizerEngine;
before(async () => {
  engine = await testEngine({ RECOGNIZER_STREAMS_PER_WORKER: '2' });
});
after(() => engine.close());

const START = JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le' });
const SENTENCE = 'Heart rate is seventy two beats per minute.';
/** A start that asks for the words as spoken: accuracy measured on words, not on "72 bpm" (two tokens for five). */
const START_AS_SPOKEN = JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le', format: { numbers: false } });

type Message = { type: string; text?: string; code?: string; reason?: string; through?: number; received?: number };

function sendAudio(socket: OpenSocket, samples: Int16Array): void {
  for (let i = 0; i < samples.length; i += 1600) {
    const frame = samples.subarray(i, i + 1600);
    socket.ws.send(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  }
}

const until = (socket: OpenSocket, type: string) => untilMessage<Message>(socket, type);

async function recordingApp(t: import('node:test').TestContext, env: Record<string, string> = {}) {
  const built = await build(t, env, { engine });
  const port = await listen(built.app);
  const cookie = await login(built.app);
  return { ...built, port, cookie, socket: await openSocket(port, { cookie }) };
}

test('start, audio, stop: partials while speaking, the final text, then stopped', async (t) => {
  const { socket } = await recordingApp(t);
  socket.ws.send(START_AS_SPOKEN);
  assert.deepEqual(await socket.next(), { type: 'started' });
  sendAudio(socket, await speech(SENTENCE));
  socket.ws.send(JSON.stringify({ type: 'stop' }));
  const messages = await until(socket, 'stopped');
  assert.deepEqual(messages.at(-1), { type: 'stopped', reason: 'stop' });
  const finals = messages.filter((m) => m.type === 'final').map((m) => m.text);
  assert.ok(wordErrorRate(SENTENCE, finals.join(' ')) <= 0.25, finals.join(' | '));
  assert.ok(messages.filter((m) => m.type === 'partial').length >= 3);
  // The socket is ready for the next recording.
  socket.ws.send(START);
  assert.deepEqual(await socket.next(), { type: 'started' });
  socket.ws.close();
});

test('the text comes written as a clinician types it, as the page asked with start; a bad option is refused, naming it', async (t) => {
  const { socket } = await recordingApp(t);
  const record = async (format?: object) => {
    socket.ws.send(JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le', ...(format ? { format } : {}) }));
    assert.deepEqual(await socket.next(), { type: 'started' });
    sendAudio(socket, await speech(SENTENCE));
    socket.ws.send(JSON.stringify({ type: 'stop' }));
    lastFinals = (await until(socket, 'stopped')).filter((m) => m.type === 'final') as typeof lastFinals;
    return lastFinals.map((m) => m.text).join(' ');
  };
  let lastFinals: (Message & { words?: { word: string; from: number; to: number }[]; alternatives?: string[] })[] = [];
  assert.match(await record(), /rate is 72\b/);
  // Each final with words carries them timed, as recognised, and its alternatives written as the text is.
  const last = lastFinals.find((m) => m.text)!;
  assert.ok(last.words!.length >= 3 && last.words!.every((w) => w.from < w.to && w.to <= last.through!), JSON.stringify(last.words));
  assert.ok(last.words!.some((w) => w.word === 'seventy'), 'the words are as spoken');
  assert.ok(last.alternatives!.length >= 1 && last.alternatives!.length <= 5 && !last.alternatives!.includes(last.text!));
  assert.match(await record({ numbers: false }), /seventy two beats per minute/);
  socket.ws.send(JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le', format: { dates: 'lunar' } }));
  const refused = (await socket.next()) as Message & { message: string };
  assert.equal(refused.code, 'MALFORMED_MESSAGE');
  assert.match(refused.message, /format\.dates/);
  socket.ws.close();
});

test('a long pause ends a sentence, the clinician\'s stop ends the last one; with sentences "spoken" only said punctuation does', async (t) => {
  const { socket } = await recordingApp(t);
  const audio = concat(await speech('Heart rate is seventy two.', { padSeconds: 0.1 }), silence(2), await speech('Continue current medications.', { padSeconds: 0.1 }), silence(0.5));
  const record = async (format: object, stop: object = { type: 'stop', endSentence: true }) => {
    socket.ws.send(JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le', format }));
    assert.deepEqual(await socket.next(), { type: 'started' });
    sendAudio(socket, audio);
    socket.ws.send(JSON.stringify(stop));
    const finals = (await until(socket, 'stopped')).filter((m) => m.type === 'final' && m.text) as (Message & { pause?: number })[];
    return { text: finals.map((m) => m.text).join(''), pauses: finals.map((m) => m.pause) };
  };
  const paused = await record({});
  assert.match(paused.text, /^heart rate is 72\. Continue current medications\.$/, paused.text);
  assert.equal(paused.pauses[0], undefined, "the recording's first utterance has no pause before it");
  // 2 s of silence plus the padding and flite's own quiet edges, less the 200 ms the decoder waits to end an utterance.
  assert.ok(paused.pauses[1]! >= 1800 && paused.pauses[1]! <= 3000, `pause ${paused.pauses[1]} ms for 2.2 s of silence and more`);
  // A stop the page makes to carry on later (kept audio, an expiring session) ends no sentence.
  assert.match((await record({}, { type: 'stop' })).text, /^heart rate is 72\. Continue current medications$/);
  const spoken = await record({ sentences: 'spoken' });
  assert.match(spoken.text, /^heart rate is 72 ?continue current medications$/, spoken.text);
  socket.ws.close();
});

test('each final says how much audio it covers, the last one all of it; the server acks every second of audio', async (t) => {
  const { socket } = await recordingApp(t);
  socket.ws.send(START);
  await socket.next();
  const audio = concat(await speech(SENTENCE), silence(1.05));
  sendAudio(socket, audio);
  socket.ws.send(JSON.stringify({ type: 'stop' }));
  const messages = await until(socket, 'stopped');
  const acks = messages.filter((m) => m.type === 'audio-ack').map((m) => m.received!);
  assert.equal(acks.length, Math.floor(audio.length / 16000));
  assert.ok(acks.every((received, i) => received >= (i + 1) * 16000 && received < (i + 1) * 16000 + 1600), String(acks));
  const finals = messages.filter((m) => m.type === 'final');
  const throughs = finals.map((m) => m.through!);
  assert.deepEqual([...throughs].sort((a, b) => a - b), throughs, 'through never goes back');
  assert.ok(finals[0]!.text!.length > 0 && throughs[0]! < audio.length, 'the sentence ends before the silence does');
  assert.equal(throughs.at(-1), audio.length);
  assert.ok(finals.every((m) => !('cut' in m)), 'nothing was cut: the sentence ended in silence');
  socket.ws.close();
});

test('audio replayed far faster than real time is all transcribed before stopped', async (t) => {
  const { socket } = await recordingApp(t);
  socket.ws.send(START);
  await socket.next();
  const sentences = ['Heart rate is seventy two beats per minute.', 'Continue current medications.', 'Follow up in two weeks.'];
  const parts = [];
  for (const sentence of sentences) parts.push(await speech(sentence), silence(0.8));
  const audio = concat(...parts);
  // Whole seconds at a time, as a client replays what it kept during an outage.
  for (let i = 0; i < audio.length; i += 16000) {
    const frame = audio.subarray(i, i + 16000);
    socket.ws.send(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  }
  socket.ws.send(JSON.stringify({ type: 'stop' }));
  const messages = await until(socket, 'stopped');
  const finals = messages.filter((m) => m.type === 'final');
  assert.equal(finals.at(-1)!.through, audio.length);
  const text = finals.map((m) => m.text).join(' ');
  assert.ok(wordErrorRate(written(sentences.join(' ')), text) <= 0.25, text);
  socket.ws.close();
});

test('audio before start, odd frames, a second start and a wrong format each get their error; nothing breaks', async (t) => {
  const { socket } = await recordingApp(t);
  socket.ws.send(Buffer.alloc(3200));
  assert.equal(((await socket.next()) as Message).code, 'NOT_RECORDING');
  socket.ws.send(JSON.stringify({ type: 'start', sampleRate: 44100, encoding: 'pcm_s16le' }));
  assert.equal(((await socket.next()) as Message).code, 'UNSUPPORTED_AUDIO_FORMAT');
  socket.ws.send(START);
  assert.deepEqual(await socket.next(), { type: 'started' });
  socket.ws.send(START);
  assert.equal(((await socket.next()) as Message).code, 'ALREADY_RECORDING');
  socket.ws.send(Buffer.alloc(3201));
  assert.equal(((await socket.next()) as Message).code, 'BAD_AUDIO_FRAME');
  socket.ws.send(Buffer.alloc(40_000));
  assert.equal(((await socket.next()) as Message).code, 'BAD_AUDIO_FRAME');
  socket.ws.send(JSON.stringify({ type: 'stop' }));
  assert.deepEqual((await until(socket, 'stopped')).at(-1), { type: 'stopped', reason: 'stop' });
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 3 }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id: 3 });
  socket.ws.close();
});

test('logging out mid-sentence: what was recognised arrives before the 4000 close', async (t) => {
  const { app, socket, cookie } = await recordingApp(t);
  socket.ws.send(START);
  await socket.next();
  const audio = await speech(SENTENCE, { padSeconds: 0 });
  sendAudio(socket, audio.subarray(0, Math.floor(audio.length * 0.7)));
  // Let the decoder catch up with the audio, as it does when someone is speaking in real time.
  await until(socket, 'partial');
  await new Promise((r) => setTimeout(r, 300));
  await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
  const messages = await until(socket, 'stopped');
  assert.deepEqual(messages.at(-1), { type: 'stopped', reason: 'session-ended' });
  assert.match(messages.filter((m) => m.type === 'final').map((m) => m.text).join(' '), /^heart rate/);
  // Cut mid-sentence: the client is told, so it may transcribe that utterance again, whole.
  assert.equal((messages.filter((m) => m.type === 'final').at(-1) as { cut?: boolean }).cut, true);
  assert.equal((await socket.closed).code, 4000);
});

test('a graceful shutdown flushes the recording, then closes with 1012', async (t) => {
  const { app, socket } = await recordingApp(t);
  socket.ws.send(START);
  await socket.next();
  sendAudio(socket, await speech('Continue current medications.', { padSeconds: 0 }));
  await until(socket, 'partial');
  await new Promise((r) => setTimeout(r, 300));
  const closing = app.close();
  const messages = await until(socket, 'stopped');
  assert.deepEqual(messages.at(-1), { type: 'stopped', reason: 'shutdown' });
  assert.match(messages.filter((m) => m.type === 'final').map((m) => m.text).join(' '), /^continue/);
  assert.equal((await socket.closed).code, 1012);
  await closing;
});

test('audio is activity: it slides the idle window', async (t) => {
  const { app, socket, cookie, clock } = await recordingApp(t);
  const status = async () => (await app.inject({ url: '/api/auth/session-status', headers: { cookie } })).json() as { expiresAt: string };
  const before = Date.parse((await status()).expiresAt);
  clock.advance(20 * MINUTE);
  socket.ws.send(START);
  await socket.next();
  sendAudio(socket, new Int16Array(1600));
  socket.ws.send(JSON.stringify({ type: 'stop' }));
  await until(socket, 'stopped');
  assert.equal(Date.parse((await status()).expiresAt), before + 20 * MINUTE);
  socket.ws.close();
});

test('a recording that reaches MAX_RECORDING_MINUTES is stopped by the server with its text', async (t) => {
  const { socket } = await recordingApp(t, { MAX_RECORDING_MINUTES: String(2 / 60) });
  socket.ws.send(START);
  await socket.next();
  sendAudio(socket, await speech('Follow up in two weeks. Continue current medications.'));
  const messages = await until(socket, 'stopped');
  assert.deepEqual(messages.at(-1), { type: 'stopped', reason: 'limit' });
  assert.match(messages.filter((m) => m.type === 'final').map((m) => m.text).join(' '), /follow up/);
  // Frames still in flight after a server-side stop are dropped quietly, then a new start works.
  sendAudio(socket, new Int16Array(3200));
  socket.ws.send(START);
  assert.deepEqual(await socket.next(), { type: 'started' });
  socket.ws.close();
});

test('when every recognizer is busy the bar is told so, and the socket stays up', async (t) => {
  const built = await build(t, { MAX_RECORDINGS_PER_USER: '3' }, { engine });
  const port = await listen(built.app);
  const cookie = await login(built.app);
  // The shared engine has two slots.
  const mine = await Promise.all([0, 1, 2].map(() => openSocket(port, { cookie })));
  for (const socket of mine.slice(0, 2)) {
    socket.ws.send(START);
    assert.deepEqual(await socket.next(), { type: 'started' });
  }
  mine[2]!.ws.send(START);
  const busy = (await mine[2]!.next()) as { code: string; message: string };
  assert.equal(busy.code, 'RECOGNIZER_BUSY');
  assert.match(busy.message, /busy/);
  mine[2]!.ws.send(JSON.stringify({ type: 'keepalive', id: 9 }));
  assert.deepEqual(await mine[2]!.next(), { type: 'keepalive-ack', id: 9 });
  for (const socket of mine) socket.ws.close();
});

test('a recording that gets no audio is stopped after RECORDING_IDLE_SECONDS, and its decoder goes to the next user', async (t) => {
  const built = await build(t, { MAX_RECORDINGS_PER_USER: '3', RECORDING_IDLE_SECONDS: '30' }, { engine });
  const port = await listen(built.app);
  // Two idle starts of one user take both slots of the shared engine (issue 21, finding 9).
  const alice = await login(built.app);
  const mine = await Promise.all([0, 1].map(() => openSocket(port, { cookie: alice })));
  for (const socket of mine) {
    socket.ws.send(START);
    assert.deepEqual(await socket.next(), { type: 'started' });
  }
  const bob = await openSocket(port, { cookie: await login(built.app, 'bob', 'builder') });
  bob.ws.send(START);
  assert.equal(((await bob.next()) as { code: string }).code, 'RECOGNIZER_BUSY');
  // Keep-alives flow, so the sockets live; no audio comes, so past the idle time the recordings end.
  built.clock.advance(29_000);
  await built.app.dictation.sweep();
  for (const socket of mine) {
    socket.ws.send(JSON.stringify({ type: 'keepalive', id: 1 }));
    assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id: 1 }, 'stopped before the idle time');
  }
  built.clock.advance(1_000);
  await built.app.dictation.sweep();
  for (const socket of mine) {
    let message = (await socket.next()) as { type: string };
    while (message.type === 'final') message = (await socket.next()) as { type: string }; // the last (empty) final
    assert.deepEqual(message, { type: 'stopped', reason: 'idle' });
  }
  bob.ws.send(START);
  assert.deepEqual(await bob.next(), { type: 'started' });
  for (const socket of [...mine, bob]) socket.ws.close();
});

test('without a recognizer, start says speech recognition is not available; keep-alives go on', async (t) => {
  const built = await build(t, { RECOGNIZER: 'none' });
  const port = await listen(built.app);
  const socket = await openSocket(port, { cookie: await login(built.app) });
  socket.ws.send(START);
  const reply = (await socket.next()) as { code: string; message: string };
  assert.equal(reply.code, 'RECOGNIZER_UNAVAILABLE');
  assert.match(reply.message, /^Speech recognition is not available on the server/);
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 1 }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id: 1 });
  socket.ws.close();
});
