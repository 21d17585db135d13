// Starts the real server (`tsx server/main.ts`) on a free port for browser and end-to-end tests, and stops it by
// signalling the server process itself (killing an npm/npx wrapper would orphan it).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers; `env` overrides the test defaults. */
export async function startApiServer(env = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dictation-test-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      USERS_FILE: join(dir, 'users.json'),
      CONTENT_DB_FILE: join(dir, 'content.db'),
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      LOG_LEVEL: 'warn',
      // The demo user and the failure-mode routes the browser tests drive.
      DEV_CONTROLS: 'true',
      // Tests record one stream at a time; fewer decoders load faster (each is ~150 MB and ~0.3 s).
      RECOGNIZER_STREAMS_PER_WORKER: '2',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${origin}/api/auth/session-status`);
      if (res.status === 401 || res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    origin,
    child,
    output: () => output,
    /** SIGTERM: graceful shutdown (sockets get 1012). SIGKILL: the process just dies. */
    stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}
