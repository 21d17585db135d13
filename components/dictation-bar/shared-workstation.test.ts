import { expect, waitUntil } from '@open-wc/testing';
import { API, post, readyPage, sleep, waitForBar } from '../test/helpers.js';
import { fetchJournalKey, journalOwner } from './journal-owner.js';
import { JournalStore } from './journal-store.js';
import type { DictationBar } from './dictation-bar.js';

// Two clinicians on one browser profile (the demo server's `demo` and `nurse`). What the first one dictated and the
// bar kept on the device is never the second one's: not recovered, not inserted, not readable with their key; and
// it is all there when the first one logs in again.

const KEY_WORDS = /pressure.*(hundred|twenty|eighty|\d)/i;
const statusText = (bar: HTMLElement) => bar.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();

/** Every sealed part of every record, read straight from IndexedDB as anyone with the profile could. */
async function sealedParts(): Promise<{ iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer }[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('dictation-bar');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const all = (name: string) =>
    new Promise<Record<string, unknown>[]>((resolve) => {
      const req = db.transaction(name).objectStore(name).getAll();
      req.onsuccess = () => resolve(req.result as Record<string, unknown>[]);
    });
  const records = [...(await all('takes')), ...(await all('chunks')), ...(await all('texts'))];
  db.close();
  return records.flatMap((r) => [r['info'], r['audio'], r['sealed']].filter(Boolean)) as { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer }[];
}

/** The bar as a reload brings it: a new element, with nothing in memory but what the durable journal has. */
function newBar(old: DictationBar): DictationBar {
  const bar = document.createElement('dictation-bar');
  bar.setAttribute('keep-alive-interval', '0.5');
  bar.setAttribute('keep-alive-timeout', '0.5');
  old.replaceWith(bar);
  return bar;
}

describe('a shared workstation', () => {
  it("the next user gets none of the last user's kept speech; its user gets every word back at the next login", async () => {
    const { manager, bar: first } = await readyPage();
    let bar = first;
    const note = manager.querySelector('textarea')!;
    note.focus();
    const recoveries: unknown[] = [];
    manager.addEventListener('dictation-recovery', (e) => recoveries.push((e as CustomEvent).detail));

    // demo dictates; the link dies mid-sentence; the rest of what she says is kept on the device.
    await bar.startRecording();
    await waitUntil(() => /pressure/i.test(bar.partial), 'no partial', { timeout: 20000 });
    await post('/dev/silence-link', { silent: true });
    await waitForBar(bar, 'lost', 5000);
    await sleep(3000);
    await bar.stopRecording();
    expect(bar.recovery).to.equal('pending');
    const kept = await sealedParts();
    expect(kept.length, 'nothing was written to the durable journal').to.be.greaterThan(3);

    // She walks away. The page is cleared, and nurse logs in at the same browser.
    note.value = '';
    expect((await manager.login('nurse', 'nurse')).ok).to.be.true;
    await waitForBar(bar, 'ready');
    await sleep(2000);
    expect(note.value, 'text of the last user inserted').to.equal('');
    expect(bar.recovery).to.equal('none');
    expect(statusText(bar)).to.match(/^Ready to dictate/);
    // A reload: the new bar recovers only what is nurse's (nothing).
    bar = newBar(bar);
    await waitForBar(bar, 'ready');
    await sleep(2000);
    expect(note.value).to.equal('');
    expect(recoveries, "the page was offered the last user's speech").to.deep.equal([]);

    // With nurse's own key (what her session gets), none of it opens, and none of it is listed as hers.
    const nurseKey = (await fetchJournalKey(manager.session, 'nurse'))!;
    const nurse = await journalOwner(nurseKey, location.pathname);
    const store = (await JournalStore.open())!;
    expect(await store.takes(nurse)).to.deep.equal([]);
    expect(await store.texts(nurse)).to.deep.equal([]);
    const parts = await sealedParts();
    expect(parts.length).to.be.greaterThan(3);
    for (const part of parts) {
      const opened = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: part.iv }, nurse.key, part.data).then(
        () => true,
        () => false,
      );
      expect(opened, "nurse's key opened the last user's entry").to.equal(false);
    }
    // The server gives nobody else's key: the route answers for the session's own user only.
    const answer = (await (await fetch(`${API}/auth/journal-key`, { credentials: 'include' })).json()) as { key: string };
    expect(answer.key).to.equal(btoa(String.fromCharCode(...nurseKey)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));

    // nurse logs out; demo logs in again at the same page, and gets every word she said back.
    expect((await manager.logout()).ok).to.be.true;
    expect((await manager.login('demo', 'demo')).ok).to.be.true;
    await waitForBar(bar, 'ready');
    await waitUntil(() => KEY_WORDS.test(note.value), `never recovered (${bar.recovery}: ${statusText(bar)})`, { timeout: 20000 });
    await waitUntil(() => bar.recovery === 'none', 'never settled', { timeout: 20000 });
    expect(statusText(bar)).to.match(/^Recovered \d+ words?/);
    // Her kept speech, once (text inserted before the link died, which the page lost, is put back too: its own event).
    expect(recoveries.filter((r) => (r as { seconds: number }).seconds > 0).length).to.equal(1);
  }).timeout(90000);
});
