import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EndReason } from '../../protocol/index.js';
import { DueQueue } from './due-queue.js';
import { MemorySessionStore } from './memory-session-store.js';
import { sessionStoreContract } from './session-store.contract.js';

sessionStoreContract('memory store', async () => ({ store: new MemorySessionStore() }));

test('due queue: ids come out in time order, each once; moving one earlier makes its old entry stale', () => {
  const queue = new DueQueue();
  for (const [id, at] of [['c', 30], ['a', 10], ['d', 40], ['b', 20]] as const) queue.scheduleBy(id, at);
  queue.scheduleBy('d', 5);
  queue.scheduleBy('a', 50); // later: no effect until its entry comes out
  const out: string[] = [];
  let id: string | undefined;
  while ((id = queue.takeDue(100)) !== undefined) out.push(id);
  assert.deepEqual(out, ['d', 'a', 'b', 'c']);
  assert.equal(queue.size, 0);
  assert.equal(queue.takeDue(1000), undefined);
});

test('memory store: a sweep with nothing due does not walk the sessions (10,000 live, 10,000 ended)', async () => {
  const store = new MemorySessionStore();
  const now = Date.parse('2026-01-01T08:00:00.000Z');
  for (let i = 0; i < 20_000; i++) {
    const id = `s${i}`;
    await store.create({ id, user: `u${i}`, createdAt: now, lastActivityAt: now, expiresAt: now + 3_600_000, absoluteExpiresAt: now + 43_200_000 }, now);
    if (i % 2) await store.end(id, EndReason.LoggedOut, now);
  }
  // Counts every Map read and walk while endDue runs: with nothing due, there must be none.
  let reads = 0;
  const methods = ['get', 'has', 'values', 'keys', 'entries', 'forEach', Symbol.iterator] as const;
  const originals = methods.map((m) => Map.prototype[m as 'get']);
  methods.forEach((m, i) => {
    (Map.prototype as unknown as Record<PropertyKey, unknown>)[m] = function (this: Map<unknown, unknown>, ...args: unknown[]) {
      reads++;
      return (originals[i] as (...a: unknown[]) => unknown).apply(this, args);
    };
  });
  try {
    assert.deepEqual(await store.endDue(now + 60_000, 500, 5000), []);
  } finally {
    methods.forEach((m, i) => ((Map.prototype as unknown as Record<PropertyKey, unknown>)[m] = originals[i]));
  }
  assert.equal(reads, 0);
  assert.equal((await store.endDue(now + 3_600_000, 20_000, 5000)).length, 10_000);
});
