// Requests a second and server CPU per request for `GET /api/auth/session-status` against a bare Fastify route answering
// the same JSON, and logins a second (scrypt on purpose). Each server in its own process; the load from autocannon (the
// Fastify team's load generator) in this one, 50 connections, each with its own live session as 50 pages would be.
// Rounds alternate between the two servers and each round is printed, so a rate that falls from round to round shows.
// On a machine with two cores or more the servers run on core 1 and the load on core 0 (taskset), so that neither
// steals the other's time: on 2 shared cores one unpinned run of either moved by 20-40 %.
//
//   npx tsx bench/session-status.ts [seconds per run] [rounds]
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../server/test/redis.js';

const seconds = Number(process.argv[2] ?? 10);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 50;
const CLK_TCK = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PINNED = availableParallelism() >= 2 && process.platform === 'linux' && process.env['PIN'] !== '0';
if (PINNED) execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });

interface Run {
  rps: number;
  usPerRequest: number;
}
const median = (runs: Run[]): Run => {
  const by = (key: keyof Run) => runs.map((r) => r[key]).sort((a, b) => a - b)[runs.length >> 1]!;
  return { rps: by('rps'), usPerRequest: by('usPerRequest') };
};

function ticks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function server(variant: string, dir: string): Promise<{ child: ChildProcess; port: number; cookies: string[] }> {
  const port = await freePort();
  const cookieFile = join(dir, `cookies-${variant}`);
  const command = [process.execPath, '--import', 'tsx', 'bench/capacity/servers.ts', variant, String(port), String(CONNECTIONS), cookieFile];
  const [file, ...args] = PINNED ? ['taskset', '-c', '1', ...command] : command;
  const child = spawn(file!, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve()));
  const cookies = variant === 'product' ? (await readFile(cookieFile, 'utf8')).trim().split('\n') : [];
  return { child, port, cookies };
}

/** `duration` seconds of load; each connection sends the cookie of its own session (when there are cookies). */
function load(url: string, duration: number, cookies: string[], request: Partial<autocannon.Request> = {}): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        ...request,
        setupRequest: (req, context: { cookie?: string }) => {
          if (cookies.length === 0) return req;
          context.cookie ??= cookies[next++ % cookies.length]!;
          return { ...req, headers: { ...req.headers, cookie: context.cookie } };
        },
      },
    ],
  });
}

async function measure(url: string, pid: number, cookies: string[], request: Partial<autocannon.Request> = {}): Promise<Run> {
  await load(url, 2, cookies, request); // the JIT warm
  const before = ticks(pid);
  const result = await load(url, seconds, cookies, request);
  const cpuSeconds = (ticks(pid) - before) / CLK_TCK;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors from ${url}`);
  const requests = result.requests.total;
  return { rps: requests / seconds, usPerRequest: (cpuSeconds / requests) * 1e6 };
}

const dir = await mkdtemp(join(tmpdir(), 'status-bench-'));
try {
  const product = await server('product', dir);
  const bare = await server('bare-status', dir);
  await sleep(1000);
  const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  // Alternated and taken as medians: on a shared 2-core machine one run of either can be 20 % off.
  const statusRuns: Run[] = [];
  const ceilingRuns: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    statusRuns.push(await measure(`http://127.0.0.1:${product.port}/api/auth/session-status`, product.child.pid!, product.cookies));
    ceilingRuns.push(await measure(`http://127.0.0.1:${bare.port}/api/auth/session-status`, bare.child.pid!, []));
    const [s, c] = [statusRuns.at(-1)!, ceilingRuns.at(-1)!];
    console.log(`round ${round + 1}: product ${f(s.rps)}/s (${f(s.usPerRequest)} µs), bare ${f(c.rps)}/s (${f(c.usPerRequest)} µs), ${f(s.rps / c.rps, 2)}x`);
  }
  const status = median(statusRuns);
  const ceiling = median(ceilingRuns);
  const login = { method: 'POST' as const, body: '{"username":"bench","password":"bench-password-1234"}', headers: { 'content-type': 'application/json' } };
  const logins = await measure(`http://127.0.0.1:${product.port}/api/auth/login`, product.child.pid!, [], login);
  product.child.kill('SIGKILL');
  bare.child.kill('SIGKILL');

  console.log(`\n${new Date().toISOString().slice(0, 10)}, ${seconds} s per run, medians of ${ROUNDS} alternated runs, autocannon, ${CONNECTIONS} connections each with its own session\n`);
  console.log('| route | requests/s | server CPU per request |');
  console.log('|---|---:|---:|');
  console.log(`| \`GET /api/auth/session-status\` (product, live sessions) | ${f(status.rps)} | ${f(status.usPerRequest)} µs |`);
  console.log(`| the same JSON from a bare Fastify route | ${f(ceiling.rps)} | ${f(ceiling.usPerRequest)} µs |`);
  console.log(`| ratio | ${f(status.rps / ceiling.rps, 2)}x | |`);
  console.log(`| \`POST /api/auth/login\` (scrypt N=16384) | ${f(logins.rps)} | ${f(logins.usPerRequest)} µs |`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
