/**
 * Session ids ordered by the time something is due for them: a binary min-heap with one live entry per id.
 * Moving an id later costs nothing (its entry comes out early and is put back at the new time, see
 * MemorySessionStore.endDue); moving it earlier adds an entry and makes the old one stale.
 */
export class DueQueue {
  readonly #heap: { at: number; id: string }[] = [];
  /** The time of each id's live entry; an entry whose time differs is stale and skipped. */
  readonly #scheduled = new Map<string, number>();

  get size(): number {
    return this.#scheduled.size;
  }

  /** Makes `id` due at `at` if that is earlier than it is now (or it is not queued). */
  scheduleBy(id: string, at: number): void {
    const current = this.#scheduled.get(id);
    if (current !== undefined && current <= at) return;
    this.#scheduled.set(id, at);
    this.#push({ at, id });
  }

  /** Makes `id` due at exactly `at` (after its entry came out). */
  schedule(id: string, at: number): void {
    this.#scheduled.set(id, at);
    this.#push({ at, id });
  }

  forget(id: string): void {
    this.#scheduled.delete(id);
  }

  /** Takes out the next id due at or before `now`, or undefined. */
  takeDue(now: number): string | undefined {
    while (this.#heap.length > 0 && this.#heap[0]!.at <= now) {
      const { at, id } = this.#pop();
      if (this.#scheduled.get(id) !== at) continue;
      this.#scheduled.delete(id);
      return id;
    }
    return undefined;
  }

  #push(entry: { at: number; id: string }): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): { at: number; id: string } {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && heap[right]!.at < heap[left]!.at ? right : left;
        if (heap[child]!.at >= last.at) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
