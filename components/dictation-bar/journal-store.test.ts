import { expect } from '@open-wc/testing';
import { AudioJournal } from './audio-journal.js';
import { journalOwner, type JournalOwner } from './journal-owner.js';
import { JournalStore, MAX_AGE_MS } from './journal-store.js';

/** A user's owner, as from the server's key for them (random here: each test its own user). */
const newOwner = () => journalOwner(crypto.getRandomValues(new Uint8Array(32)), '/page');

/** Reads a whole object store straight from IndexedDB, as anyone with access to the disk could. */
async function raw(storeName: string): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('dictation-bar');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      const req = db.transaction(storeName).objectStore(storeName).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

const tone = (n: number, start = 0) => Int16Array.from({ length: n }, (_, i) => ((start + i) * 37) % 20000);
const info = (id: string) => ({ id, field: '#note', before: 'Seen today. ', offset: 12, createdAt: Date.now() });

describe('AudioJournal', () => {
  it('keeps audio by take offset, forgets what a final covered, and reads from any offset', () => {
    const journal = new AudioJournal();
    journal.append(tone(1600));
    journal.append(tone(1600, 1600));
    expect(journal.end).to.equal(3200);
    journal.forgetBefore(1000);
    expect(journal.start).to.equal(1000);
    expect(journal.samples).to.equal(2200);
    const pieces = [...journal.read(1500, 1000)];
    expect(pieces.map((p) => p.length)).to.deep.equal([1000, 700]);
    expect(Array.from(pieces[0]!.subarray(0, 3))).to.deep.equal(Array.from(tone(3, 1500)));
    journal.forgetBefore(10_000);
    expect(journal.samples).to.equal(0);
    expect(journal.start).to.equal(3200);
  });
});

