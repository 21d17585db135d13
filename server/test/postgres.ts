import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './redis.js';

/**
 * A real PostgreSQL (Debian's `postgresql` package) on a free loopback port, in a data directory of its own, started
 * by the test that needs it and removed after. PostgreSQL refuses to run as root: as root, it runs as the `postgres`
 * user the package creates. fsync is off: a test's database need not survive a power cut.
 */
export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error('PostgreSQL is not installed (Debian package "postgresql"): scripts/ensure-deps.mjs installs it for the tests.');
  return join(root, version, 'bin');
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'postgres-'));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })) : null;
  if (user !== null) chownSync(dir, user, Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
  const as = (command: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [string, string[]];
  const data = join(dir, 'data');
  execFileSync(...as(join(bin, 'initdb'), ['-D', data, '-U', 'dictation', '--auth=trust', '--encoding=UTF8', '--no-sync']), { stdio: 'pipe' });
  const port = await freePort();
  const child: ChildProcess = spawn(
    ...as(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off']),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  // A test process that dies without stopping it must not leave a server running.
  const orphan = () => {
    if (child.exitCode === null) execFileSync(...as(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
  };
  process.once('exit', orphan);
  const url = `postgres://dictation@127.0.0.1:${port}/postgres`;
  for (const deadline = Date.now() + 20_000; ; ) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}):\n${output}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not start within 20 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    async stop() {
      process.off('exit', orphan);
      if (child.exitCode === null) {
        // pg_ctl, not a signal to the child: as root the child is runuser, which does not pass signals on.
        execFileSync(...as(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']), { stdio: 'pipe' });
        await once(child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
