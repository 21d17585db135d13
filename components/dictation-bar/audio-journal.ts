import { AUDIO_SAMPLE_RATE } from '../../protocol/index.js';

/**
 * The audio of one dictation that the server has not yet turned into delivered text, in 16 kHz 16-bit samples.
 * Positions are sample offsets from the start of the dictation ("take"), which outlives any one server stream: when
 * the link dies, what is kept here is sent again on the next stream and transcribed then.
 */
export class AudioJournal {
  /** Offset of the first sample kept. */
  #start = 0;
  #chunks: Int16Array[] = [];
  #length = 0;

  constructor(start = 0) {
    this.#start = start;
  }

  /** Offset of the first sample kept (everything before it is transcribed). */
  get start(): number {
    return this.#start;
  }

  /** Offset just past the last sample captured. */
  get end(): number {
    return this.#start + this.#length;
  }

  get samples(): number {
    return this.#length;
  }

  get seconds(): number {
    return this.#length / AUDIO_SAMPLE_RATE;
  }

  append(pcm: Int16Array): void {
    if (pcm.length === 0) return;
    this.#chunks.push(pcm);
    this.#length += pcm.length;
  }

  /** Forgets the audio before `offset`: the server delivered its text. */
  forgetBefore(offset: number): void {
    let drop = Math.min(offset, this.end) - this.#start;
    while (drop > 0 && this.#chunks.length > 0) {
      const first = this.#chunks[0]!;
      if (first.length <= drop) {
        this.#chunks.shift();
        drop -= first.length;
        this.#start += first.length;
        this.#length -= first.length;
      } else {
        this.#chunks[0] = first.subarray(drop);
        this.#start += drop;
        this.#length -= drop;
        drop = 0;
      }
    }
  }

  /** The audio from `from` to the end, in pieces of at most `maxSamples`. */
  *read(from: number, maxSamples: number): Generator<Int16Array> {
    let position = this.#start;
    let pending: Int16Array[] = [];
    let pendingLength = 0;
    const take = () => {
      const out = pending.length === 1 ? pending[0]! : concat(pending, pendingLength);
      pending = [];
      pendingLength = 0;
      return out;
    };
    for (const chunk of this.#chunks) {
      const chunkEnd = position + chunk.length;
      if (chunkEnd > from) {
        let piece = chunk.subarray(Math.max(0, from - position));
        while (piece.length > 0) {
          const room = maxSamples - pendingLength;
          pending.push(piece.subarray(0, room));
          pendingLength += Math.min(room, piece.length);
          piece = piece.subarray(room);
          if (pendingLength === maxSamples) yield take();
        }
      }
      position = chunkEnd;
    }
    if (pendingLength > 0) yield take();
  }

  /** Everything kept, as one array. */
  all(): Int16Array {
    return concat(this.#chunks, this.#length);
  }
}

function concat(parts: Int16Array[], length: number): Int16Array {
  const out = new Int16Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
