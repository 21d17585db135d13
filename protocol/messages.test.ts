import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageType, parseServerMessage, STOP_REASONS } from './messages.js';

test('every reason the server stops a recording for reaches the client (idle was once dropped by the parser)', () => {
  for (const reason of STOP_REASONS) {
    assert.deepEqual(parseServerMessage(JSON.stringify({ type: 'stopped', reason })), { type: MessageType.Stopped, reason });
  }
  assert.equal(parseServerMessage(JSON.stringify({ type: 'stopped', reason: 'bored' })), undefined);
});
