import { DEFAULT_FORMAT, type FormatOptions } from '../../protocol/index.js';
import { formatTranscript } from '../formatting/index.js';
import { readFile } from 'node:fs/promises';
import { speechWav } from '../../scripts/speech.mjs';

export { speechWav };

/** The samples of a 16-bit PCM WAV (its `data` chunk). */
export async function wavSamples(path: string): Promise<Int16Array> {
  const file = await readFile(path);
  let offset = 12;
  while (offset + 8 <= file.length && file.toString('ascii', offset, offset + 4) !== 'data') {
    offset += 8 + file.readUInt32LE(offset + 4);
  }
  if (offset + 8 > file.length) throw new Error(`${path}: no data chunk`);
  const data = file.subarray(offset + 8, offset + 8 + file.readUInt32LE(offset + 4));
  const samples = new Int16Array(data.length / 2);
  Buffer.from(samples.buffer).set(data.subarray(0, samples.length * 2));
  return samples;
}

export async function speech(text: string, options?: { voice?: string; padSeconds?: number }): Promise<Int16Array> {
  return wavSamples(await speechWav(text, options));
}

/** Silence, as a pause between sentences. */
export const silence = (seconds: number) => new Int16Array(Math.round(seconds * 16000));

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Word error rate: word-level edit distance over the reference length. */
/** What the server writes for a sentence spoken as words (numbers and units formatted): the reference for a final. */
export function written(sentence: string, options: Partial<FormatOptions> = {}): string {
  return formatTranscript(sentence.toLowerCase().replace(/[.,?!]/g, ''), { ...DEFAULT_FORMAT, ...options });
}

export function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = reference.toLowerCase().replace(/[^a-z0-9' ]/g, ' ').split(/\s+/).filter(Boolean);
  const hyp = hypothesis.toLowerCase().replace(/[^a-z0-9' ]/g, ' ').split(/\s+/).filter(Boolean);
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return ref.length === 0 ? (hyp.length ? 1 : 0) : previous[hyp.length]! / ref.length;
}
