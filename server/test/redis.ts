import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real redis-server (Debian's) on a free loopback port: each test run starts its own. With `persist`, every write
 * goes to an append-only file first (as a production Redis should be run), so a killed and restarted server still has
 * the sessions.
 */
export interface TestRedis {
  port: number;
  url: string;
  /** SIGKILL: the server is gone at once, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty unless it persists). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const REDIS_SERVER = process.env['REDIS_SERVER'] ?? '/usr/bin/redis-server';

/** A loopback port nobody listens on (yet). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export async function startRedis(options: { persist?: boolean } = {}): Promise<TestRedis> {
  let port = await freePort();
  const dir = options.persist ? await mkdtemp(join(tmpdir(), 'redis-')) : null;
  const persistence = dir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir] : ['--appendonly', 'no'];
  let child: ChildProcess | null = null;

  const launch = async (): Promise<boolean> => {
    const proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--protected-mode', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ready = await new Promise<boolean>((resolve) => {
      const check = setInterval(() => {
        if (output.includes('Ready to accept connections')) done(true);
      }, 20);
      const done = (ok: boolean) => {
        clearInterval(check);
        resolve(ok);
      };
      proc.once('exit', () => done(false));
    });
    if (ready) child = proc;
    return ready;
  };

  const start = async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await launch()) return;
      // The port was taken between finding it and binding it: another one.
      if (attempt < 4 && !child) port = await freePort();
    }
    throw new Error(`redis-server (${REDIS_SERVER}) did not start`);
  };

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    proc.kill(signal);
    await once(proc, 'exit');
  };

  await start();
  return {
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    kill: () => kill('SIGKILL'),
    start: async () => {
      if (!(await launch())) throw new Error('redis-server did not restart on its port');
    },
    stop: async () => {
      await kill('SIGTERM');
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