describe('JournalStore', () => {
  let owner: JournalOwner;
  beforeEach(async () => {
    owner = await newOwner();
  });

  it("keeps audio and text encrypted at rest under the user's key, which the device does not keep", async () => {
    const store = (await JournalStore.open())!;
    expect(store).to.not.equal(null);
    const id = crypto.randomUUID();
    await store.saveTake(owner, info(id), 0);
    const audio = tone(4800);
    expect(await store.appendAudio(owner, id, 0, audio)).to.equal(true);
    await store.appendText(owner, '#note', 'Blood pressure is normal.', { before: 'Seen today. ', offset: 12 });

    const stores = await new Promise<string[]>((resolve) => {
      const open = indexedDB.open('dictation-bar');
      open.onsuccess = () => (resolve([...open.result.objectStoreNames]), open.result.close());
    });
    expect(stores).to.deep.equal(['chunks', 'takes', 'texts'], 'no key kept beside the data');

    const chunks = (await raw('chunks')) as { take: string; audio: { data: ArrayBuffer } }[];
    const chunk = chunks.find((c) => c.take === id)!;
    const bytes = new Uint8Array(chunk.audio.data);
    const plain = new Uint8Array(audio.buffer);
    expect(bytes.slice(0, 64)).to.not.deep.equal(plain.slice(0, 64), 'audio stored in the clear');
    // Every record as text, the bytes of its sealed parts included.
    const latin1 = (buffer: ArrayBuffer) => String.fromCharCode(...new Uint8Array(buffer));
    const records = [...(await raw('takes')), ...(await raw('texts'))] as Record<string, unknown>[];
    const everything = records
      .map((r) => JSON.stringify(r) + Object.values(r).map((v) => (v as { data?: ArrayBuffer })?.data).filter(Boolean).map((d) => latin1(d!)).join(''))
      .join('');
    expect(everything).to.not.contain('Blood pressure');
    expect(everything).to.not.contain('Seen today');
    expect(everything).to.not.contain('#note');

    // A new page (a reload) reads it back.
    const again = (await JournalStore.open())!;
    const [take] = await again.takes(owner);
    expect(take!.field).to.equal('#note');
    expect(Array.from(take!.audio.all())).to.deep.equal(Array.from(audio));
    expect(await again.texts(owner)).to.deep.equal([
      { field: '#note', text: 'Blood pressure is normal.', before: 'Seen today. ', offset: 12, utterances: [{ text: 'Blood pressure is normal.', at: 12, alternatives: [] }] },
    ]);
    // Another user on the same profile finds none of it, and nothing of theirs can be added to the take.
    const other = await newOwner();
    expect(await again.takes(other)).to.deep.equal([]);
    expect(await again.texts(other)).to.deep.equal([]);
    expect(await again.appendAudio(other, id, 4800, tone(10))).to.equal(false);
    // Nor does anyone who knows the user's entries but not their key: the seal does not open.
    const stranger = { id: owner.id, key: other.key };
    expect(await again.texts(stranger)).to.deep.equal([]);
    await again.deleteOwner(owner);
    expect(await again.takes(owner)).to.deep.equal([]);
    expect(await again.texts(owner)).to.deep.equal([]);
  });

  it('reads the first copy of each sample when audio was written again from an earlier offset', async () => {
    const store = (await JournalStore.open())!;
    const id = crypto.randomUUID();
    await store.saveTake(owner, info(id), 0);
    await store.appendAudio(owner, id, 0, tone(3000));
    await store.appendAudio(owner, id, 3000, tone(3000, 3000));
    // A write that had failed is made again from the start, with what came after.
    await store.appendAudio(owner, id, 1000, tone(8000, 1000));
    const [take] = await store.takes(owner);
    expect(take!.audio.start).to.equal(0);
    expect(Array.from(take!.audio.all())).to.deep.equal(Array.from(tone(9000)));
    await store.deleteOwner(owner);
  });

  it('forgets audio once a final covered it, and keeps only what is still owed', async () => {
    const store = (await JournalStore.open())!;
    const id = crypto.randomUUID();
    await store.saveTake(owner, info(id), 0);
    await store.appendAudio(owner, id, 0, tone(4800));
    await store.appendAudio(owner, id, 4800, tone(4800, 4800));
    await store.forgetBefore(id, 6000);
    const [take] = await store.takes(owner);
    expect(take!.audio.start).to.equal(6000);
    expect(take!.audio.samples).to.equal(3600);
    expect(Array.from(take!.audio.all().subarray(0, 4))).to.deep.equal(Array.from(tone(4, 6000)));
    await store.deleteTake(id);
    expect(await store.takes(owner)).to.deep.equal([]);
  });

  it('text dictated into one field adds up until the page confirms a save, utterance by utterance with its alternatives', async () => {
    const store = (await JournalStore.open())!;
    await store.appendText(owner, '#note', 'First.', { before: '', offset: 0 }, ['thirst']);
    await store.appendText(owner, '#note', ' Second.', { before: 'First.', offset: 6 });
    await store.appendText(owner, '#plan', 'Plan.', { before: '', offset: 0 });
    const texts = await store.texts(owner);
    expect(texts.find((t) => t.field === '#note')).to.deep.equal({
      field: '#note',
      text: 'First. Second.',
      before: '',
      offset: 0,
      utterances: [
        { text: 'First.', at: 0, alternatives: ['thirst'] },
        { text: ' Second.', at: 6, alternatives: [] },
      ],
    });
    await store.deleteTexts(owner);
    expect(await store.texts(owner)).to.deep.equal([]);
  });

  it('keeps within its size bound by deleting the oldest takes first', async () => {
    const store = (await JournalStore.open(20_000))!;
    const [older, newer] = [crypto.randomUUID(), crypto.randomUUID()];
    await store.saveTake(owner, { ...info(older), createdAt: Date.now() - 1000 }, 0);
    await store.appendAudio(owner, older, 0, tone(6000));
    await store.saveTake(owner, info(newer), 0);
    await store.appendAudio(owner, newer, 0, tone(6000));
    await store.purge();
    expect((await store.takes(owner)).map((t) => t.id)).to.deep.equal([newer]);
    await store.deleteOwner(owner);
  });

  it(`deletes what is older than ${MAX_AGE_MS / 3_600_000} hours`, async () => {
    const store = (await JournalStore.open())!;
    const id = crypto.randomUUID();
    await store.saveTake(owner, info(id), 0);
    await store.appendAudio(owner, id, 0, tone(1600));
    await store.appendText(owner, '#note', 'Old.', { before: '', offset: 0 });
    const realNow = Date.now;
    Date.now = () => realNow() + MAX_AGE_MS + 60_000;
    try {
      await store.purge();
    } finally {
      Date.now = realNow;
    }
    expect(await store.takes(owner)).to.deep.equal([]);
    expect(await store.texts(owner)).to.deep.equal([]);
  });
});
