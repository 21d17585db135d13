import { AudioJournal } from './audio-journal.js';
import { ownerScopedId, seal, sealJson, unseal, unsealJson, type JournalOwner, type Sealed } from './journal-owner.js';

/**
 * The durable copy of the audio journal: what was dictated but not yet transcribed survives a reload, a crashed tab
 * and a `login-url` redirect, and is transcribed after the next login in the same browser. Beside it, the text
 * dictated into each field since the page last confirmed a save, so it can be put back if the page did not keep it.
 *
 * Stored in IndexedDB (database `dictation-bar`), each user's entries sealed with AES-GCM under that user's key, which
 * only the user's live session gets from the server ({@link JournalOwner}); the device keeps no key. Entries name
 * their owner by an id derived from that key, so the database names no user either. Bounds: {@link MAX_AGE_MS} and
 * {@link MAX_STORED_BYTES}, whoever the entries belong to; the oldest takes go first. Nothing here throws at the
 * caller: without IndexedDB or WebCrypto the store is simply unavailable.
 */

/** Takes older than this are deleted unread: a session never lasts longer (12 h absolute timeout). */
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** All takes together; the oldest are deleted first beyond it (about 17 minutes of audio). */
export const MAX_STORED_BYTES = 32 * 1024 * 1024;

const DB_NAME = 'dictation-bar';
/** 2: per-user keys from the server; version 1 kept one device key beside the data (its entries are deleted). */
const DB_VERSION = 2;

/** What is known about a take besides its audio. Encrypted at rest, except the ids and times. */
export interface TakeInfo {
  id: string;
  /** Where the text goes: the field's id, name or the bar's `target` selector. */
  field: string;
  /** The text just before the place where the next words go, to find that place again after a reload. */
  before: string;
  /** The caret offset at that time (used when `before` is no longer found). */
  offset: number;
  createdAt: number;
}

export interface StoredTake extends TakeInfo {
  audio: AudioJournal;
}

/** Text dictated into a field that the page has not confirmed as saved. */
export interface UnsavedText {
  field: string;
  text: string;
  /** The text just before where the first of it went, and its offset. */
  before: string;
  offset: number;
  /** Each utterance of it, where it went and the recognizer's alternatives: for corrections after a reload. */
  utterances?: KeptUtterance[];
}

export interface KeptUtterance {
  text: string;
  at: number;
  alternatives: readonly string[];
}

interface TextRecord {
  key: string;
  owner: string;
  updatedAt: number;
  sealed: Sealed;
}

interface TakeRecord {
  id: string;
  owner: string;
  createdAt: number;
  updatedAt: number;
  bytes: number;
  /** Offset of the first sample not yet transcribed: chunks before it are obsolete. */
  start: number;
  info: Sealed;
}

interface ChunkRecord {
  take: string;
  start: number;
  length: number;
  audio: Sealed;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

export class JournalStore {
  /** Serialises every operation, so appends, trims and deletes land in the order they were asked for. */
  #queue: Promise<unknown> = Promise.resolve();

  readonly #db: IDBDatabase;
  readonly #maxBytes: number;

  private constructor(db: IDBDatabase, maxBytes: number) {
    this.#db = db;
    this.#maxBytes = maxBytes;
  }

  /** Opens (or creates) the store; null where IndexedDB or WebCrypto is unavailable (e.g. a non-secure page). */
  static async open(maxBytes = MAX_STORED_BYTES): Promise<JournalStore | null> {
    try {
      if (typeof indexedDB === 'undefined' || !crypto?.subtle) return null;
      const open = indexedDB.open(DB_NAME, DB_VERSION);
      open.onupgradeneeded = () => {
        const db = open.result;
        // From version 1: its entries were sealed under a key any script of the origin could use. Gone, with it.
        for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name);
        db.createObjectStore('takes', { keyPath: 'id' }).createIndex('owner', 'owner');
        db.createObjectStore('chunks', { keyPath: ['take', 'start'] }).createIndex('take', 'take');
        db.createObjectStore('texts', { keyPath: 'key' }).createIndex('owner', 'owner');
      };
      const db = await request(open);
      // Another page deleting or upgrading the database goes first: this connection steps aside.
      db.onversionchange = () => db.close();
      const store = new JournalStore(db, maxBytes);
      void store.purge();
      return store;
    } catch {
      return null;
    }
  }

