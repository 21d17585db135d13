import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalCommand, MessageType, parseClientMessage, parseServerMessage, STOP_REASONS, type FinalMessage } from './messages.js';

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

test('a final carries its command, or a choice the client takes only with a list open; a malformed one is dropped, the text kept', () => {
  const final = (extra: object) => parseServerMessage(JSON.stringify({ type: 'final', text: 'She is due', through: 16000, ...extra }));
  assert.deepEqual(final({ choice: { name: 'choose', n: 2, said: 'choose two' } }), { type: 'final', text: 'She is due', through: 16000, choice: { name: 'choose', n: 2, said: 'choose two' } });
  assert.deepEqual(final({ command: { name: 'scratch', said: 'scratch that' } }), { type: 'final', text: 'She is due', through: 16000, command: { name: 'scratch', said: 'scratch that' } });
  assert.deepEqual(final({ choice: { name: 'choose', n: 'two', said: 'choose two' } }), { type: 'final', text: 'She is due', through: 16000 });
});

test('a final runs its command; its choice only when the client can choose that item, else its text is written', () => {
  const choice = { name: 'choose', n: 2, said: 'choose two' };
  const dictated: FinalMessage = { type: MessageType.Final, text: 'She is due', through: 1, choice };
  assert.deepEqual(finalCommand(dictated, (n) => n === 2), choice);
  assert.equal(finalCommand(dictated, () => false), undefined);
  assert.equal(finalCommand({ ...dictated, choice: undefined }, () => true), undefined);
  const scratch = { name: 'scratch', said: 'scratch that' };
  assert.deepEqual(finalCommand({ type: MessageType.Final, text: '', through: 1, command: scratch }, () => false), scratch);
});
