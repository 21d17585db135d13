// Real speech for tests and benchmarks: text spoken by one of flite's voices, as a 16 kHz mono 16-bit WAV, cached
// under .tmp/speech. `padSeconds` of silence is added at both ends, as a person draws breath before and after.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CACHE = join(process.cwd(), '.tmp', 'speech');

export async function speechWav(text, { voice = 'slt', padSeconds = 0.3, repeat = 1 } = {}) {
  const key = createHash('sha1').update(`${voice}\0${padSeconds}\0${repeat}\0${text}`).digest('hex').slice(0, 12);
  const path = join(CACHE, `${voice}-${key}.wav`);
  try {
    await access(path);
    return path;
  } catch {
    // not cached yet
  }
  await mkdir(CACHE, { recursive: true });
  const raw = join(CACHE, `${key}.${process.pid}.raw.wav`);
  const tmp = join(CACHE, `${key}.${process.pid}.tmp.wav`);
  await run('flite', ['-voice', voice, '-t', text, '-o', raw]);
  const effects = ['pad', String(padSeconds), String(padSeconds)];
  if (repeat > 1) effects.push('repeat', String(repeat - 1));
  await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp, ...effects]);
  await rename(tmp, path);
  await rm(raw, { force: true });
  return path;
}

/**
 * A clinician's dictation as one WAV: each phrase spoken, `gapSeconds` of silence after it (long enough to end an
 * utterance and a sentence), then `tailSeconds` more, so Chromium's fake microphone, which loops its file, says the
 * script once before the test stops recording.
 */
export async function speechScriptWav(phrases, { voice = 'slt', gapSeconds = 1.5, tailSeconds = 30 } = {}) {
  const key = createHash('sha1').update(JSON.stringify([voice, gapSeconds, tailSeconds, phrases])).digest('hex').slice(0, 12);
  const path = join(CACHE, `script-${voice}-${key}.wav`);
  try {
    await access(path);
    return path;
  } catch {
    // not cached yet
  }
  const parts = [];
  for (const phrase of phrases) parts.push(await speechWav(phrase, { voice, padSeconds: gapSeconds / 2 }));
  const tmp = join(CACHE, `script-${key}.${process.pid}.tmp.wav`);
  await run('sox', [...parts, tmp, 'pad', '1', String(tailSeconds)]);
  await rename(tmp, path);
  return path;
}