  /** Creates or updates a take's record (its place in the field). */
  saveTake(owner: JournalOwner, info: TakeInfo, start: number): Promise<void> {
    return this.#run(async () => {
      const sealedInfo = await sealJson(owner, info);
      const tx = this.#db.transaction('takes', 'readwrite');
      const takes = tx.objectStore('takes');
      const old = (await request(takes.get(info.id))) as TakeRecord | undefined;
      takes.put({
        id: info.id,
        owner: owner.id,
        createdAt: info.createdAt,
        updatedAt: Date.now(),
        bytes: old?.bytes ?? 0,
        start: Math.max(start, old?.start ?? 0),
        info: sealedInfo,
      } satisfies TakeRecord);
      await done(tx);
    });
  }

  /** Adds captured audio starting at take offset `start`; false when the take has no record (of this owner). */
  appendAudio(owner: JournalOwner, takeId: string, start: number, pcm: Int16Array): Promise<boolean> {
    if (pcm.length === 0) return Promise.resolve(true);
    return this.#run(async () => {
      const audio = await seal(owner, new Uint8Array(pcm.slice().buffer));
      const tx = this.#db.transaction(['takes', 'chunks'], 'readwrite');
      const takes = tx.objectStore('takes');
      const take = (await request(takes.get(takeId))) as TakeRecord | undefined;
      if (take?.owner !== owner.id) {
        tx.abort();
        return false;
      }
      tx.objectStore('chunks').put({ take: takeId, start, length: pcm.length, audio } satisfies ChunkRecord);
      takes.put({ ...take, bytes: take.bytes + pcm.byteLength, updatedAt: Date.now() });
      await done(tx);
      return true;
    }).finally(() => this.#enforceBudget());
  }

  /** The server delivered the text of everything before `offset`: that audio is deleted. */
  forgetBefore(takeId: string, offset: number): Promise<void> {
    return this.#run(async () => {
      const tx = this.#db.transaction(['takes', 'chunks'], 'readwrite');
      const takes = tx.objectStore('takes');
      const take = (await request(takes.get(takeId))) as TakeRecord | undefined;
      if (!take) return;
      const chunks = tx.objectStore('chunks');
      const range = IDBKeyRange.bound([takeId, 0], [takeId, offset], false, true);
      let freed = 0;
      for (const chunk of (await request(chunks.getAll(range))) as ChunkRecord[]) {
        if (chunk.start + chunk.length > offset) continue; // partly needed still
        chunks.delete([takeId, chunk.start]);
        freed += chunk.length * 2;
      }
      takes.put({ ...take, start: Math.max(take.start, offset), bytes: Math.max(0, take.bytes - freed), updatedAt: Date.now() });
      await done(tx);
    });
  }

  deleteTake(takeId: string): Promise<void> {
    return this.#run(() => this.#delete([takeId]));
  }

  /** Every take of `owner`, oldest first, with its audio from the first sample not yet transcribed. */
  takes(owner: JournalOwner): Promise<StoredTake[]> {
    return this.#run(async () => {
      // Read everything first: a transaction closes as soon as it waits on anything but itself (the decryption).
      const tx = this.#db.transaction(['takes', 'chunks']);
      const records = (await request(tx.objectStore('takes').index('owner').getAll(owner.id))) as TakeRecord[];
      const read: { record: TakeRecord; chunks: ChunkRecord[] }[] = [];
      for (const record of records.sort((a, b) => a.createdAt - b.createdAt)) {
        const chunks = (await request(tx.objectStore('chunks').index('take').getAll(record.id))) as ChunkRecord[];
        read.push({ record, chunks: chunks.sort((a, b) => a.start - b.start) });
      }
      const out: StoredTake[] = [];
      for (const { record, chunks } of read) {
        try {
          const info = await unsealJson<TakeInfo>(owner, record.info);
          const audio = new AudioJournal(chunks[0]?.start ?? record.start);
          for (const chunk of chunks) {
            if (chunk.start > audio.end) break; // a gap: what follows cannot be placed
            if (chunk.start + chunk.length <= audio.end) continue; // written again later: its samples are in already
            audio.append(new Int16Array(await unseal(owner, chunk.audio)).subarray(audio.end - chunk.start));
          }
          audio.forgetBefore(record.start);
          out.push({ ...info, audio });
        } catch {
          // Sealed under a key the server no longer gives (its secret was rotated): unreadable, so deleted.
          await this.#delete([record.id]);
        }
      }
      return out;
    });
  }

  /** Adds `text` to what was dictated into `field` since the last confirmed save. */
  appendText(owner: JournalOwner, field: string, text: string, anchor: { before: string; offset: number }, alternatives: readonly string[] = []): Promise<void> {
    return this.#run(async () => {
      const key = await ownerScopedId(owner, field);
      const old = (await request(this.#db.transaction('texts').objectStore('texts').get(key))) as TextRecord | undefined;
      const previous = old ? await unsealJson<UnsavedText>(owner, old.sealed).catch(() => null) : null;
      const utterance = { text, at: anchor.offset, alternatives };
      const value: UnsavedText = previous
        ? { ...previous, text: previous.text + text, utterances: [...(previous.utterances ?? []), utterance].slice(-100) }
        : { field, text, before: anchor.before, offset: anchor.offset, utterances: [utterance] };
      const sealed = await sealJson(owner, value);
      const tx = this.#db.transaction('texts', 'readwrite');
      tx.objectStore('texts').put({ key, owner: owner.id, updatedAt: Date.now(), sealed } satisfies TextRecord);
      await done(tx);
    });
  }

  /** What `owner` dictated that no save has confirmed, field by field. */
  texts(owner: JournalOwner): Promise<UnsavedText[]> {
    return this.#run(async () => {
      const records = (await request(this.#db.transaction('texts').objectStore('texts').index('owner').getAll(owner.id))) as TextRecord[];
      const out: UnsavedText[] = [];
      for (const record of records) {
        try {
          out.push(await unsealJson<UnsavedText>(owner, record.sealed));
        } catch {
          /* unreadable (the key is gone): dropped with the others when the page confirms a save */
        }
      }
      return out;
    });
  }

  /** The page saved its work: the dictated text is safe with it. */
  deleteTexts(owner: JournalOwner): Promise<void> {
    return this.#run(async () => {
      const tx = this.#db.transaction('texts', 'readwrite');
      const keys = await request(tx.objectStore('texts').index('owner').getAllKeys(owner.id));
      for (const key of keys) tx.objectStore('texts').delete(key);
      await done(tx);
    });
  }

  /** Deletes every take and text of `owner` (an explicit logout after saves succeeded). */
  deleteOwner(owner: JournalOwner): Promise<void> {
    return this.#run(async () => {
      const ids = (await request(this.#db.transaction('takes').objectStore('takes').index('owner').getAllKeys(owner.id))) as string[];
      await this.#delete(ids);
    }).then(() => this.deleteTexts(owner));
  }

  /** Deletes takes past {@link MAX_AGE_MS}, and the oldest beyond the size bound ({@link MAX_STORED_BYTES}). */
  purge(): Promise<void> {
    return this.#run(async () => {
      const now = Date.now();
      const texts = this.#db.transaction('texts', 'readwrite');
      texts.objectStore('texts').openCursor().onsuccess = function () {
        const cursor = this.result;
        if (!cursor) return;
        if (now - (cursor.value as TextRecord).updatedAt > MAX_AGE_MS) cursor.delete();
        cursor.continue();
      };
      await done(texts);
      const records = (await request(this.#db.transaction('takes').objectStore('takes').getAll())) as TakeRecord[];
      const doomed = records.filter((r) => now - r.updatedAt > MAX_AGE_MS).map((r) => r.id);
      let total = 0;
      for (const record of records.filter((r) => !doomed.includes(r.id)).sort((a, b) => b.createdAt - a.createdAt)) {
        total += record.bytes;
        if (total > this.#maxBytes) doomed.push(record.id);
      }
      if (doomed.length) await this.#delete(doomed);
    });
  }

  #budgetCheck = 0;
  #enforceBudget(): Promise<void> {
    // Every ~30 s of audio appended is enough to hold the bound.
    return ++this.#budgetCheck % 30 === 0 ? this.purge() : Promise.resolve();
  }

  async #delete(ids: string[]): Promise<void> {
    const tx = this.#db.transaction(['takes', 'chunks'], 'readwrite');
    for (const id of ids) {
      tx.objectStore('takes').delete(id);
      tx.objectStore('chunks').delete(IDBKeyRange.bound([id, 0], [id, Infinity]));
    }
    await done(tx);
  }

  #run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation, operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
