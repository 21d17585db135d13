import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawData } from 'ws';
import type { Connection } from './connection.js';
import { InboundFlow, MAX_DEFERRED_BYTES } from './inbound-flow.js';
import { TokenBucket } from './token-bucket.js';

/** A connection record with a message allowance on a clock the test moves. */
function setup(perSecond: number) {
  let now = 0;
  const connection = {
    messages: new TokenBucket(() => perSecond, 2 * perSecond, () => now),
    throttled: false,
    deferred: null,
    deferredBytes: 0,
    held: false,
    resumeTimer: null,
    pausedUntil: 0,
    closedFor: null,
  } as unknown as Connection;
  const handled: string[] = [];
  const events: string[] = [];
  const flow = new InboundFlow({
    messagesPerSecond: perSecond,
    handle: (_c, data) => handled.push(data.toString()),
    tellThrottled: () => events.push('throttled'),
    exceeded: () => events.push('exceeded'),
  });
  const send = (text: string) => flow.receive(connection, Buffer.from(text) as RawData, false);
  return { connection, flow, handled, events, send, advance: (ms: number) => (now += ms) };
}

test('frames within the allowance (twice the rate in a burst) are handled at once, in order', () => {
  const { handled, events, send } = setup(5);
  for (let i = 0; i < 10; i++) send(`m${i}`);
  assert.equal(handled.length, 10);
  assert.deepEqual(events, []);
});

test('past the allowance frames wait their turn, in order, and the client is told once per burst', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { connection, handled, events, send, flow } = setup(5);
  for (let i = 0; i < 14; i++) send(`m${i}`);
  assert.equal(handled.length, 11, 'the one that went over is handled; the ones after it wait');
  assert.deepEqual(events, ['throttled']);
  assert.equal(connection.deferred?.length, 3);
  t.mock.timers.tick(10_000);
  assert.deepEqual(handled, Array.from({ length: 14 }, (_, i) => `m${i}`));
  flow.release(connection);
});

test('more than 10 s behind its allowance, the socket is closed', () => {
  const { events, send } = setup(1);
  for (let i = 0; i < 14; i++) send('x');
  assert.equal(events.at(-1), 'exceeded');
});

test('more than 1 MiB waiting is a client that ignores the flow control: closed', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { connection, events, flow } = setup(1000);
  const big = Buffer.alloc(64 * 1024);
  let sent = 0;
  // Put the socket over its allowance so frames wait, then send big ones.
  connection.messages.take(2000 + 100);
  while (!events.includes('exceeded') && sent < 100) {
    flow.receive(connection, big as RawData, true);
    sent++;
  }
  assert.ok(events.includes('exceeded'));
  assert.ok(sent * big.length > MAX_DEFERRED_BYTES);
  flow.release(connection);
});
