/**
 * Timers that keep time in a hidden tab.
 *
 * Chrome throttles a hidden page's timers to one wake-up per minute after five minutes; a 20 s keep-alive or a
 * 5 s ack deadline on such a timer would fire a minute late and report a false loss (or let the server's
 * two-interval silence check fire). Dedicated workers are not throttled that way, so one shared worker keeps
 * the time and posts a message when a timer is due. Where a page's CSP forbids blob workers, we fall back to
 * window timers; callers that must be exact also re-check real elapsed time when the tab becomes visible.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

const WORKER_SOURCE = `
const timers = new Map();
onmessage = ({ data }) => {
  if (data.op === 'set') timers.set(data.id, setTimeout(() => { timers.delete(data.id); postMessage(data.id); }, data.ms));
  else { clearTimeout(timers.get(data.id)); timers.delete(data.id); }
};`;

class WorkerTimers implements Timers {
  readonly #callbacks = new Map<number, () => void>();
  #nextId = 1;

  constructor(private readonly worker: Worker) {
    worker.onmessage = ({ data }: MessageEvent<number>) => {
      const callback = this.#callbacks.get(data);
      this.#callbacks.delete(data);
      callback?.();
    };
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#callbacks.set(id, callback);
    this.worker.postMessage({ op: 'set', id, ms: Math.max(0, ms) });
    return id;
  }

  clearTimeout(id: number): void {
    if (this.#callbacks.delete(id)) this.worker.postMessage({ op: 'clear', id });
  }
}

const windowTimers: Timers = {
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (id) => window.clearTimeout(id),
};

/** The part of the Trusted Types API used here (not in TypeScript's DOM library yet). */
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}

/**
 * The worker's URL as the page allows it: a string, or under Trusted Types (`require-trusted-types-for 'script'`) a
 * TrustedScriptURL from this bundle's one policy, `dictation-bar`, which passes only the blob: URL made here. A page
 * that enforces Trusted Types lists it: `trusted-types lit-html dictation-bar` (README, "Content Security Policy").
 */
function workerUrl(blobUrl: string): string {
  const trustedTypes = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!trustedTypes) return blobUrl;
  // Created once: a second policy of the same name is refused where Trusted Types are enforced.
  policy ??= trustedTypes.createPolicy('dictation-bar', {
    createScriptURL: (url) => {
      if (!ownWorkers.has(url)) throw new TypeError('dictation-bar: only its own timer worker is created through this policy');
      return url;
    },
  });
  ownWorkers.add(blobUrl);
  return policy.createScriptURL(blobUrl) as string;
}
let policy: ReturnType<TrustedTypesFactory['createPolicy']> | undefined;
const ownWorkers = new Set<string>();

/**
 * Worker-backed timers, or window timers where the page (its CSP, say) does not allow the worker. A page whose CSP
 * has no `worker-src blob:` says so with `<meta name="dictation-bar-timers" content="page">`, so no worker is tried
 * and no violation is reported on every view.
 */
export function createTimers(): { timers: Timers; inWorker: boolean } {
  if (document.querySelector('meta[name="dictation-bar-timers"][content="page"]')) return { timers: windowTimers, inWorker: false };
  try {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    return { timers: new WorkerTimers(new Worker(workerUrl(url))), inWorker: true };
  } catch {
    return { timers: windowTimers, inWorker: false };
  }
}

let shared: Timers | undefined;

/** The page-wide timers, created once: one worker serves every element on the page. */
export function backgroundSafeTimers(): Timers {
  return (shared ??= createTimers().timers);
}

/**
 * The timers one owner has running, so that it can drop them all at once (a controller leaving the page, a plan
 * replaced by a new one). Background-safe.
 */
export class TimerGroup {
  readonly #ids = new Set<number>();

  after(ms: number, callback: () => void): void {
    const id = backgroundSafeTimers().setTimeout(() => {
      this.#ids.delete(id);
      callback();
    }, ms);
    this.#ids.add(id);
  }

  clear(): void {
    const timers = backgroundSafeTimers();
    for (const id of this.#ids) timers.clearTimeout(id);
    this.#ids.clear();
  }
}

/** Waits one macrotask without a (throttleable) timer, so events already queued are handled first. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
