import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CACHE = join(process.cwd(), '.tmp', 'speech');

/**
 * Real speech for tests: `text` spoken by flite's `voice`, as a 16 kHz mono 16-bit WAV (cached under .tmp/speech).
 * `padSeconds` of silence is added at both ends, as a person draws breath before and after speaking.
 */
export async function speechWav(text: string, { voice = 'slt', padSeconds = 0.3 } = {}): Promise<string> {
  const key = createHash('sha1').update(`${voice}\0${padSeconds}\0${text}`).digest('hex').slice(0, 12);
  const path = join(CACHE, `${voice}-${key}.wav`);
  try {
    await readFile(path);
    return path;
  } catch {
    // not cached yet
  }
  await mkdir(CACHE, { recursive: true });
  const raw = join(CACHE, `${key}.raw.wav`);
  await run('flite', ['-voice', voice, '-t', text, '-o', raw]);
  const tmp = `${path}.${process.pid}.tmp.wav`;
  await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp, 'pad', String(padSeconds), String(padSeconds)]);
  await rename(tmp, path);
  return path;
}

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
