import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EndReason } from '../../protocol/index.js';
import type { ExpiryControl } from './expiry-control.js';
import type { SessionRecord, SessionStore } from './session-store.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-01T08:00:00.000Z');
const GRACE = { graceMs: 5000, cause: EndReason.PageLeft } as const;

let n = 0;
function session(user: string, now = T0): SessionRecord {
  return {
    id: `s${++n}-${Math.random().toString(36).slice(2)}`,
    user,
    createdAt: now,
    lastActivityAt: now,
    expiresAt: now + 60 * MINUTE,
    absoluteExpiresAt: now + 12 * 60 * MINUTE,
  };
}

/**
 * What every session store promises (see SessionStore), run against each implementation. `fresh` gives an empty
 * store (and `other`, when given, a second handle on the same shared data, as another instance would have).
 */
export function sessionStoreContract(
  name: string,
  fresh: () => Promise<{ store: SessionStore & ExpiryControl; other?: SessionStore & ExpiryControl }>,
  options: { skip?: string | false } = {},
): void {
  type Store = SessionStore & ExpiryControl;
  const it = (title: string, fn: (store: Store, other: Store) => Promise<void>) =>
    test(`${name}: ${title}`, { skip: options.skip ?? false }, async () => {
      const { store, other } = await fresh();
      await fn(store, other ?? store);
    });

  it('a login ends the user’s other live sessions in the same step, and says which', async (store, other) => {
    const a = session('alice');
    const b = session('alice');
    const bob = session('bob');
    assert.deepEqual(await store.create(a, T0), []);
    assert.deepEqual(await store.create(bob, T0), []);
    assert.deepEqual(await other.create(b, T0 + 1), [{ id: a.id, user: 'alice', reason: 'SESSION_REPLACED' }]);
    assert.deepEqual((await store.get(a.id))?.ended, { reason: 'SESSION_REPLACED', at: T0 + 1 });
    assert.equal((await store.get(b.id))?.ended, undefined);
    assert.equal((await store.get(bob.id))?.ended, undefined);
  });

  it('a session ends once: the second end, from any instance, is a no-op', async (store, other) => {
    const a = session('alice');
    await store.create(a, T0);
    const [first, second] = await Promise.all([store.end(a.id, EndReason.LoggedOut, T0), other.end(a.id, EndReason.Expired, T0)]);
    assert.deepEqual([first, second].filter(Boolean), [{ id: a.id, user: 'alice', reason: 'LOGGED_OUT' }]);
    assert.equal((await store.get(a.id))?.ended?.reason, 'LOGGED_OUT');
    assert.equal(await store.end('never-issued', EndReason.LoggedOut, T0), undefined);
  });

  it('activity slides the expiry, an extension sets it from now and never stacks, the absolute timeout caps both; nothing revives an ended one', async (store, other) => {
    const a = session('alice');
    await store.create(a, T0);
    const touched = await store.slide(a.id, T0 + 10 * MINUTE, 60 * MINUTE, 0);
    assert.equal(touched?.expiresAt, T0 + 70 * MINUTE);
    assert.equal(touched?.lastActivityAt, T0 + 10 * MINUTE);
    // An extension shorter than what is left changes nothing; a longer one sets the expiry from now.
    assert.equal((await store.slide(a.id, T0 + 10 * MINUTE, 60 * MINUTE, 30 * MINUTE))?.expiresAt, T0 + 70 * MINUTE);
    // Two extensions at once from two instances, then a third: 24 presses never make an idle session last 12 h.
    await Promise.all([store.slide(a.id, T0 + 10 * MINUTE, 60 * MINUTE, 90 * MINUTE), other.slide(a.id, T0 + 10 * MINUTE, 60 * MINUTE, 90 * MINUTE)]);
    assert.equal((await store.get(a.id))?.expiresAt, T0 + 100 * MINUTE);
    assert.equal((await store.slide(a.id, T0 + 11 * MINUTE, 60 * MINUTE, 90 * MINUTE))?.expiresAt, T0 + 101 * MINUTE);
    const capped = await store.slide(a.id, T0 + 11 * 60 * MINUTE + 59 * MINUTE, 60 * MINUTE, 30 * MINUTE);
    assert.equal(capped?.expiresAt, a.absoluteExpiresAt);
    await store.end(a.id, EndReason.LoggedOut, T0 + 20 * MINUTE);
    assert.equal(await store.slide(a.id, T0 + 21 * MINUTE, 60 * MINUTE, 30 * MINUTE), undefined);
    assert.equal(await store.setExpiry(a.id, T0, false, T0 + 21 * MINUTE), undefined);
  });

  it('expiry: due sessions end once, by one caller, with SESSION_EXPIRED; a slid one is not ended at its old time', async (store, other) => {
    const a = session('alice');
    const b = session('bob');
    await store.create(a, T0);
    await store.create(b, T0);
    await store.slide(b.id, T0 + 30 * MINUTE, 60 * MINUTE, 0);
    assert.deepEqual(await store.endDue(T0 + 59 * MINUTE, 100, 5000), []);
    const [one, two] = await Promise.all([store.endDue(T0 + 60 * MINUTE, 100, 5000), other.endDue(T0 + 60 * MINUTE, 100, 5000)]);
    assert.deepEqual([...one, ...two], [{ id: a.id, user: 'alice', reason: 'SESSION_EXPIRED' }]);
    assert.equal((await store.get(b.id))?.ended, undefined);
    assert.deepEqual(await store.endDue(T0 + 90 * MINUTE, 100, 5000), [{ id: b.id, user: 'bob', reason: 'SESSION_EXPIRED' }]);
  });

  it('endDue takes at most `limit` a call; the rest come with the next', async (store) => {
    const sessions = ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => session(u));
    for (const s of sessions) await store.create(s, T0);
    const first = await store.endDue(T0 + 60 * MINUTE, 3, 5000);
    const second = await store.endDue(T0 + 60 * MINUTE, 3, 5000);
    assert.equal(first.length, 3);
    assert.equal(second.length, 2);
    assert.deepEqual(new Set([...first, ...second].map((e) => e.id)), new Set(sessions.map((s) => s.id)));
  });

  it('an ended session is kept (with its reason) until its absolute timeout, then forgotten', async (store) => {
    const a = session('alice');
    await store.create(a, T0);
    await store.end(a.id, EndReason.LoggedOut, T0 + MINUTE);
    await store.endDue(T0 + 11 * 60 * MINUTE, 100, 5000);
    assert.equal((await store.get(a.id))?.ended?.reason, 'LOGGED_OUT');
    await store.endDue(a.absoluteExpiresAt, 100, 5000);
    assert.equal(await store.get(a.id), undefined);
  });

  it('the socket grace: no socket on any instance for the grace ends the session with the cause; one back in time keeps it', async (store, other) => {
    const a = session('alice');
    const b = session('bob');
    await store.create(a, T0);
    await store.create(b, T0);
    await store.setPresence(a.id, 'i1', true, T0, GRACE);
    await store.setPresence(b.id, 'i1', true, T0, GRACE);
    // alice's page reloads onto another instance within the grace; bob's page is gone.
    await store.setPresence(a.id, 'i1', false, T0 + 1000, GRACE);
    await store.setPresence(b.id, 'i1', false, T0 + 1000, { graceMs: 5000, cause: EndReason.KeepAliveTimeout });
    assert.deepEqual((await store.get(b.id))?.detached, { at: T0 + 1000, until: T0 + 6000, cause: 'KEEPALIVE_TIMEOUT' });
    await other.setPresence(a.id, 'i2', true, T0 + 3000, GRACE);
    assert.equal((await store.get(a.id))?.detached, undefined);
    assert.deepEqual(await store.endDue(T0 + 5999, 100, 5000), []);
    assert.deepEqual(await store.endDue(T0 + 6000, 100, 5000), [{ id: b.id, user: 'bob', reason: 'KEEPALIVE_TIMEOUT' }]);
    assert.deepEqual(await store.endDue(T0 + 60_000, 100, 5000), []);
  });

  it('a session held on two instances is not detached while either holds a socket', async (store, other) => {
    const a = session('alice');
    await store.create(a, T0);
    await store.setPresence(a.id, 'i1', true, T0, GRACE);
    await other.setPresence(a.id, 'i2', true, T0, GRACE);
    await store.setPresence(a.id, 'i1', false, T0 + 1000, GRACE);
    assert.equal((await store.get(a.id))?.detached, undefined);
    await other.setPresence(a.id, 'i2', false, T0 + 2000, GRACE);
    assert.deepEqual((await store.get(a.id))?.detached, { at: T0 + 2000, until: T0 + 7000, cause: EndReason.PageLeft });
  });
}
