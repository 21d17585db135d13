import type { EngineFinal } from '../engine.js';
import type { PocketSphinxLibrary } from './native.js';
import { spokenWords } from './personal-vocabulary.js';

/**
 * `through` on a final: samples of the stream, from its start, that the final accounts for. Every sample before it
 * is transcribed (or was silence), so a client may forget that audio once it has the final.
 */
export type DecoderResult = { type: 'partial'; text: string } | FinalResult;

/** A final as the engine delivers it (`alternatives`: the decoder's n-best, without the chosen text). */
export type FinalResult = { type: 'final' } & EngineFinal;

/** Alternatives per final: enough for a correction list. */
export const MAX_ALTERNATIVES = 5;
/** Samples per decoder frame (10 ms at 16 kHz). */
const FRAME_SAMPLES = 160;
/** How much audio the decoder takes between two readings of the voice activity detection (50 ms). */
const STEP_SAMPLES = 800;
/** Hypotheses may carry fillers (`<sil>`, `[NOISE]`) or alternate-pronunciation marks (`word(2)`). */
const isFiller = (w: string) => /^[<[].*[>\]]$/.test(w);
/** A dictionary word as said: alternate pronunciations (`word(2)`) and a user's own tokens (`word+hash`) as words. */
const baseWord = (w: string) => spokenWords(w.replace(/\(\d+\)$/, ''));

export function cleanHypothesis(hyp: string): string {
  return hyp
    .split(/\s+/)
    .filter((w) => w && !isFiller(w))
    .map(baseWord)
    .join(' ');
}

/**
 * One stream on one PocketSphinx decoder: feeds audio, reports a partial whenever the hypothesis changes, and a
 * final when the decoder's voice activity detection hears the speech end, when an utterance reaches
 * `maxUtteranceSamples`, or on `finish()`.
 */
export class UtteranceDecoder {
  #lastPartial = '';
  #samples = 0;
  /** Samples of the whole stream fed so far. */
  #streamSamples = 0;
  /** Where the utterance's speech began (the step in which the decoder first heard it); null: not yet. */
  #spokeFrom: number | null = null;

  constructor(
    private readonly lib: PocketSphinxLibrary,
    private readonly decoder: unknown,
    private readonly maxUtteranceSamples: number,
    /** Frames of silence after which the voice activity detection ends an utterance (-vad_postspeech). */
    private readonly postspeechFrames = 20,
  ) {
    this.#start();
  }

  push(samples: Int16Array): DecoderResult[] {
    const results: DecoderResult[] = [];
    // Fed in steps of 50 ms whatever the batch (a decoder thread takes half a second of a stream at a time): the voice
    // activity detection is read after each, so an utterance ends, and the next begins, within 50 ms of where the
    // detection heard it; the pause before an utterance is measured to that, not to the batch.
    let offset = 0;
    while (offset < samples.length) {
      // Cut long input at the utterance limit so a forced final lands exactly there.
      const room = this.maxUtteranceSamples - this.#samples;
      const chunk = samples.subarray(offset, offset + Math.min(room, STEP_SAMPLES));
      offset += chunk.length;
      this.#samples += chunk.length;
      this.#streamSamples += chunk.length;
      if (this.lib.processRaw(this.decoder, chunk) < 0) throw new Error('ps_process_raw failed');
      const inSpeech = this.lib.inSpeech(this.decoder);
      if (inSpeech && this.#spokeFrom === null) this.#spokeFrom = this.#streamSamples - chunk.length;
      if (this.#spokeFrom !== null && (!inSpeech || this.#samples >= this.maxUtteranceSamples)) {
        const final = this.#end();
        if (final) results.push(final);
        this.#start();
      } else if (this.#samples >= this.maxUtteranceSamples) {
        // A long stretch with no speech: start over so the utterance buffer stays bounded. The empty final tells the
        // client that this silence is accounted for, so it need not keep it.
        results.push(this.#end() ?? this.#final(''));
        this.#start();
      }
    }
    // One partial per batch: reading the hypothesis walks the search's back pointers.
    if (this.#spokeFrom !== null) {
      const text = cleanHypothesis(this.lib.hypothesis(this.decoder));
      if (text !== this.#lastPartial) {
        this.#lastPartial = text;
        results.push({ type: 'partial', text });
      }
    }
    return results;
  }

  /** No speech in the utterance being decoded: the search can be switched without losing a word. */
  get between(): boolean {
    return this.#spokeFrom === null;
  }

  /** Ends the (speechless) utterance so that the decoder's search can be switched; `resume()` starts the next. */
  suspend(): void {
    this.lib.endUtt(this.decoder);
  }

  resume(): void {
    this.#start();
  }

  /** Ends the stream: the last utterance's final, if anything was said. The decoder can then be reused. */
  finish(): DecoderResult[] {
    // Still in speech: the stream ends mid-utterance, so its text may end mid-word.
    const cut = this.#spokeFrom !== null && this.lib.inSpeech(this.decoder);
    // Even with nothing said, the final tells the client that the whole stream is accounted for.
    const final = this.#end() ?? this.#final('');
    final.cut = cut;
    return [final];
  }

  #start(): void {
    if (this.lib.startUtt(this.decoder) < 0) throw new Error('ps_start_utt failed');
    this.#spokeFrom = null;
    this.#lastPartial = '';
    this.#samples = 0;
  }

  /** A final through everything fed so far. */
  #final(text: string): FinalResult {
    return { type: 'final', text, through: this.#streamSamples, cut: false, spokeFrom: this.#spokeFrom, alternatives: [], words: [] };
  }

  #end(): FinalResult | null {
    this.lib.endUtt(this.decoder);
    const text = cleanHypothesis(this.lib.hypothesis(this.decoder));
    const hadPartial = this.#lastPartial !== '';
    this.#lastPartial = '';
    // A final is owed when there is text, or when a partial was shown and must now be cleared.
    if (!text && !hadPartial) return null;
    const final = this.#final(text);
    if (!text) return final;
    const alternatives = [...new Set(this.lib.nbest(this.decoder, MAX_ALTERNATIVES + 1).map(cleanHypothesis))].filter((a) => a && a !== text);
    final.alternatives = alternatives.slice(0, MAX_ALTERNATIVES);
    // The search only sees the frames the voice activity detection lets through, counted over the decoder's whole
    // life (it serves stream after stream): frame numbers are not stream time. Within an utterance they are contiguous
    // (a longer silence would have ended it), so words are placed by counting back from the end of the last word:
    // the detection heard the speech end its postspeech frames later, in the 50 ms step just fed. Measured against
    // the speech's energy: the last word's end to within 0.1 s, the first word's start within 0.2 s (a word's start
    // is blurred by the frames the detection adds before speech); 10 ms between the words of one utterance.
    const segments = this.lib.segments(this.decoder);
    const spoken = segments.filter(({ word }) => !isFiller(word));
    const lastWordEnd = (spoken.at(-1)?.to ?? 0) + 1;
    const end = this.#streamSamples - (this.lib.inSpeech(this.decoder) ? 0 : this.postspeechFrames * FRAME_SAMPLES);
    const sample = (frame: number) => Math.min(this.#streamSamples, Math.max(0, end - (lastWordEnd - frame) * FRAME_SAMPLES));
    final.words = spoken.map(({ word, from, to }) => ({ word: baseWord(word), from: sample(from), to: sample(to + 1) }));
    return final;
  }
}
