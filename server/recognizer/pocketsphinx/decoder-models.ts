import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildArpa } from '../arpa.js';
import type { PocketSphinxLibrary } from './native.js';
import type { ResolvedVocabulary } from './personal-vocabulary.js';
import type { DecoderSettings } from './worker-protocol.js';

/**
 * Weight of a user's own language model against the deployment's (general + domain): enough for a word she added to
 * beat the general model's near-sounding phrase ("statin", not "state an") from the next utterance, measured alike
 * at 0.05 to 0.3 on the tests' sentences.
 */
export const PERSONAL_WEIGHT = 0.15;
/** Words a decoder's dictionary may gain before it is loaded afresh (they stay: the library cannot remove one). */
const MAX_ADDED_WORDS = 5000;
/** The decoder's one search (ps_init's name for it, which it keeps when replaced). */
const SEARCH = '_default';

/** Private to this process: a user's words are written here only for as long as the library reads them. */
let scratch: string | null = null;
const scratchDir = () => (scratch ??= mkdtempSync(join(tmpdir(), 'dictation-personal-')));

/**
 * One PocketSphinx decoder and its one search: over the deployment's language models (the general model, with the
 * domain model interpolated when there is one), or, for a stream whose user has words of her own, over those and
 * hers. Her words go into the dictionary, which every search shares, but a search only takes the words its language
 * model knows, so another user's search never includes them. One search, not one per user: a search is ~55-70 MB
 * (its lexicon tree), and a second per decoder cost 25 % more memory per stream (bench/README.md). A switch builds the
 * new search (~0.5 s) on a libuv thread, so the decoding thread goes on with its other streams, then frees the old.
 */
export class DecoderModels {
  /** Whose words the search has (`ResolvedVocabulary.key`); null: the deployment's only. */
  personalKey: string | null = null;
  #added = new Set<string>();

  private constructor(
    private readonly lib: PocketSphinxLibrary,
    readonly handle: unknown,
    private readonly config: unknown,
    private readonly members: { models: unknown[]; names: string[]; weights: number[] },
    /** The deployment's models (a set, or the general model alone), kept to go back to. */
    private readonly base: unknown,
  ) {}

  /** `serving`: the thread decodes streams meanwhile (a decoder replaced later), so the builds go to a libuv thread. */
  static async create(lib: PocketSphinxLibrary, settings: DecoderSettings, serving = false): Promise<DecoderModels> {
    const config = lib.config({
      '-hmm': settings.hmm,
      '-lm': settings.lm,
      '-dict': settings.dict,
      '-vad_postspeech': String(settings.vadPostspeech),
      // At most 5000 active HMMs per frame (default 30000): with the word-class vocabulary, 3000 cost general English
      // a point (8.2-8.6 % against 7.4 % on the development run) and 10000 doubled the real-time factor (0.29) for
      // nothing more (bench/recognition-accuracy.ts, bench/README.md).
      '-maxhmmpf': '5000',
      // The second pass re-decodes the whole utterance when it ends: it delays every final by ~90 ms (p95 end of
      // speech -> final 413 ms with it, 349 ms without) for about one word error in 150. Off unless configured.
      '-fwdflat': settings.secondPass ? 'yes' : 'no',
    });
    if (!config) throw new Error('PocketSphinx rejected its configuration');
    const handle = lib.init(config);
    if (!handle) throw new Error(`PocketSphinx could not load the model (${settings.hmm})`);
    // The general model as ps_init's search holds it (the accuracy in bench/README.md is measured with this one).
    const general = lib.searchLanguageModel(handle, SEARCH);
    if (!general) throw new Error(`PocketSphinx could not read the language model ${settings.lm}`);
    lib.retain(general);
    const members = { models: [general], names: ['general'], weights: [1] };
    if (!settings.domainLm) return new DecoderModels(lib, handle, config, members, general);
    const domain = lib.readLanguageModel(config, settings.domainLm.path, lib.logmath(handle));
    if (!domain) throw new Error(`PocketSphinx could not load the domain language model ${settings.domainLm.path}`);
    const { weight } = settings.domainLm;
    Object.assign(members, { models: [general, domain], names: ['general', 'domain'], weights: [1 - weight, weight] });
    const base = await lib.modelSet(config, retained(lib, members.models), members.names, members.weights, serving);
    // Replaces ps_init's search over the general model alone, which nothing would use.
    await lib.useLanguageModel(handle, SEARCH, base, serving);
    return new DecoderModels(lib, handle, config, members, base);
  }

  /** The dictionary grew past its bound: free this decoder and load a new one. */
  get worn(): boolean {
    return this.#added.size > MAX_ADDED_WORDS;
  }

  /** Switches the search to `vocabulary`'s (null: the deployment's). The decoder is not used until it resolves. */
  async use(vocabulary: ResolvedVocabulary | null): Promise<void> {
    const key = vocabulary && vocabulary.phrases.length > 0 ? vocabulary.key : null;
    if (key === this.personalKey) return;
    if (!vocabulary || key === null) {
      await this.#search(this.base);
      this.personalKey = null;
      return;
    }
    for (const { token, phones } of vocabulary.additions) {
      if (this.#added.has(token) || this.lib.lookupWord(this.handle, token) !== null) continue;
      if (this.lib.addToDictionary(this.handle, token, phones)) this.#added.add(token);
    }
    const model = this.#readPersonalModel(vocabulary.phrases);
    const { models, names, weights } = this.members;
    // Her weight comes out of the general model's (at most half of it): the domain model, with the voice commands,
    // keeps its own. Scaled down with the rest, "choose two" was heard as "she is due" in the demo once in three.
    const personal = Math.min(PERSONAL_WEIGHT, weights[0]! / 2);
    const set = await this.lib.modelSet(
      this.config,
      [...retained(this.lib, models), model],
      [...names, 'personal'],
      [weights[0]! - personal, ...weights.slice(1), personal],
      true,
    );
    try {
      // Until it is built the old search stays whole: if this fails the decoder is dropped, not half-switched.
      this.personalKey = null;
      await this.#search(set);
    } finally {
      // The search holds the set now (and the set its members): this reference is no longer needed.
      this.lib.release(set);
    }
    this.personalKey = key;
  }

  free(): void {
    this.lib.free(this.handle);
  }

  async #search(model: unknown): Promise<void> {
    await this.lib.useLanguageModel(this.handle, SEARCH, model, true);
    // The old search's tens of megabytes were freed in another thread's malloc arena than the new one's: give the
    // free pages back, or the process's memory grows by a search at each switch.
    await this.lib.trimMemory();
  }

  #readPersonalModel(phrases: string[][]): unknown {
    const path = join(scratchDir(), `${process.pid}-${Math.random().toString(36).slice(2)}.arpa`);
    writeFileSync(path, buildArpa(phrases), { mode: 0o600 });
    try {
      const model = this.lib.readLanguageModel(this.config, path, this.lib.logmath(this.handle));
      if (!model) throw new Error('PocketSphinx could not read the personal language model');
      return model;
    } finally {
      rmSync(path, { force: true });
    }
  }
}

/** A set frees its members with it: each set built here takes its own reference to the shared models. */
function retained(lib: PocketSphinxLibrary, models: unknown[]): unknown[] {
  for (const model of models) lib.retain(model);
  return models;
}
