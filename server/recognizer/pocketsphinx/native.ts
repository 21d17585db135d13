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
  /** Interpolates `arpaPath` into the decoder's language model with `weight` (0..1) and makes it the active search. */
  addDomainLanguageModel(decoder: unknown, config: unknown, arpaPath: string, weight: number): boolean;
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
  const psGetLm = ps.func('void *ps_get_lm(void *ps, const char *name)');
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

  const NGRAM_ARPA = 1;

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
    addDomainLanguageModel(decoder, config, arpaPath, weight) {
      const general = psGetLm(decoder, '_default');
      const domain = ngramModelRead(config, arpaPath, NGRAM_ARPA, psGetLogmath(decoder));
      if (!general || !domain) return false;
      // The set frees its members with it, and the default search still owns the general model: keep a reference.
      ngramModelRetain(general);
      const set = ngramModelSetInit(config, [general, domain], ['general', 'domain'], [1 - weight, weight], 2);
      if (!set) return false;
      if ((psSetLm(decoder, 'domain', set) as number) < 0) return false;
      return (psSetSearch(decoder, 'domain') as number) >= 0;
    },
  };
  return loaded;
}
