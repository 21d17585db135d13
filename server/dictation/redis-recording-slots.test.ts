import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../test/redis.js';
import { RedisRecordingSlots, SLOT_LEASE_MS } from './redis-recording-slots.js';

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(() => redis.stop());

/** Two instances' slot stores on one Redis, one clock. */
async function instances(count = 2) {
  let now = 1_000_000;
  const prefix = `t-${randomUUID()}:`;
  const clients = Array.from({ length: count }, () => new Redis(redis.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false }));
  await Promise.all(clients.map((c) => once(c, 'ready')));
  const slots = clients.map((client) => new RedisRecordingSlots(client, { prefix, clock: () => now }));
  return {
    slots,
    clients,
    advance: (ms: number) => (now += ms),
    close: () => Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect()))),
  };
}

const settled = (client: Redis) => client.ping();

test('a user has at most `max` recordings across the instances; a release on one frees a slot on the other', async (t) => {
  const { slots: [a, b], clients, close } = await instances();
  t.after(close);
  assert.equal(await a!.claim('alice', 'a1', 2), true);
  assert.equal(await b!.claim('alice', 'b1', 2), true);
  assert.equal(await b!.claim('alice', 'b2', 2), false, 'the third of two, on either instance');
  assert.equal(await a!.claim('alice', 'a2', 2), false);
  assert.equal(await b!.claim('bob', 'b3', 2), true, 'another user counts apart');
  a!.release('alice', 'a1');
  await settled(clients[0]!);
  assert.equal(await b!.claim('alice', 'b2', 2), true);
  // Claiming a slot already held is not a second one.
  assert.equal(await b!.claim('alice', 'b2', 2), true);
});

test("an instance that stops renewing (killed) loses its slots after the lease; renewed slots stay", async (t) => {
  const { slots: [a, b], clients, advance, close } = await instances();
  t.after(close);
  assert.equal(await a!.claim('alice', 'dead', 2), true);
  assert.equal(await b!.claim('alice', 'live', 2), true);
  advance(SLOT_LEASE_MS / 2);
  b!.renew([['alice', 'live']]);
  await settled(clients[1]!);
  assert.equal(await b!.claim('alice', 'next', 2), false, 'within the lease both are held');
  advance(SLOT_LEASE_MS / 2 + 1);
  assert.equal(await b!.claim('alice', 'next', 2), true, "the dead instance's slot lapsed");
  assert.equal(await b!.claim('alice', 'more', 2), false, 'the renewed one still counts');
});

test('Redis unreachable: recordings still start, bounded by this instance\'s own count', async (t) => {
  const { slots: [a], clients, close } = await instances(1);
  t.after(close);
  clients[0]!.disconnect();
  assert.equal(await a!.claim('alice', 'x1', 1), true, 'an outage does not stop dictation');
  assert.equal(await a!.claim('alice', 'x2', 1), false, "this instance's bound holds");
  a!.release('alice', 'x1');
  assert.equal(await a!.claim('alice', 'x2', 1), true);
});
