/**
 * Converts microphone audio (usually 48 kHz float) to 16 kHz mono 16-bit PCM for the recognizer. A windowed-sinc
 * low-pass filter removes what 16 kHz cannot represent (no aliasing hiss), then samples are read at the output rate
 * with linear interpolation, which also handles ratios like 44.1 -> 16 kHz. State carries across blocks, so the
 * 128-sample blocks of an AudioWorklet join without clicks.
 */
export class Downsampler {
  readonly #ratio: number;
  readonly #taps: Float32Array;
  /** The last `taps.length - 1` inputs, for the filter's overlap into the next block. */
  #history: Float32Array;
  /** Filtered samples not yet consumed, and the position (in them) of the next output sample. */
  #filtered: number[] = [];
  #position = 0;

  constructor(
    readonly inputRate: number,
    readonly outputRate = 16_000,
  ) {
    if (!(inputRate >= outputRate)) throw new RangeError(`Cannot downsample ${inputRate} Hz to ${outputRate} Hz`);
    this.#ratio = inputRate / outputRate;
    this.#taps = lowPass(0.45 * outputRate / inputRate, this.#ratio === 1 ? 1 : 48);
    this.#history = new Float32Array(this.#taps.length - 1);
  }

  /** Feeds input samples; returns the output samples they complete. */
  process(input: Float32Array): Float32Array {
    const taps = this.#taps;
    const span = taps.length - 1;
    const buffer = new Float32Array(span + input.length);
    buffer.set(this.#history);
    buffer.set(input, span);
    for (let i = 0; i < input.length; i++) {
      let sum = 0;
      for (let k = 0; k < taps.length; k++) sum += taps[k]! * buffer[i + span - k]!;
      this.#filtered.push(sum);
    }
    this.#history = buffer.slice(buffer.length - span);

    const out: number[] = [];
    while (this.#position + 1 < this.#filtered.length) {
      const index = Math.floor(this.#position);
      const fraction = this.#position - index;
      out.push(this.#filtered[index]! * (1 - fraction) + this.#filtered[index + 1]! * fraction);
      this.#position += this.#ratio;
    }
    const consumed = Math.min(Math.floor(this.#position), this.#filtered.length);
    this.#filtered = this.#filtered.slice(consumed);
    this.#position -= consumed;
    return Float32Array.from(out);
  }
}

/** Windowed-sinc (Blackman) low-pass with `cutoff` as a fraction of the input rate, normalised to unity gain. */
function lowPass(cutoff: number, length: number): Float32Array {
  if (length === 1) return Float32Array.of(1);
  const taps = new Float32Array(length);
  const middle = (length - 1) / 2;
  let sum = 0;
  for (let n = 0; n < length; n++) {
    const x = n - middle;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const window = 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / (length - 1)) + 0.08 * Math.cos((4 * Math.PI * n) / (length - 1));
    taps[n] = sinc * window;
    sum += taps[n]!;
  }
  for (let n = 0; n < length; n++) taps[n]! /= sum;
  return taps;
}

/** Float samples (-1..1) to 16-bit PCM, clipped. */
export function toInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
  }
  return out;
}

/** Root-mean-square level of a frame, 0..1, for the level meter. */
export function level(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length ? Math.sqrt(sum / samples.length) / 0x8000 : 0;
}
