import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecognizerEngine } from '../recognizer/index.js';
import { build, listen, login, openSocket, type OpenSocket } from '../test/helpers.js';
import { testEngine } from '../test/engine.js';
import { concat, silence, speech } from '../test/speech.js';

let engine: RecognizerEngine;
before(async () => {
  // The shipped vocabulary: it teaches the language model the commands' phrases.
  engine = await testEngine({ VOCABULARY_FILE: 'vocabulary/clinical' });
});
after(() => engine.close());

type Command = { name: string; words?: string; n?: number; said: string };
type Final = { type: string; text: string; command?: Command; choice?: Command };

async function record(socket: OpenSocket, phrases: string[], commands?: unknown): Promise<Final[]> {
  socket.ws.send(JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le', ...(commands === undefined ? {} : { commands }) }));
  assert.deepEqual(await socket.next(), { type: 'started' });
  const parts: Int16Array[] = [];
  for (const phrase of phrases) parts.push(await speech(phrase, { padSeconds: 0.1 }), silence(1.2));
  const audio = concat(...parts);
  for (let i = 0; i < audio.length; i += 1600) {
    const frame = audio.subarray(i, i + 1600);
    socket.ws.send(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  }
  socket.ws.send(JSON.stringify({ type: 'stop', endSentence: true }));
  const finals: Final[] = [];
  for (;;) {
    const message = (await socket.next()) as Final;
    if (message.type === 'stopped') return finals;
    if (message.type === 'final' && (/\w/.test(message.text) || message.command)) finals.push(message);
  }
}

test('a spoken command comes as a command, not as text; dictation around it stays text', async (t) => {
  const { app } = await build(t, {}, { engine });
  const port = await listen(app);
  const socket = await openSocket(port, { cookie: await login(app) });
  const finals = await record(socket, ['The abdomen is soft.', 'Scratch that.', 'Choose two.', 'Select the abdomen.'], {});
  assert.equal(finals.length, 4, JSON.stringify(finals));
  assert.match(finals[0]!.text, /^the abdomen is soft/i);
  assert.deepEqual([finals[1], finals[3]].map((f) => [f!.text, f!.command?.name, f!.command?.words]), [
    ['', 'scratch', undefined],
    ['', 'select', 'the abdomen'],
  ]);
  // "Choose two." is a command, or (in slt's voice it sounds like "she is due") dictation whose alternatives offer the
  // choice, which the client takes only while a list is open. Either way, never text alone.
  const chose = finals[2]!;
  assert.deepEqual(chose.command ? [chose.text, chose.command.name, chose.command.n] : [chose.choice?.name, chose.choice?.n], chose.command ? ['', 'choose', 2] : ['choose', 2], JSON.stringify(chose));
  // Turned off, or not asked for (a client that knows no commands), the same words are text.
  for (const commands of [false, undefined]) {
    const off = await record(socket, ['Scratch that.'], commands);
    assert.equal(off.length, 1);
    assert.equal(off[0]!.command, undefined);
    assert.match(off[0]!.text, /^scratch that\.?$/i);
  }
  socket.ws.close();
});
