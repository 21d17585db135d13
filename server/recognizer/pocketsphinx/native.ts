import koffi from 'koffi';

/**
 * The few PocketSphinx 5prealpha (Debian `libpocketsphinx3`) calls the decoder needs, bound through koffi.
 * Loaded lazily and only inside decoder workers: a missing library is reported, never thrown at import time.
 */
export interface PocketSphinxLibrary {
  /** `cmd_ln_init(NULL, ps_args(), TRUE, "-name", "value", ..., NULL)`. */
  config(args: Record<string, string>): unknown;
  init(config: unknown): unknown;
  free(decoder: unknown): void;
  startUtt(decoder: unknown): number;
  processRaw(decoder: unknown, samples: Int16Array): number;
  hypothesis(decoder: unknown): string;
  inSpeech(decoder: unknown): boolean;
  endUtt(decoder: unknown): number;
  /** The best hypotheses of the last utterance, best first, at most `max` (the lattice's n-best; needs -bestpath). */
  nbest(decoder: unknown, max: number): string[];
  /** The words of the best hypothesis with their frames (10 ms each) from the utterance's start. */
  segments(decoder: unknown): { word: string; from: number; to: number }[];
  /** The decoder's log-math table (language models read for it must share it). */
  logmath(decoder: unknown): unknown;
  /** The language model of the search `name` (ps_init's is `_default`), or null. */
  searchLanguageModel(decoder: unknown, name: string): unknown;
  /** Gives the process's free heap pages back to the system (glibc's malloc_trim), on a libuv thread. */
  trimMemory(): Promise<void>;
  /** A language model from a file (ARPA or binary), or null. */
  readLanguageModel(config: unknown, path: string, logmath: unknown): unknown;
  /** One more owner of `model` (a set frees its members with it). */
  retain(model: unknown): void;
  release(model: unknown): void;
  /**
   * Interpolates `models` with `weights` (summing to 1). `onThread`: on a libuv thread, so that this thread goes on
   * decoding meanwhile (false while it has nothing else to do: at start-up the libuv pool is the server's, for its
   * files and password hashes).
   */
  modelSet(config: unknown, models: unknown[], names: string[], weights: number[], onThread: boolean): Promise<unknown>;
  /**
   * Builds the n-gram search `name` over `model` (replacing a search of that name), on a libuv thread with `onThread`
   * (~300 ms: it builds the lexicon tree), then makes it the active search. The decoder must not be used until it
   * resolves.
   */
  useLanguageModel(decoder: unknown, name: string, model: unknown, onThread: boolean): Promise<void>;
  /** The phones of `word` as the decoder's dictionary has it, or null. */
  lookupWord(decoder: unknown, word: string): string | null;
  /**
   * Adds `word` to the decoder's pronunciation dictionary (nothing else: ps_add_word also appends the word to every
   * language model, the general one included, which crashed 5prealpha). False when that is not possible here.
   */
  addToDictionary(decoder: unknown, word: string, phones: string): boolean;
}

const SPHINXBASE = 'libsphinxbase.so.3';
const POCKETSPHINX = 'libpocketsphinx.so.3';

let loaded: PocketSphinxLibrary | undefined;

