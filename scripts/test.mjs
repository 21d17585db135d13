// `npm test`: every suite in order, output passed through, then one line with the total across runners.
import { spawn } from 'node:child_process';

const steps = [
  ['typecheck', 'npm run --silent typecheck'],
  ['shape', 'node scripts/check-shape.mjs'],
  ['lint', 'npm run --silent lint'],
  // The server, and the components' logic that needs no browser (node:test).
  ['node', 'npm run --silent test:node'],
  ['components', 'npm run --silent test:browser'],
  ['build', 'npm run --silent build'],
  ['bundle size', 'node scripts/bundle-ceiling.mjs'],
  ['end to end', 'npm run --silent test:e2e'],
  ['manifest', 'npm run --silent analyze:check'],
];

/** Counts from node:test ("ℹ pass 3", "ℹ fail 0") and web-test-runner ("37 passed, 0 failed"). */
function count(output) {
  const last = (re) => [...output.matchAll(re)].map((m) => Number(m[1])).at(-1);
  const pass = last(/^ℹ pass (\d+)/gm) ?? last(/(\d+) passed, \d+ failed/g) ?? 0;
  const fail = last(/^ℹ fail (\d+)/gm) ?? last(/\d+ passed, (\d+) failed/g) ?? 0;
  return { pass, fail };
}

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let passed = 0;
let failed = 0;
for (const [name, command] of steps) {
  console.log(`\n=== ${name}: ${command}`);
  const { code, output } = await run(command);
  const { pass, fail } = count(output);
  passed += pass;
  failed += fail;
  if (code !== 0) {
    console.error(`\n=== ${name} failed (exit ${code})`);
    console.log(`Tests: ${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(code);
  }
}
console.log(`\nTests: ${passed} passed, ${failed} failed`);
