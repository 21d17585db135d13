/**
 * A user's running recordings (MAX_RECORDINGS_PER_USER): each holds a slot while its decoder runs. In one process the
 * slots are counted here; across instances they live where the sessions live (RedisRecordingSlots), or one user
 * could hold a decoder on every instance.
 */
export interface RecordingSlots {
  /** Takes one of the user's `max` slots for recording `id`; false when they are all taken. */
  claim(user: string, id: string, max: number): Promise<boolean>;
  release(user: string, id: string): void;
  /** The slots still held (the sweep): a shared store lets a slot lapse when its instance stops renewing it. */
  renew(held: Iterable<readonly [user: string, id: string]>): void;
}

/** The slots of this process. */
export class MemoryRecordingSlots implements RecordingSlots {
  // Arrays, not Sets: a user has one or two recordings, and a Set's table costs ~200 bytes.
  readonly #byUser = new Map<string, string[]>();

  claim(user: string, id: string, max: number): Promise<boolean> {
    return Promise.resolve(this.claimNow(user, id, max));
  }

  /** `claim` without the promise, for a store that counts here first. */
  claimNow(user: string, id: string, max: number): boolean {
    const held = this.#byUser.get(user) ?? [];
    if (held.includes(id)) return true;
    if (held.length >= max) return false;
    this.#byUser.set(user, [...held, id]);
    return true;
  }

  release(user: string, id: string): void {
    const held = this.#byUser.get(user)?.filter((x) => x !== id) ?? [];
    if (held.length > 0) this.#byUser.set(user, held);
    else this.#byUser.delete(user);
  }

  renew(): void {
    // Slots here end with the process that holds them.
  }
}
