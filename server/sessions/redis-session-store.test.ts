import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EndReason } from '../../protocol/index.js';
import { randomUUID } from 'node:crypto';
import { RedisSessionStore } from './redis-session-store.js';
import { StoreUnavailableError } from '../errors.js';
import { sessionStoreContract } from './session-store.contract.js';
import { startRedis, type TestRedis } from '../test/redis.js';

let redis: TestRedis;
const stores: RedisSessionStore[] = [];
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await Promise.all(stores.map((s) => s.disconnect()));
  await redis.stop();
});

// Two connections with one prefix: what two server instances see.
sessionStoreContract('redis store', async () => {
  const prefix = `test-${randomUUID()}:`;
  const store = await RedisSessionStore.connect({ url: redis.url, prefix });
  const other = await RedisSessionStore.connect({ url: redis.url, prefix });
  stores.push(store, other);
  return { store, other };
});

const T0 = Date.parse('2026-01-01T08:00:00.000Z');
const record = (user: string) => ({
  id: randomUUID(),
  user,
  createdAt: T0,
  lastActivityAt: T0,
  expiresAt: T0 + 3_600_000,
  absoluteExpiresAt: T0 + 43_200_000,
});

async function pair(options: { instanceTimeoutMs?: number } = {}) {
  const prefix = `test-${randomUUID()}:`;
  const a = await RedisSessionStore.connect({ url: redis.url, prefix, ...options });
  const b = await RedisSessionStore.connect({ url: redis.url, prefix, ...options });
  stores.push(a, b);
  return [a, b] as const;
}

test('an end is announced to the other instances (not back to the one that ended it), within a second', async () => {
  const [a, b] = await pair();
  const heardByA: string[] = [];
  const heardByB = new Promise<{ id: string; reason: string }>((resolve) => b.onEndedElsewhere(resolve));
  a.onEndedElsewhere((e) => heardByA.push(e.id));
  const alice = record('alice');
  await a.create(alice, T0);
  const started = performance.now();
  await a.end(alice.id, EndReason.LoggedOut, T0);
  const heard = await heardByB;
  assert.deepEqual({ id: heard.id, reason: heard.reason }, { id: alice.id, reason: 'LOGGED_OUT' });
  assert.ok(performance.now() - started < 1000);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(heardByA, []);
});

test('an instance that stops beating is given up: its sessions wait out the grace and end CONNECTION_LOST', async () => {
  const [a, b] = await pair({ instanceTimeoutMs: 10_000 });
  const alice = record('alice');
  const bob = record('bob');
  await a.create(alice, T0);
  await a.create(bob, T0);
  assert.equal(await a.heartbeat('dead', T0), false, 'a new instance is "not known yet"');
  await a.heartbeat('alive', T0);
  await a.setPresence(alice.id, 'dead', true, T0, { graceMs: 5000, cause: EndReason.PageLeft });
  await a.setPresence(bob.id, 'dead', true, T0, { graceMs: 5000, cause: EndReason.PageLeft });
  await a.setPresence(bob.id, 'alive', true, T0, { graceMs: 5000, cause: EndReason.PageLeft });
  assert.equal(await b.heartbeat('alive', T0 + 10_000), true);
  assert.deepEqual(await b.endDue(T0 + 10_000, 100, 5000), []);
  assert.equal((await b.get(alice.id))?.detached, undefined, 'at the limit, not yet given up');
  assert.deepEqual(await b.endDue(T0 + 10_001, 100, 5000), []);
  assert.deepEqual((await b.get(alice.id))?.detached, { at: T0 + 10_001, until: T0 + 15_001, cause: 'CONNECTION_LOST' });
  assert.equal((await b.get(bob.id))?.detached, undefined, 'still held by a live instance');
  assert.deepEqual(await b.endDue(T0 + 15_001, 100, 5000), [{ id: alice.id, user: 'alice', reason: 'CONNECTION_LOST' }]);
  // The instance was only cut off: its next beat says it was given up, so it tells its sockets again.
  assert.equal(await a.heartbeat('dead', T0 + 16_000), false);
});

test('Redis down: calls fail at once with SESSION_STORE_UNAVAILABLE (503); when it is back the store reconnects and says so', async () => {
  const own = await startRedis();
  try {
    const store = await RedisSessionStore.connect({ url: own.url, prefix: 'x:' });
    stores.push(store);
    let reconnected = 0;
    store.onReconnected(() => reconnected++);
    await store.create(record('alice'), T0);
    await own.kill();
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    await assert.rejects(store.get('anything'), (err: unknown) => {
      assert.ok(err instanceof StoreUnavailableError);
      assert.equal(err.statusCode, 503);
      assert.equal(err.code, 'SESSION_STORE_UNAVAILABLE');
      return true;
    });
    assert.ok(performance.now() - started < 500, 'fails fast, does not hang');
    await own.start();
    for (let i = 0; i < 50 && reconnected === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(reconnected > 0);
    assert.equal(await store.get('anything'), undefined);
  } finally {
    await own.stop();
  }
});
