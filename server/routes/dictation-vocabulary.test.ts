import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecognizerEngine } from '../recognizer/index.js';
import { build, listen, login, openSocket, untilMessage, type OpenSocket } from '../test/helpers.js';
import { testEngine } from '../test/engine.js';
import { concat, silence, speech } from '../test/speech.js';

// A clinician's own words, saved through the API while she dictates, in the real recognizer over real sockets.

let engine: RecognizerEngine;
before(async () => {
  engine = await testEngine({ RECOGNIZER_STREAMS_PER_WORKER: '2' });
});
after(() => engine.close());

/** A word no dictionary has: without a list that has it, it comes out as other words ("arbiter x"). */
const WORD = 'zorbitrex';
const SAID = `start ${WORD} ten milligrams daily`;
const START = JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le', format: { numbers: false } });

type Message = { type: string; text?: string; words?: number; skipped?: string[] };

const until = (socket: OpenSocket, type: string) => untilMessage<Message>(socket, type);

/** Says the sentence (after a pause) and returns the text of the finals that came for it. */
async function say(socket: OpenSocket, samples: Int16Array): Promise<string> {
  const audio = concat(silence(0.5), samples, silence(1));
  for (let i = 0; i < audio.length; i += 1600) socket.ws.send(audio.subarray(i, i + 1600));
  const texts: string[] = [];
  // The last frames' silence ends the utterance: its final is the one with text after the audio-acks.
  for (;;) {
    const message = (await socket.next()) as Message;
    if (message.type === 'final' && message.text) {
      texts.push(message.text);
      return texts.join(' ');
    }
  }
}

test('a word she saves while dictating is recognised from her next utterance, in her recording only; a team word reaches its members', async (t) => {
  const { app } = await build(t, {}, { engine });
  const port = await listen(app);
  const [alice, bob] = [await login(app), await login(app, 'bob', 'builder')];
  const sockets = { alice: await openSocket(port, { cookie: alice }), bob: await openSocket(port, { cookie: bob }) };
  for (const socket of Object.values(sockets)) {
    socket.ws.send(START);
    assert.deepEqual(await socket.next(), { type: 'started' });
  }
  const audio = await speech(SAID, { voice: 'rms' });
  assert.doesNotMatch(await say(sockets.alice, audio), new RegExp(WORD), 'not known before she adds it');

  const put = (cookie: string, url: string) => app.inject({ method: 'PUT', url, headers: { cookie }, payload: { phrase: WORD } });
  assert.equal((await put(alice, '/api/vocabulary/words')).statusCode, 200);
  const told = (await until(sockets.alice, 'vocabulary')).at(-1);
  assert.deepEqual(told, { type: 'vocabulary', words: 1, skipped: [] });
  assert.match(await say(sockets.alice, audio), new RegExp(`\\b${WORD}\\b`));
  assert.doesNotMatch(await say(sockets.bob, audio), new RegExp(WORD), "her words are not her colleague's");
  assert.equal(sockets.bob.messages.filter((m) => (m as Message).type === 'vocabulary').length, 0);

  // Alice is an admin of cardiology; Bob is in it: a word added to the team's list reaches his running recording.
  assert.equal((await put(alice, '/api/teams/cardiology/vocabulary/words')).statusCode, 200);
  assert.deepEqual((await until(sockets.bob, 'vocabulary')).at(-1), { type: 'vocabulary', words: 1, skipped: [] });
  assert.match(await say(sockets.bob, audio), new RegExp(`\\b${WORD}\\b`));

  for (const socket of Object.values(sockets)) socket.ws.close();
});

test('a word that cannot be said is named in the vocabulary message, and the rest is used', async (t) => {
  const { app } = await build(t, {}, { engine });
  const port = await listen(app);
  const cookie = await login(app);
  const put = (payload: object) => app.inject({ method: 'PUT', url: '/api/vocabulary/words', headers: { cookie }, payload });
  assert.equal((await put({ phrase: WORD })).statusCode, 200);
  // "qzx" sounds like a word the dictionary lacks: it cannot be pronounced.
  assert.equal((await put({ phrase: 'statin', soundsLike: 'stat qzxv' })).statusCode, 200);
  const socket = await openSocket(port, { cookie });
  socket.ws.send(START);
  const messages = await until(socket, 'vocabulary');
  assert.deepEqual(messages.at(-1), { type: 'vocabulary', words: 1, skipped: ['statin'] });
  assert.match(await say(socket, await speech(SAID, { voice: 'rms' })), new RegExp(`\\b${WORD}\\b`));
  socket.ws.close();
});
