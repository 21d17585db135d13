// Requests a second and server CPU per request for `GET /api/auth/session-status` (with a live session's cookie)
// against a bare Fastify route answering the same JSON, and logins a second (scrypt on purpose). Each server in its
// own process; the load from wrk (Debian's `wrk`) on the same machine.
//
//   npx tsx bench/session-status.ts [seconds per run]
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../server/test/redis.js';

const seconds = Number(process.argv[2] ?? 10);
const ROUNDS = 3;
const median = (runs: { rps: number; usPerRequest: number }[]) => {
  const by = (key: 'rps' | 'usPerRequest') => runs.map((r) => r[key]).sort((a, b) => a - b)[runs.length >> 1]!;
  return { rps: by('rps'), usPerRequest: by('usPerRequest') };
};
const CLK_TCK = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ticks(pid: number): number {
  const stat = execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' });
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function server(variant: string, dir: string): Promise<{ child: ChildProcess; port: number; cookie: string }> {
  const port = await freePort();
  const cookieFile = join(dir, `cookies-${variant}`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/capacity/servers.ts', variant, String(port), '1', cookieFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve()));
  const cookie = variant === 'product' ? (await readFile(cookieFile, 'utf8')).trim() : '';
  return { child, port, cookie };
}

async function wrk(url: string, args: string[], pid: number): Promise<{ rps: number; usPerRequest: number }> {
  // Warm the JIT first, then measure.
  execFileSync('wrk', ['-t1', '-c20', '-d2s', ...args, url], { encoding: 'utf8' });
  const before = ticks(pid);
  const out = execFileSync('wrk', ['-t1', '-c50', `-d${seconds}s`, ...args, url], { encoding: 'utf8' });
  const cpuSeconds = (ticks(pid) - before) / CLK_TCK;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  if (non2xx > 0) throw new Error(`${non2xx} requests failed:\n${out}`);
  return { rps, usPerRequest: (cpuSeconds / (rps * seconds)) * 1e6 };
}

const dir = await mkdtemp(join(tmpdir(), 'status-bench-'));
try {
  const product = await server('product', dir);
  const bare = await server('bare-status', dir);
  await sleep(1000);
  // Alternated and taken as medians: on a shared 2-core machine one run of either can be 20 % off.
  const statusRuns: Awaited<ReturnType<typeof wrk>>[] = [];
  const ceilingRuns: Awaited<ReturnType<typeof wrk>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    statusRuns.push(await wrk(`http://127.0.0.1:${product.port}/api/auth/session-status`, ['-H', `cookie: ${product.cookie}`], product.child.pid!));
    ceilingRuns.push(await wrk(`http://127.0.0.1:${bare.port}/api/auth/session-status`, [], bare.child.pid!));
  }
  const status = median(statusRuns);
  const ceiling = median(ceilingRuns);
  const lua = join(dir, 'login.lua');
  await writeFile(
    lua,
    'wrk.method = "POST"\nwrk.body = \'{"username":"bench","password":"bench-password-1234"}\'\nwrk.headers["content-type"] = "application/json"\n',
  );
  const logins = await wrk(`http://127.0.0.1:${product.port}/api/auth/login`, ['-s', lua], product.child.pid!);
  product.child.kill('SIGKILL');
  bare.child.kill('SIGKILL');

  const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(`\n${new Date().toISOString().slice(0, 10)}, ${seconds} s per run, medians of ${ROUNDS} alternated runs, wrk -t1 -c50\n`);
  console.log('| route | requests/s | server CPU per request |');
  console.log('|---|---:|---:|');
  console.log(`| \`GET /api/auth/session-status\` (product, live session) | ${f(status.rps)} | ${f(status.usPerRequest)} µs |`);
  console.log(`| the same JSON from a bare Fastify route | ${f(ceiling.rps)} | ${f(ceiling.usPerRequest)} µs |`);
  console.log(`| ratio | ${f(status.rps / ceiling.rps, 2)}x | |`);
  console.log(`| \`POST /api/auth/login\` (scrypt N=16384) | ${f(logins.rps)} | ${f(logins.usPerRequest)} µs |`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
