import { ENDS_IN_WORD, type FormatOptions } from '../../protocol/index.js';

/** Text that starts with a mark said by the clinician (which wins over any full stop of ours). */
const STARTS_WITH_MARK = /^[.,:;?!)”\n]/;

/**
 * Full stops from pauses, for one recording (`sentences: 'pause'`): an utterance after a pause of at least
 * `sentencePause` ms starts a new sentence, so a full stop and a capital go before it; a stop by the user ends the
 * last sentence. Said punctuation always wins: nothing is added after or before a mark. The page drops a full stop
 * that has no dictated words before the caret to end (components/dictation-bar/text-formatter.ts).
 */
export class SentenceStops {
  /** The last text written in this recording. */
  #last = '';

  constructor(private readonly options: FormatOptions) {}

  /** An utterance's text, with a full stop before it when the pause before it ended the last sentence. */
  utterance(text: string, pause: number | undefined): string {
    if (!text) return text;
    const { sentences, sentencePause } = this.options;
    const ends = sentences === 'pause' && pause !== undefined && pause >= sentencePause && ENDS_IN_WORD.test(this.#last) && !STARTS_WITH_MARK.test(text);
    this.#last = ends ? `. ${text.charAt(0).toUpperCase()}${text.slice(1)}` : text;
    return this.#last;
  }

  /** The user stopped: the full stop that ends the last sentence, or '' if it ended already (or is not ours to end). */
  closing(): string {
    const close = this.options.sentences === 'pause' && ENDS_IN_WORD.test(this.#last);
    this.#last = '';
    return close ? '.' : '';
  }
}
