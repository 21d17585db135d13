import { SessionApi } from '../shared/session-api.js';
import { isLive, type SessionState } from '../shared/session-context.js';

/**
 * Whose entries of the durable journal these are, and the key that seals them: both derived from the key the server
 * hands to one user's live session (`GET <api-base>/auth/journal-key`). Nothing about them is stored on the device,
 * so its entries are opaque to anyone without that user's live session: the next user of a shared PC, a script of the
 * page run while nobody (or somebody else) is logged in, a copy of the browser profile.
 */
export interface JournalOwner {
  /** Names the user's entries on one page, unlinkable to a user name without the key. */
  readonly id: string;
  /** AES-GCM, non-extractable. */
  readonly key: CryptoKey;
}

export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(info) });

/** The owner of a user's entries on `page`, from the server's key for that user (raw bytes). */
export async function journalOwner(serverKey: Uint8Array<ArrayBuffer>, page: string): Promise<JournalOwner> {
  const base = await crypto.subtle.importKey('raw', serverKey, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const key = await crypto.subtle.deriveKey(hkdf('dictation-bar journal seal'), base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const id = await crypto.subtle.deriveBits(hkdf(`dictation-bar journal owner\u0000${page}`), base, 256);
  return { id: hex(id), key };
}

/** A name for `label` within the owner's entries (a field's text record), unlinkable to the label without the key. */
export async function ownerScopedId(owner: JournalOwner, label: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${owner.id}\u0000${label}`)));
}

export async function seal(owner: JournalOwner, plain: Uint8Array<ArrayBuffer>): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return { iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, owner.key, plain) };
}

export function unseal(owner: JournalOwner, sealed: Sealed): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, owner.key, sealed.data);
}

export const sealJson = (owner: JournalOwner, value: unknown) => seal(owner, new TextEncoder().encode(JSON.stringify(value)));

export const unsealJson = async <T>(owner: JournalOwner, sealed: Sealed): Promise<T> =>
  JSON.parse(new TextDecoder().decode(await unseal(owner, sealed))) as T;

/** The server's journal key for `user`, asked with their live session; null without one (or without an answer). */
export async function fetchJournalKey(session: SessionState | undefined, user: string): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!isLive(session) || session!.user !== user) return null;
  const answer = await new SessionApi(session!.apiBase).journalKey();
  return answer.ok ? keyBytes(answer.body.key) : null;
}

/** The server's key as bytes (it sends base64url); null when it is not 32 bytes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> | null {
  try {
    const bytes = Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    return bytes.length === 32 ? bytes : null;
  } catch {
    return null;
  }
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
