import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageType, parseClientMessage, parseServerMessage, STOP_REASONS } from './messages.js';

test('every reason the server stops a recording for reaches the client (idle was once dropped by the parser)', () => {
  for (const reason of STOP_REASONS) {
    assert.deepEqual(parseServerMessage(JSON.stringify({ type: 'stopped', reason })), { type: MessageType.Stopped, reason });
  }
  assert.equal(parseServerMessage(JSON.stringify({ type: 'stopped', reason: 'bored' })), undefined);
});

test('start carries the page\'s formatting; an option that is not one is refused with its name, never ignored', () => {
  const start = (format: unknown) => parseClientMessage(JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le', format }));
  assert.deepEqual(start({ dates: 'iso', wordsBelow: 0 }), { ok: true, message: { type: MessageType.Start, sampleRate: 16000, encoding: 'pcm_s16le', format: { dates: 'iso', wordsBelow: 0 } } });
  assert.deepEqual(start(undefined), { ok: true, message: { type: MessageType.Start, sampleRate: 16000, encoding: 'pcm_s16le' } });
  for (const [format, named] of [[{ dates: 'lunar' }, 'format.dates'], [{ wordsBelow: 101 }, 'format.wordsBelow'], [{ colour: 'red' }, 'format.colour'], ['iso', '"format" must be an object']] as const) {
    const result = start(format);
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.error.message.includes(named), result.error.message);
  }
});

test('stop says whether the clinician ended the dictation (a sentence ends) or the page pauses a stream it carries on', () => {
  assert.deepEqual(parseClientMessage('{"type":"stop","endSentence":true}'), { ok: true, message: { type: MessageType.Stop, endSentence: true } });
  assert.deepEqual(parseClientMessage('{"type":"stop"}'), { ok: true, message: { type: MessageType.Stop } });
  assert.deepEqual(parseClientMessage('{"type":"stop","endSentence":"yes"}'), { ok: true, message: { type: MessageType.Stop } });
});
