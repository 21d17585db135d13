/**
 * How many spoken voice commands come out as the command (not as dictation) with a given vocabulary: every built-in
 * phrase, slots filled as a clinician would fill them, in flite's voices, decoded and matched as the server does
 * (best hypothesis, then its n-best; "choose N" also as the choice offered beside dictation). A larger clinical corpus helps dictation and can hurt commands ("choose two"
 * heard as "she is due"): this is the bench that says by how much.
 *
 * Each phrase is decoded as flite wrote it and in RENDITIONS-1 more renditions (default 4 in all): the same voice
 * shifted by a few samples, louder or quieter, with a little noise, as a browser's microphone path hands it over (a
 * command right once can be wrong on the next take: the e2e test's "scratch that" came out "scratch bad" one time in
 * several). The renditions are seeded, so two runs decode the same audio.
 *
 *   npx tsx bench/command-recognition.ts [voice ...]                    (default: slt rms awb kal16)
 *   RENDITIONS=1 npx tsx bench/command-recognition.ts                  (flite's audio only)
 *   VOCABULARY_FILE=other.txt npx tsx bench/command-recognition.ts      (another vocabulary)
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config.js';
import { createEngine, type RecognizerEngine } from '../server/recognizer/index.js';
import { VoiceCommandMatcher } from '../server/dictation/voice-command-matcher.js';
import { DEFAULT_FORMAT } from '../protocol/index.js';
import { speech } from '../server/test/speech.js';

/** What is said, and the command (and slot) it must come out as. */
const SAID: [string, string, (number | string)?][] = [
  ['scratch that', 'scratch'],
  ['delete that', 'scratch'],
  ['undo that', 'undo'],
  ['redo that', 'redo'],
  ['delete last word', 'deleteLastWord'],
  ['select that', 'selectThat'],
  ['select the abdomen', 'select', 'the abdomen'],
  ['capitalize that', 'capitalize'],
  ['all caps that', 'allCaps'],
  ['no caps that', 'noCaps'],
  ['correct that', 'correctThat'],
  ['correct metoprolol', 'correct', 'metoprolol'],
  ['choose two', 'choose', 2],
  ['choose three', 'choose', 3],
  ['choose one', 'choose', 1],
  ['insert after soft', 'insertAfter', 'soft'],
  ['go to end', 'goToEnd'],
  ['next field', 'nextField'],
  ['previous field', 'previousField'],
  ['accept defaults', 'acceptDefaults'],
  ['add that word', 'addWord'],
  ['what can i say', 'help'],
];

const quiet = { info() {}, warn() {}, error() {} };

async function decode(engine: RecognizerEngine, samples: Int16Array): Promise<{ text: string; alternatives: string[] }> {
  const finals: { text: string; alternatives: string[] }[] = [];
  const stream = engine.open({ onPartial() {}, onFinal: (f) => finals.push({ text: f.text, alternatives: f.alternatives }), onError: (e) => { throw e; } });
  for (let i = 0; i < samples.length; i += 1600) stream.write(samples.subarray(i, i + 1600));
  await stream.finish();
  const spoken = finals.filter((f) => f.text.trim());
  return spoken.length === 1 ? spoken[0]! : { text: spoken.map((f) => f.text).join(' | '), alternatives: [] };
}

/** A take of `samples` as another microphone path would hand it over: offset, louder or quieter, a little noise. */
function rendition(samples: Int16Array, take: number): Int16Array {
  if (take === 0) return samples;
  let seed = take * 7919;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const offset = Math.floor(random() * 160);
  const gain = 0.5 + random() * 0.8;
  const noise = random() * 30;
  const out = new Int16Array(samples.length + offset);
  for (let i = 0; i < samples.length; i++) out[i + offset] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * gain + (random() - 0.5) * noise)));
  return out;
}

async function main(): Promise<void> {
  const renditions = Number(process.env['RENDITIONS'] ?? 4);
  const voices = process.argv.slice(2).length ? process.argv.slice(2) : ['slt', 'rms', 'awb', 'kal16'];
  const started = performance.now();
  const config = loadConfig({ COOKIE_SECRET: 'bench-secret-that-is-long-enough-1234', RECOGNIZER_WORKERS: '1', RECOGNIZER_STREAMS_PER_WORKER: '1', ...process.env });
  const engine = await createEngine(config.recognizer, quiet);
  const loaded = performance.now() - started;
  const matcher = new VoiceCommandMatcher({}, DEFAULT_FORMAT);
  let right = 0;
  const misses: string[] = [];
  for (const voice of voices) {
    for (const [phrase, name, slot] of SAID) {
      const spoken = await speech(phrase, { voice, padSeconds: 0.3 });
      for (let take = 0; take < renditions; take++) {
      const { text, alternatives } = await decode(engine, rendition(spoken, take));
      // A choice heard as dictation still chooses (the bar takes it while its list is open, as it is after "correct that").
      const command = matcher.matchUtterance(text, alternatives) ?? matcher.choiceAmong(alternatives);
      const got = command ? (command.n ?? command.words) : undefined;
      if (command?.name === name && (slot === undefined || String(got).toLowerCase() === String(slot))) right += 1;
      else misses.push(`  [${voice} ${take}] "${phrase}" -> "${text}"${command ? ` (${command.name} ${got ?? ''})` : ''}`);
      }
    }
  }
  await engine.close();
  console.log(`vocabulary: ${config.recognizer.vocabularyFile || '(none)'}; models loaded in ${(loaded / 1000).toFixed(1)} s`);
  const said = SAID.length * voices.length * renditions;
  console.log(`commands recognised: ${right} of ${said} (${((100 * right) / said).toFixed(1)} %; ${voices.join(', ')}; ${renditions} renditions)`);
  if (misses.length) console.log(misses.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
