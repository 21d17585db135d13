import { AudioJournal } from './audio-journal.js';

/**
 * The durable copy of the audio journal: what was dictated but not yet transcribed survives a reload, a crashed tab
 * and a `login-url` redirect, and is transcribed after the next login in the same browser. Beside it, the text
 * dictated into each field since the page last confirmed a save, so it can be put back if the page did not keep it.
 *
 * Stored in IndexedDB (database `dictation-bar`), encrypted with AES-GCM under a key that WebCrypto generated as
 * non-extractable (script can use it, never read it out). A take's owner is a SHA-256 of user and page, so the
 * database names no user in the clear. Bounds: {@link MAX_AGE_MS} and {@link MAX_STORED_BYTES}; the oldest takes
 * go first. Nothing here throws at the caller: without IndexedDB or WebCrypto the store is simply unavailable.
 */

/** Takes older than this are deleted unread: a session never lasts longer (12 h absolute timeout). */
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** All takes together; the oldest are deleted first beyond it (about 17 minutes of audio). */
export const MAX_STORED_BYTES = 32 * 1024 * 1024;

const DB_NAME = 'dictation-bar';
const KEY_NAME = 'journal-key';

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

interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
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

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class JournalStore {
  /** Serialises every operation, so appends, trims and deletes land in the order they were asked for. */
  #queue: Promise<unknown> = Promise.resolve();

  readonly #db: IDBDatabase;
  readonly #key: CryptoKey;
  readonly #maxBytes: number;


  private constructor(
    db: IDBDatabase,
    key: CryptoKey,
    maxBytes: number,
  ) {
    this.#db = db;
    this.#key = key;
    this.#maxBytes = maxBytes;}

  /** Opens (or creates) the store; null where IndexedDB or WebCrypto is unavailable (e.g. a non-secure page). */
  static async open(maxBytes = MAX_STORED_BYTES): Promise<JournalStore | null> {
    try {
      if (typeof indexedDB === 'undefined' || !crypto?.subtle) return null;
      const open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = () => {
        const db = open.result;
        db.createObjectStore('keys');
        db.createObjectStore('takes', { keyPath: 'id' }).createIndex('owner', 'owner');
        db.createObjectStore('chunks', { keyPath: ['take', 'start'] }).createIndex('take', 'take');
        db.createObjectStore('texts', { keyPath: 'key' }).createIndex('owner', 'owner');
      };
      const db = await request(open);
      // Another page deleting or upgrading the database goes first: this connection steps aside.
      db.onversionchange = () => db.close();
      let key = (await request(db.transaction('keys').objectStore('keys').get(KEY_NAME))) as CryptoKey | undefined;
      if (!key) {
        key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
        const tx = db.transaction('keys', 'readwrite');
        // Another tab may have stored one meanwhile: keep the first.
        const existing = (await request(tx.objectStore('keys').get(KEY_NAME))) as CryptoKey | undefined;
        if (existing) key = existing;
        else tx.objectStore('keys').put(key, KEY_NAME);
        await done(tx);
      }
      const store = new JournalStore(db, key, maxBytes);
      void store.purge();
      return store;
    } catch {
      return null;
    }
  }

  /** The key under which one user's takes on one page are stored. */
  static owner(user: string, page: string): Promise<string> {
    return sha256(`${user}\u0000${page}`);
  }

  /** Creates or updates a take's record (its place in the field). */
  saveTake(owner: string, info: TakeInfo, start: number): Promise<void> {
    return this.#run(async () => {
      const sealedInfo = await this.#seal(new TextEncoder().encode(JSON.stringify(info)));
      const tx = this.#db.transaction('takes', 'readwrite');
      const takes = tx.objectStore('takes');
      const old = (await request(takes.get(info.id))) as TakeRecord | undefined;
      takes.put({
        id: info.id,
        owner,
        createdAt: info.createdAt,
        updatedAt: Date.now(),
        bytes: old?.bytes ?? 0,
        start: Math.max(start, old?.start ?? 0),
        info: sealedInfo,
      } satisfies TakeRecord);
      await done(tx);
    });
  }

  /** Adds captured audio starting at take offset `start`. */
  appendAudio(takeId: string, start: number, pcm: Int16Array): Promise<void> {
    if (pcm.length === 0) return Promise.resolve();
    return this.#run(async () => {
      const audio = await this.#seal(new Uint8Array(pcm.slice().buffer));
      const tx = this.#db.transaction(['takes', 'chunks'], 'readwrite');
      const takes = tx.objectStore('takes');
      const take = (await request(takes.get(takeId))) as TakeRecord | undefined;
      if (!take) {
        tx.abort();
        return;
      }
      tx.objectStore('chunks').put({ take: takeId, start, length: pcm.length, audio } satisfies ChunkRecord);
      takes.put({ ...take, bytes: take.bytes + pcm.byteLength, updatedAt: Date.now() });
      await done(tx);
    }).then(() => this.#enforceBudget());
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
  takes(owner: string): Promise<StoredTake[]> {
    return this.#run(async () => {
      // Read everything first: a transaction closes as soon as it waits on anything but itself (the decryption).
      const tx = this.#db.transaction(['takes', 'chunks']);
      const records = (await request(tx.objectStore('takes').index('owner').getAll(owner))) as TakeRecord[];
      const read: { record: TakeRecord; chunks: ChunkRecord[] }[] = [];
      for (const record of records.sort((a, b) => a.createdAt - b.createdAt)) {
        const chunks = (await request(tx.objectStore('chunks').index('take').getAll(record.id))) as ChunkRecord[];
        read.push({ record, chunks: chunks.sort((a, b) => a.start - b.start) });
      }
      const out: StoredTake[] = [];
      for (const { record, chunks } of read) {
        try {
          const info = JSON.parse(new TextDecoder().decode(await this.#open(record.info))) as TakeInfo;
          const audio = new AudioJournal(chunks[0]?.start ?? record.start);
          for (const chunk of chunks) {
            if (chunk.start !== audio.end) break; // a gap: what follows cannot be placed
            audio.append(new Int16Array(await this.#open(chunk.audio)));
          }
          audio.forgetBefore(record.start);
          out.push({ ...info, audio });
        } catch {
          // Sealed under a key that is gone (site data partly cleared): unreadable, so deleted.
          await this.#delete([record.id]);
        }
      }
      return out;
    });
  }

  /** Adds `text` to what was dictated into `field` since the last confirmed save. */
  appendText(owner: string, field: string, text: string, anchor: { before: string; offset: number }): Promise<void> {
    return this.#run(async () => {
      const key = await sha256(`${owner}\u0000${field}`);
      const old = (await request(this.#db.transaction('texts').objectStore('texts').get(key))) as TextRecord | undefined;
      const previous = old ? (JSON.parse(new TextDecoder().decode(await this.#open(old.sealed))) as UnsavedText) : null;
      const value: UnsavedText = previous
        ? { ...previous, text: previous.text + text }
        : { field, text, before: anchor.before, offset: anchor.offset };
      const sealed = await this.#seal(new TextEncoder().encode(JSON.stringify(value)));
      const tx = this.#db.transaction('texts', 'readwrite');
      tx.objectStore('texts').put({ key, owner, updatedAt: Date.now(), sealed } satisfies TextRecord);
      await done(tx);
    });
  }

  /** What `owner` dictated that no save has confirmed, field by field. */
  texts(owner: string): Promise<UnsavedText[]> {
    return this.#run(async () => {
      const records = (await request(this.#db.transaction('texts').objectStore('texts').index('owner').getAll(owner))) as TextRecord[];
      const out: UnsavedText[] = [];
      for (const record of records) {
        try {
          out.push(JSON.parse(new TextDecoder().decode(await this.#open(record.sealed))) as UnsavedText);
        } catch {
          /* unreadable (the key is gone): dropped with the others when the page confirms a save */
        }
      }
      return out;
    });
  }

  /** The page saved its work: the dictated text is safe with it. */
  deleteTexts(owner: string): Promise<void> {
    return this.#run(async () => {
      const tx = this.#db.transaction('texts', 'readwrite');
      const keys = await request(tx.objectStore('texts').index('owner').getAllKeys(owner));
      for (const key of keys) tx.objectStore('texts').delete(key);
      await done(tx);
    });
  }

  /** Deletes every take and text of `owner` (an explicit logout after saves succeeded). */
  deleteOwner(owner: string): Promise<void> {
    return this.#run(async () => {
      const ids = (await request(this.#db.transaction('takes').objectStore('takes').index('owner').getAllKeys(owner))) as string[];
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

  async #seal(plain: Uint8Array<ArrayBuffer>): Promise<Sealed> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    return { iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, this.#key, plain) };
  }

  #open(sealed: Sealed): Promise<ArrayBuffer> {
    return crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, this.#key, sealed.data);
  }
}
