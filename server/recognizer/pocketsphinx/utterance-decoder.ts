import type { PocketSphinxLibrary } from './native.js';

/**
 * `through` on a final: samples of the stream, from its start, that the final accounts for. Every sample before it
 * is transcribed (or was silence), so a client may forget that audio once it has the final.
 */
export type DecoderResult =
  | { type: 'partial'; text: string }
  | { type: 'final'; text: string; through: number; cut?: true };

/** Hypotheses may carry fillers (`<sil>`, `[NOISE]`) or alternate-pronunciation marks (`word(2)`). */
export function cleanHypothesis(hyp: string): string {
  return hyp
    .split(/\s+/)
    .filter((w) => w && !/^[<[].*[>\]]$/.test(w))
    .map((w) => w.replace(/\(\d+\)$/, ''))
    .join(' ');
}

/**
 * One stream on one PocketSphinx decoder: feeds audio, reports a partial whenever the hypothesis changes, and a
 * final when the decoder's voice activity detection hears the speech end, when an utterance reaches
 * `maxUtteranceSamples`, or on `finish()`.
 */
export class UtteranceDecoder {
  #spoke = false;
  #lastPartial = '';
  #samples = 0;
  /** Samples of the whole stream fed so far. */
  #streamSamples = 0;

  constructor(
    private readonly lib: PocketSphinxLibrary,
    private readonly decoder: unknown,
    private readonly maxUtteranceSamples: number,
  ) {
    this.#start();
  }

  push(samples: Int16Array): DecoderResult[] {
    const results: DecoderResult[] = [];
    // Cut long input at the utterance limit so a forced final lands exactly there.
    let offset = 0;
    while (offset < samples.length) {
      const room = this.maxUtteranceSamples - this.#samples;
      const chunk = samples.subarray(offset, offset + room);
      offset += chunk.length;
      this.#samples += chunk.length;
      this.#streamSamples += chunk.length;
      if (this.lib.processRaw(this.decoder, chunk) < 0) throw new Error('ps_process_raw failed');
      const inSpeech = this.lib.inSpeech(this.decoder);
      if (inSpeech) this.#spoke = true;
      if (this.#spoke && (!inSpeech || this.#samples >= this.maxUtteranceSamples)) {
        const final = this.#end();
        if (final) results.push(final);
        this.#start();
      } else if (this.#samples >= this.maxUtteranceSamples) {
        // A long stretch with no speech: start over so the utterance buffer stays bounded. The empty final tells the
        // client that this silence is accounted for, so it need not keep it.
        results.push(this.#end() ?? { type: 'final', text: '', through: this.#streamSamples });
        this.#start();
      } else {
        const text = cleanHypothesis(this.lib.hypothesis(this.decoder));
        if (text !== this.#lastPartial) {
          this.#lastPartial = text;
          results.push({ type: 'partial', text });
        }
      }
    }
    return results;
  }

  /** Ends the stream: the last utterance's final, if anything was said. The decoder can then be reused. */
  finish(): DecoderResult[] {
    // Still in speech: the stream ends mid-utterance, so its text may end mid-word.
    const cut = this.#spoke && this.lib.inSpeech(this.decoder);
    const final = this.#end();
    // Even with nothing said, the final tells the client that the whole stream is accounted for.
    if (!final) return [{ type: 'final', text: '', through: this.#streamSamples }];
    return [cut && final.type === 'final' ? { ...final, cut: true } : final];
  }

  #start(): void {
    if (this.lib.startUtt(this.decoder) < 0) throw new Error('ps_start_utt failed');
    this.#spoke = false;
    this.#lastPartial = '';
    this.#samples = 0;
  }

  #end(): DecoderResult | null {
    this.lib.endUtt(this.decoder);
    const text = cleanHypothesis(this.lib.hypothesis(this.decoder));
    const hadPartial = this.#lastPartial !== '';
    this.#lastPartial = '';
    // A final is owed when there is text, or when a partial was shown and must now be cleared.
    return text || hadPartial ? { type: 'final', text, through: this.#streamSamples } : null;
  }
}