export function loadPocketSphinx(): PocketSphinxLibrary {
  if (loaded) return loaded;
  const sb = koffi.load(SPHINXBASE);
  const ps = koffi.load(POCKETSPHINX);

  // Logging off for the whole process, once: the library's log goes through one global callback and FILE*. The
  // decoder's `-logfn` option instead made every ps_init() fclose() the FILE* another thread's ps_init() had just
  // opened, or that a decoding thread was writing to: two threads loading at once hung the server's start about one
  // time in ten. A null callback never touches a FILE*.
  sb.func('void err_set_callback(void *callback, void *user_data)')(null, null);
  // And the FILE* itself off (nothing is open yet, so nothing is closed): ps_init() prints its whole configuration
  // straight to it, stderr by default, without going through the callback.
  sb.func('void err_set_logfp(void *stream)')(null);
  const cmdLnInit = sb.func('void *cmd_ln_init(void *inout, void *defn, int strict, ...)');
  const ngramModelRead = sb.func('void *ngram_model_read(void *config, const char *path, int type, void *lmath)');
  const ngramModelRetain = sb.func('void *ngram_model_retain(void *model)');
  const ngramModelSetInit = sb.func(
    'void *ngram_model_set_init(void *config, void **models, const char **names, const float *weights, int n)',
  );
  const psArgs = ps.func('void *ps_args()');
  const psInit = ps.func('void *ps_init(void *config)');
  const psFree = ps.func('int ps_free(void *ps)');
  const psStartUtt = ps.func('int ps_start_utt(void *ps)');
  const psProcessRaw = ps.func('int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)');
  const psGetHyp = ps.func('const char *ps_get_hyp(void *ps, _Out_ int32_t *score)');
  const psGetInSpeech = ps.func('uint8_t ps_get_in_speech(void *ps)');
  const psEndUtt = ps.func('int ps_end_utt(void *ps)');
  const psSetLm = ps.func('int ps_set_lm(void *ps, const char *name, void *lm)');
  const psSetSearch = ps.func('int ps_set_search(void *ps, const char *name)');
  const psGetLogmath = ps.func('void *ps_get_logmath(void *ps)');
  // 5prealpha's signatures (the later library dropped the frame range and contexts: extra arguments are harmless).
  const psNbest = ps.func('void *ps_nbest(void *ps, int sf, int ef, const char *ctx1, const char *ctx2)');
  const psNbestNext = ps.func('void *ps_nbest_next(void *nbest)');
  const psNbestHyp = ps.func('const char *ps_nbest_hyp(void *nbest, _Out_ int32_t *score)');
  const psNbestFree = ps.func('void ps_nbest_free(void *nbest)');
  const psSegIter = ps.func('void *ps_seg_iter(void *ps, _Out_ int32_t *score)');
  const psSegNext = ps.func('void *ps_seg_next(void *seg)');
  const psSegWord = ps.func('const char *ps_seg_word(void *seg)');
  const psSegFrames = ps.func('void ps_seg_frames(void *seg, _Out_ int *sf, _Out_ int *ef)');

  const ngramModelFree = sb.func('int ngram_model_free(void *model)');
  const psGetLm = ps.func('void *ps_get_lm(void *ps, const char *name)');
  const mallocTrim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
  // void *, not char *: the string is the caller's to free, so the pointer is kept.
  const psLookupWord = ps.func('void *ps_lookup_word(void *ps, const char *word)');
  const ckdFree = sb.func('void ckd_free(void *ptr)');
  const dictWordid = ps.func('int32_t dict_wordid(void *dict, const char *word)');
  const dictAddWord = ps.func('int32_t dict_add_word(void *dict, const char *word, const int16_t *phones, int32_t n)');
  const dict2pidAddWord = ps.func('int dict2pid_add_word(void *d2p, int32_t wid)');
  const binMdefRead = ps.func('void *bin_mdef_read(void *config, const char *path)');
  const binMdefCiphoneId = ps.func('int bin_mdef_ciphone_id(void *mdef, const char *phone)');
  const NGRAM_AUTO = 0;
  const viaThread = (fn: { async: (...args: unknown[]) => void }, ...args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => fn.async(...args, (err: unknown, result: unknown) => (err ? reject(err) : resolve(result))));

  /**
   * The decoder's dictionary and its phone map (`ps->dict`, `ps->d2p`), which the library has no call to hand out.
   * Read from the decoder's struct as 5prealpha lays it out (config, refcount, acmod, dict, d2p, lmath) and trusted
   * only when the pointer after them is the log-math table ps_get_logmath() returns: another build of the library
   * gets no added words rather than a write through a wrong pointer.
   */
  const mdefs = new Map<string, unknown>();
  const internals = new Map<unknown, { dict: unknown; d2p: unknown; mdef: unknown } | null>();
  const internalsOf = (decoder: unknown) => {
    if (internals.has(decoder)) return internals.get(decoder)!;
    const fields = koffi.decode(decoder, koffi.array('void *', 6)) as unknown[];
    const [config, , , dict, d2p, lmath] = fields;
    const same = (a: unknown, b: unknown) => koffi.address(a) === koffi.address(b);
    let found: { dict: unknown; d2p: unknown; mdef: unknown } | null = null;
    if (lmath && same(lmath, psGetLogmath(decoder)) && dict && d2p && (dictWordid(dict, '</s>') as number) >= 0) {
      // The acoustic model's phone ids, from the same file the decoder read (read once more: its struct is not ours).
      const hmm = cmdLnStr(config, '-hmm') as string | null;
      const mdef = hmm ? (mdefs.get(hmm) ?? mdefs.set(hmm, binMdefRead(null, `${hmm}/mdef`)).get(hmm)) : null;
      if (mdef) found = { dict, d2p, mdef };
    }
    internals.set(decoder, found);
    return found;
  };
  const cmdLnStr = sb.func('const char *cmd_ln_str_r(void *config, const char *name)');

  loaded = {
    config(args) {
      const variadic: unknown[] = [];
      for (const [name, value] of Object.entries(args)) variadic.push('str', name, 'str', value);
      variadic.push('str', null);
      return cmdLnInit(null, psArgs(), 1, ...variadic);
    },
    init: (config) => psInit(config),
    free: (decoder) => void psFree(decoder),
    startUtt: (decoder) => psStartUtt(decoder) as number,
    processRaw: (decoder, samples) => psProcessRaw(decoder, samples, samples.length, 0, 0) as number,
    hypothesis(decoder) {
      const hyp = psGetHyp(decoder, [0]) as string | null;
      return hyp ?? '';
    },
    inSpeech: (decoder) => (psGetInSpeech(decoder) as number) !== 0,
    nbest(decoder, max) {
      const found: string[] = [];
      // The lattice repeats hypotheses that differ only in silences and pronunciations: look a little further.
      let nbest = psNbest(decoder, 0, -1, null, null);
      for (let i = 0; nbest && i < max * 6 && found.length < max; i++) {
        nbest = psNbestNext(nbest);
        if (!nbest) break;
        const hyp = psNbestHyp(nbest, [0]) as string | null;
        if (hyp && !found.includes(hyp)) found.push(hyp);
      }
      if (nbest) psNbestFree(nbest);
      return found;
    },
    segments(decoder) {
      const words: { word: string; from: number; to: number }[] = [];
      let seg = psSegIter(decoder, [0]);
      for (; seg; seg = psSegNext(seg)) {
        const from = [0];
        const to = [0];
        psSegFrames(seg, from, to);
        words.push({ word: psSegWord(seg) as string, from: from[0]!, to: to[0]! });
      }
      // ps_seg_next frees the iterator when it returns null, so a walk to the end leaves nothing to free.
      return words;
    },
    endUtt: (decoder) => psEndUtt(decoder) as number,
    logmath: (decoder) => psGetLogmath(decoder),
    searchLanguageModel: (decoder, name) => psGetLm(decoder, name) ?? null,
    trimMemory: async () => void (await viaThread(mallocTrim, 0)),
    readLanguageModel: (config, path, logmath) => ngramModelRead(config, path, NGRAM_AUTO, logmath) ?? null,
    retain: (model) => void ngramModelRetain(model),
    release: (model) => void ngramModelFree(model),
    async modelSet(config, models, names, weights, onThread) {
      const args = [config, models, names, weights, models.length];
      const set = onThread ? await viaThread(ngramModelSetInit, ...args) : ngramModelSetInit(...args);
      if (!set) throw new Error('PocketSphinx could not interpolate the language models');
      return set;
    },
    async useLanguageModel(decoder, name, model, onThread) {
      const built = onThread ? await viaThread(psSetLm, decoder, name, model) : psSetLm(decoder, name, model);
      if ((built as number) < 0) throw new Error('PocketSphinx could not build the search');
      if ((psSetSearch(decoder, name) as number) < 0) throw new Error('PocketSphinx could not select the search');
    },
    lookupWord(decoder, word) {
      const phones = psLookupWord(decoder, word) as unknown;
      if (!phones) return null;
      const text = koffi.decode(phones, 'char', -1) as string;
      ckdFree(phones);
      return text;
    },
    addToDictionary(decoder, word, phones) {
      const found = internalsOf(decoder);
      if (!found) return false;
      if ((dictWordid(found.dict, word) as number) >= 0) return true;
      const ids = phones.split(' ').map((p) => binMdefCiphoneId(found.mdef, p) as number);
      if (ids.length === 0 || ids.some((id) => id < 0)) return false;
      const wid = dictAddWord(found.dict, word, Int16Array.from(ids), ids.length) as number;
      return wid >= 0 && (dict2pidAddWord(found.d2p, wid) as number) >= 0;
    },
  };
  return loaded;
}
