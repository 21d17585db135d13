import type { VocabularyEntry } from '../../protocol/index.js';
import type { ContentStore, Owner } from './content-store.js';
import { effectiveLists } from './effective-lists.js';

/** The teams a user is in (the users file's, or the host's identity system's). */
export type TeamsOf = (user: string) => readonly string[] | Promise<readonly string[]>;

/** What a recording needs of a user's lists: her words, and her auto-texts (for "insert <name>"). */
export interface UserLists {
  words: VocabularyEntry[];
  autoTexts: { name: string; body: string }[];
}

/** A live recording's view of its user's lists: what they are now, and each change while it runs. */
export interface VocabularyWatch {
  /** Hers and her teams' when the recording starts (her own entry winning over a team's). */
  readonly initial: Promise<UserLists>;
  stop(): void;
}

interface Watcher {
  user: string;
  owners: Owner[];
  revision: string;
  onChange(lists: UserLists): void;
}

/**
 * How a user's new word reaches her running recording within a second, whichever instance saved it: while any
 * recording runs, the store's revision of each recording user's lists (one small indexed read each) is asked every
 * `pollMs`, and only a user whose revision moved has her lists read again. A save on this instance asks at once.
 */
export class VocabularyFeed {
  readonly #watchers = new Set<Watcher>();
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #again = false;

  constructor(
    private readonly store: ContentStore,
    private readonly teamsOf: TeamsOf,
    private readonly options: { pollMs?: number; onError?: (err: unknown) => void } = {},
  ) {}

  watch(user: string, onChange: (lists: UserLists) => void): VocabularyWatch {
    const watcher: Watcher = { user, owners: [], revision: '', onChange };
    const initial = (async () => {
      const teams = [...(await this.teamsOf(user))];
      watcher.owners = [{ kind: 'user', id: user }, ...teams.map((id) => ({ kind: 'team' as const, id }))];
      // The revision first: a change between the two reads is seen by the next poll rather than missed.
      watcher.revision = await this.store.revision(watcher.owners);
      return this.#lists(user, teams);
    })();
    let stopped = false;
    initial.then(
      () => {
        if (stopped) return;
        this.#watchers.add(watcher);
        this.#schedule();
      },
      () => undefined,
    );
    return {
      initial,
      stop: () => {
        stopped = true;
        this.#watchers.delete(watcher);
        if (this.#watchers.size === 0 && this.#timer) {
          clearInterval(this.#timer);
          this.#timer = null;
        }
      },
    };
  }

  /** A list changed on this instance: the recordings of its users learn it now, not at the next poll. */
  changed(): void {
    void this.poll();
  }

  /** Asks each watched user's revision, and sends the new lists to the recordings of those whose revision moved. */
  poll(): Promise<void> {
    if (this.#polling) {
      // A change saved during a poll may have been read before it: one more poll follows.
      this.#again = true;
      return this.#polling;
    }
    this.#polling = this.#pollOnce()
      .catch((err: unknown) => this.options.onError?.(err))
      .finally(() => {
        this.#polling = null;
        if (this.#again) {
          this.#again = false;
          void this.poll();
        }
      });
    return this.#polling;
  }

  close(): void {
    this.#watchers.clear();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #pollOnce(): Promise<void> {
    const byUser = new Map<string, Watcher[]>();
    for (const w of this.#watchers) byUser.set(w.user, [...(byUser.get(w.user) ?? []), w]);
    for (const [user, watchers] of byUser) {
      const owners = watchers[0]!.owners;
      const revision = await this.store.revision(owners);
      const moved = watchers.filter((w) => w.revision !== revision);
      if (moved.length === 0) continue;
      const lists = await this.#lists(user, owners.slice(1).map((o) => o.id));
      for (const w of moved) {
        w.revision = revision;
        if (this.#watchers.has(w)) w.onChange(lists);
      }
    }
  }

  async #lists(user: string, teams: readonly string[]): Promise<UserLists> {
    const { words, autoTexts } = await effectiveLists(this.store, user, teams);
    return {
      words: words.map(({ phrase, soundsLike, phones }) => ({
        phrase,
        ...(soundsLike !== undefined ? { soundsLike } : {}),
        ...(phones !== undefined ? { phones } : {}),
      })),
      autoTexts: autoTexts.map(({ name, body }) => ({ name, body })),
    };
  }

  #schedule(): void {
    if (this.#timer || this.#watchers.size === 0) return;
    this.#timer = setInterval(() => void this.poll(), this.options.pollMs ?? DEFAULT_POLL_MS);
    this.#timer.unref();
  }
}

/** Half a second: with the ~0.5 s a decoder takes to build her search, a word saved anywhere is used within a second. */
const DEFAULT_POLL_MS = 500;
