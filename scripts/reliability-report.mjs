// Writes RELIABILITY.md from the fault matrix's results (.tmp/reliability/results.json, written by
// `npm run test:faults`), so the figures in it always come from a run of the code.
import { readFileSync, writeFileSync } from 'node:fs';

const results = JSON.parse(readFileSync('.tmp/reliability/results.json', 'utf8'));
const ms = (v) => (v === null ? 'n/a' : `${(v / 1000).toFixed(2)} s`);
const pct = (v) => `${Math.round(v * 1000) / 10} %`;

const rows = results.rows
  .map(
    (r) =>
      `| ${r.fault} | ${r.injected} | ${r.bound} | ${ms(r.detectionMs)} | ${r.spoken} | ${r.recovered} | ${r.duplicated} | ${pct(r.share)} |`,
  )
  .join('\n');

const text = `# Reliability: no word lost

The product's promise is that a clinician never loses a word. This page is made by \`npm run test:faults\` from the
end-to-end fault matrix (\`e2e/no-word-lost.test.ts\`); the figures below come from its last run
(${results.at}, ${results.host}).

## How it is measured

The fake microphone of Debian's Chromium plays a script of six clinical sentences (${results.spokenSeconds.toFixed(1)} s, flite's
\`slt\` voice, a pause after each). Each of its ${results.words} content words (as the server writes them: "120/80" and "98%" count as one) is in one sentence only, so a word found twice in the
field was inserted twice. Every row logs in to the real demo through a TCP proxy, presses Dictate, injects the fault
in the middle of the second sentence, keeps speaking to its end, presses Stop, logs in again if the session ended,
and waits until the bar has nothing left to recover. Then the field is read. (A reload or a crash comes in the
middle of the fourth sentence, so that several whole sentences were spoken before it.)

- **spoken**: the content words spoken (for a reload or a crash, those of the sentences finished before the page
  went away: the page that follows has no microphone until someone presses Dictate again).
- **recovered**: how many of them are in the field.
- **share**: recovered / what the recognizer got on the same audio with no fault (the reference run got
  ${results.reference} of ${results.words}). The goal is at least 95 %.
- **detection**: from the fault to the bar reporting the lost link (for an expiry, from the moment it was due).

## The matrix

| fault | how it is injected | detection bound | detected after | spoken | recovered | inserted twice | share |
|---|---|---|---|---|---|---|---|
${rows}

## Bounds

- **While recording**, every second of audio is acknowledged by the server (\`audio-ack\`); when anything sent (a
  frame, \`start\`, \`stop\`) has gone \`recording-timeout\` (3 s) without any message coming back, the link is lost.
  Worst case: 3 s plus one 100 ms frame (the oldest unanswered frame was sent just before the link died).
- **Idle** (not recording), the seed's keep-alive rule stands: a keep-alive every 20 s, lost after 5 s without
  its ack (at most 25 s).
- A killed server or a restart is seen at once (the socket closes); an expiry is announced by the server's 4002
  within the next second of its sweep, after the bar had already stopped streaming 4 s before it (so the page's
  last save, 2 s before expiry, has every word that reached the field).
- **Kept on the device**: while the link is down the microphone records on for up to 5 minutes (9.6 MB); then it
  stops and says so, keeping all of it.

## Running it

\`\`\`sh
npm run test:faults      # every row (about 4 minutes), then writes this file
npm test                 # includes the reference and the black-holed link, every time
FAULTS=reload npm run test:e2e -- --test-name-pattern='reference|reload'   # one row
\`\`\`
`;
writeFileSync('RELIABILITY.md', text);
console.log('wrote RELIABILITY.md');
