import type { EmergencySaveResult, PendingWork } from '../shared/session-context.js';

/** How long a logout waits for pending work to finish (a recording's last words) before it saves. */
export const FINISH_TIMEOUT_MS = 4_000;

/** The work the page (and the bars) registered to be saved before the session ends. */
export class PendingWorkList {
  readonly #works = new Set<PendingWork>();

  /** Registers work to save before the session ends. Returns a function that unregisters it. */
  register(work: PendingWork): () => void {
    this.#works.add(work);
    return () => this.#works.delete(work);
  }

  /** Runs every saver; resolves `{ saved, errors }` and never rejects. */
  async saveAll(): Promise<EmergencySaveResult> {
    const works = [...this.#works];
    const results = await Promise.allSettled(works.map(async (work) => work.save()));
    const result: EmergencySaveResult = { saved: 0, errors: [] };
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') result.saved += Number(r.value) || 0;
      else result.errors.push(`${works[i]!.name}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
    });
    return result;
  }

  /** Lets work finish what is in progress (a recording's last words) before a logout saves it; at most a few seconds. */
  async finish(): Promise<void> {
    const finishing = [...this.#works].map((work) => work.finish?.().catch(() => undefined));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(finishing), new Promise((resolve) => (timer = setTimeout(resolve, FINISH_TIMEOUT_MS)))]);
    clearTimeout(timer);
  }
}
