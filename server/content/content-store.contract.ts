import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContentLimitError, type ContentStore, type Owner } from './content-store.js';

const LIMITS = { words: 3, autoTexts: 2 };
const ana: Owner = { kind: 'user', id: 'ana' };
const ben: Owner = { kind: 'user', id: 'ben' };
const cardiology: Owner = { kind: 'team', id: 'cardiology' };
const strip = <T extends { updatedAt: number }>(list: T[]) => list.map(({ updatedAt, ...rest }) => (assert.ok(updatedAt > 0), rest));

/**
 * What every content store must do, run against each (SQLite, PostgreSQL) by its own test file. `open` gives a store
 * on an empty database; `reopen` a new store on the same database (a restart, or another instance).
 */
export function contentStoreContract(name: string, open: () => Promise<ContentStore>, reopen: () => Promise<ContentStore>): void {
  test(`${name}: words and phrases per owner, added, replaced, deleted, kept across a restart`, async () => {
    const store = await open();
    await store.putWord(ana, { phrase: 'statin' }, LIMITS);
    await store.putWord(ana, { phrase: 'apixaban', phones: 'AH P IH K S AH B AE N' }, LIMITS);
    await store.putWord(ana, { phrase: 'statin', soundsLike: 'stat in' }, LIMITS);
    await store.putWord(cardiology, { phrase: "o'brien's sign" }, LIMITS);
    assert.deepEqual(strip(await store.words(ana)), [{ phrase: 'apixaban', phones: 'AH P IH K S AH B AE N' }, { phrase: 'statin', soundsLike: 'stat in' }]);
    assert.deepEqual(strip(await store.words(ben)), [], "another user's list is not hers");
    assert.deepEqual(strip(await store.words(cardiology)), [{ phrase: "o'brien's sign" }]);
    assert.equal(await store.deleteWord(ana, 'apixaban'), true);
    assert.equal(await store.deleteWord(ana, 'apixaban'), false);
    await store.close();
    const again = await reopen();
    assert.deepEqual(strip(await again.words(ana)), [{ phrase: 'statin', soundsLike: 'stat in' }]);
    await again.close();
  });

  test(`${name}: a put past the owner's limit is refused and changes nothing; replacing an entry is not adding one`, async () => {
    const store = await open();
    for (const phrase of ['one', 'two', 'three']) await store.putWord(ana, { phrase }, LIMITS);
    await assert.rejects(store.putWord(ana, { phrase: 'four' }, LIMITS), ContentLimitError);
    await store.putWord(ana, { phrase: 'two', soundsLike: 'too' }, LIMITS);
    assert.deepEqual((await store.words(ana)).map((w) => w.phrase), ['one', 'three', 'two']);
    await store.putWord(ben, { phrase: 'four' }, LIMITS); // another owner has their own count
    await store.putAutoText(ana, 'normal chest exam', 'Chest [clear|wheeze].', LIMITS);
    await store.putAutoText(ana, 'plan', 'Plan: [ ]', LIMITS);
    await assert.rejects(store.putAutoText(ana, 'third', 'x', LIMITS), ContentLimitError);
    // Two at once for the last place: exactly one gets it.
    await store.deleteWord(ana, 'three');
    const results = await Promise.allSettled([store.putWord(ana, { phrase: 'five' }, LIMITS), store.putWord(ana, { phrase: 'six' }, LIMITS)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.equal((await store.words(ana)).length, 3);
    await store.close();
  });

  test(`${name}: an import replaces the whole list, or changes nothing when it is over the limit`, async () => {
    const store = await open();
    await store.putWord(ana, { phrase: 'old' }, LIMITS);
    await store.replaceWords(ana, [{ phrase: 'alpha' }, { phrase: 'beta', soundsLike: 'bay ta' }], LIMITS);
    assert.deepEqual(strip(await store.words(ana)), [{ phrase: 'alpha' }, { phrase: 'beta', soundsLike: 'bay ta' }]);
    await assert.rejects(store.replaceWords(ana, ['a', 'b', 'c', 'd'].map((phrase) => ({ phrase })), LIMITS), ContentLimitError);
    assert.deepEqual((await store.words(ana)).map((w) => w.phrase), ['alpha', 'beta']);
    await store.close();
  });

  test(`${name}: auto-texts per owner, by name, replaced and deleted`, async () => {
    const store = await open();
    await store.putAutoText(ana, 'normal chest exam', 'Chest [clear|wheeze] bilaterally.', LIMITS);
    await store.putAutoText(cardiology, 'normal chest exam', 'Chest clear. Heart [regular].', LIMITS);
    await store.putAutoText(ana, 'normal chest exam', 'Chest [clear|wheeze|crackles] bilaterally.', LIMITS);
    assert.deepEqual(strip(await store.autoTexts(ana)), [{ name: 'normal chest exam', body: 'Chest [clear|wheeze|crackles] bilaterally.' }]);
    assert.deepEqual(strip(await store.autoTexts(cardiology)), [{ name: 'normal chest exam', body: 'Chest clear. Heart [regular].' }]);
    assert.equal(await store.deleteAutoText(ana, 'normal chest exam'), true);
    assert.deepEqual(await store.autoTexts(ana), []);
    assert.equal(await store.deleteAutoText(ana, 'normal chest exam'), false);
    await store.close();
  });

  test(`${name}: every change to an owner's lists changes the revision, seen by another instance; a failed write does not`, async () => {
    const store = await open();
    const other = await reopen();
    const owners = [ana, cardiology];
    const seen = new Set([await store.revision(owners)]);
    const changes: (() => Promise<unknown>)[] = [
      () => store.putWord(ana, { phrase: 'statin' }, LIMITS),
      () => store.putWord(cardiology, { phrase: 'troponin' }, LIMITS),
      () => store.replaceWords(ana, [{ phrase: 'alpha' }], LIMITS),
      () => store.deleteWord(ana, 'alpha'),
      () => store.putAutoText(ana, 'plan', 'Plan: [ ]', LIMITS),
      () => store.deleteAutoText(ana, 'plan'),
    ];
    for (const change of changes) {
      await change();
      const revision = await other.revision(owners);
      assert.ok(!seen.has(revision), `a change left the revision at ${revision}`);
      seen.add(revision);
    }
    const before = await other.revision(owners);
    assert.equal(await store.deleteWord(ana, 'nothing'), false);
    await assert.rejects(store.replaceWords(ana, ['a', 'b', 'c', 'd'].map((phrase) => ({ phrase })), LIMITS), ContentLimitError);
    await store.putWord(ben, { phrase: 'other' }, LIMITS);
    assert.equal(await other.revision(owners), before, "nothing of theirs changed (ben's list is not theirs)");
    await store.close();
    await other.close();
  });
}
