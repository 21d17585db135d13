// Capacity, side by side in one run: authenticated keep-alive sockets (20 s interval, acks) held by the product and
// by the same protocol on bare @fastify/websocket, socket.io 4 and ws, each server in its own process, the load
// clients in other processes on the same machine.
//
//   npx tsx bench/capacity.ts single 10000 17000      one process of each variant at each N
//   npx tsx bench/capacity.ts redis 50000 100000      the product on Redis with enough WORKERS processes at each N
//   ROUNDS=3 ...                                      each variant 3 times, alternated, and the medians
//
// Per run: server RSS and heap growth per socket (after a GC), server CPU at steady state (% of one core, over two
// keep-alive intervals), keep-alive round trip p50/p99/max over the same window, and failures (sockets that did not
// open, closed, or keep-alives unanswered for 5 s). CPU_PROFILE=dir writes each single-process server's CPU profile.
import { fork, spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { freePort, startRedis } from '../server/test/redis.js';

const [mode = 'single', ...sizes] = process.argv.slice(2);
const counts = sizes.length ? sizes.map(Number) : mode === 'single' ? [10_000, 17_000] : [50_000];
const VARIANTS = process.env['VARIANTS']?.split(',') ?? (mode === 'single' ? ['product', 'fastify-websocket', 'socket.io', 'ws'] : ['product']);
const SOCKETS_PER_CLIENT = Number(process.env["SOCKETS_PER_CLIENT"] ?? 9_000);
const PER_SERVER_PROCESS = 17_000;
const WARM_MS = Number(process.env["WARM_MS"] ?? 25_000);
const WINDOW_MS = Number(process.env["WINDOW_MS"] ?? 40_000);
const ROUNDS = Number(process.env['ROUNDS'] ?? 1);
const CLK_TCK = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** RSS (bytes) and CPU time (ticks) of a process and its children (a cluster primary and its workers). */
function usage(pid: number): { rss: number; ticks: number } {
  const pids = [pid];
  try {
    pids.push(...execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number));
  } catch {
    // no children
  }
  let rss = 0;
  let ticks = 0;
  for (const p of pids) {
    try {
      const status = execFileSync('cat', [`/proc/${p}/status`, `/proc/${p}/stat`], { encoding: 'utf8' });
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      const stat = status.slice(status.lastIndexOf(')') + 2).split(' ');
      ticks += Number(stat[11]) + Number(stat[12]);
    } catch {
      // gone
    }
  }
  return { rss, ticks };
}

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
}

async function heapOf(server: ChildProcess): Promise<number | null> {
  if (mode !== 'single') return null;
  const answer = new Promise<number>((resolve) => {
    const listener = (line: string) => {
      if (line.includes('"memory"')) resolve((JSON.parse(line) as { memory: { heapUsed: number } }).memory.heapUsed);
    };
    lines(server, listener);
  });
  server.kill('SIGUSR2');
  return Promise.race([answer, sleep(5000).then(() => null)]);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function run(variant: string, n: number, redisUrl: string | null, dir: string) {
  const port = await freePort();
  const cookieFile = join(dir, `cookies-${variant}-${n}`);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    COOKIE_SECRET: 'bench-secret-that-is-long-enough-1234567',
    MAX_SOCKETS_PER_IP: '1000000',
    LOG_LEVEL: 'warn',
  };
  let server: ChildProcess;
  if (redisUrl) {
    const prefix = `bench-${n}:`;
    Object.assign(env, { REDIS_URL: redisUrl, REDIS_PREFIX: prefix });
    const seed = spawn(process.execPath, ['--import', 'tsx', 'bench/capacity/servers.ts', 'seed-redis', '0', String(n), cookieFile], { env, stdio: 'inherit' });
    await once(seed, 'exit');
    const workers = Math.ceil(n / PER_SERVER_PROCESS);
    server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...env,
        PORT: String(port),
        WORKERS: String(workers),
        RECOGNIZER: 'none',
        DEV_CONTROLS: 'true',
        USERS_FILE: join(dir, 'users.json'),
        // Every worker measures its event-loop delay over the window (SIGUSR2 starts and ends it).
        NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import ./bench/capacity/loop-delay.mjs`.trim(),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for (let i = 0; i < 600; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/auth/session-status`).then(() => true, () => false);
      if (ok) break;
      await sleep(100);
    }
    await sleep(3000); // every worker listening
  } else {
    // One file per thread (the main one is the largest; tsx's loader thread writes one too).
    const profile = process.env['CPU_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env['CPU_PROFILE'], `${variant}-${n}`)}`] : [];
    server = spawn(process.execPath, [...profile, '--expose-gc', '--import', 'tsx', 'bench/capacity/servers.ts', variant, String(port), String(variant === 'product' ? n : 0), cookieFile], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => lines(server, (line) => line.includes('listening') && resolve()));
  }
  await sleep(2000);
  const heap0 = await heapOf(server);
  const before = usage(server.pid!);

  const clientCount = Math.ceil(n / SOCKETS_PER_CLIENT);
  const clients: ChildProcess[] = [];
  const opened: Promise<{ opened: number; failedToOpen: number }>[] = [];
  const started = performance.now();
  for (let i = 0; i < clientCount; i++) {
    const count = Math.min(SOCKETS_PER_CLIENT, n - i * SOCKETS_PER_CLIENT);
    const args = [variant === 'product' ? 'product' : variant, String(port), String(count), `127.0.0.${2 + i}`];
    if (variant === 'product') args.push(cookieFile, String(i * SOCKETS_PER_CLIENT));
    const client = fork('bench/capacity/clients.ts', args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    clients.push(client);
    opened.push(once(client, 'message').then(([m]) => m as { opened: number; failedToOpen: number }));
  }
  const openedAll = await Promise.all(opened);
  const openSeconds = (performance.now() - started) / 1000;
  const failedToOpen = openedAll.reduce((s, o) => s + o.failedToOpen, 0);
  if (failedToOpen > 0) console.error('could not open:', JSON.stringify(openedAll.map((o) => (o as { openErrors?: unknown }).openErrors)));
  await sleep(WARM_MS);

  const serverLoopDelays: { p99: number }[] = [];
  if (redisUrl) {
    lines(server, (line) => {
      if (line.startsWith('{"loopDelay"')) serverLoopDelays.push((JSON.parse(line) as { loopDelay: { p99: number } }).loopDelay);
    });
    signalWorkers(server.pid!);
  }
  for (const c of clients) c.send('start');
  const t0 = usage(server.pid!);
  const w0 = performance.now();
  await sleep(WINDOW_MS);
  const t1 = usage(server.pid!);
  const w1 = performance.now();
  const results = await Promise.all(
    clients.map((c) => {
      const answer = once(c, 'message').then(
        ([m]) => m as { rtts: number[]; timeouts: number; closed: number; open: number; loopDelayP99: number; cpuPercent: number },
      );
      c.send('stop');
      return answer;
    }),
  );
  if (redisUrl) {
    signalWorkers(server.pid!);
    await sleep(500);
  }
  const heap1 = await heapOf(server);
  const after = usage(server.pid!);
  const redisMb = redisUrl ? await redisMemory(redisUrl) : null;
  for (const c of clients) c.send('exit');
  if (process.env['CPU_PROFILE'] && !redisUrl) {
    // SIGINT lets the server exit cleanly and write its profile.
    server.kill('SIGINT');
    await once(server, 'exit');
  }
  server.kill('SIGKILL');
  try {
    execFileSync('pkill', ['-KILL', '-P', String(server.pid)]);
  } catch {
    // no children
  }
  await sleep(1000);

  const rtts = results.flatMap((r) => r.rtts).sort((a, b) => a - b);
  const closedWith = results.map((r) => (r as { closeCodes?: Record<string, number> }).closeCodes).filter((c) => c && Object.keys(c).length);
  if (closedWith.length) console.error('closed by the server, by close code:', JSON.stringify(closedWith));
  const open = results.reduce((s, r) => s + r.open, 0);
  return {
    variant: redisUrl ? `product, ${Math.ceil(n / PER_SERVER_PROCESS)} workers on Redis` : variant,
    n,
    open,
    rssPerSocketKb: (after.rss - before.rss) / 1024 / n,
    heapPerSocketKb: heap0 !== null && heap1 !== null ? (heap1 - heap0) / 1024 / n : null,
    cpuPercent: ((t1.ticks - t0.ticks) / CLK_TCK / ((w1 - w0) / 1000)) * 100,
    p50: percentile(rtts, 50),
    p99: percentile(rtts, 99),
    max: rtts.at(-1) ?? NaN,
    samples: rtts.length,
    failures: failedToOpen + results.reduce((s, r) => s + r.timeouts + r.closed, 0),
    openSeconds,
    rssMb: after.rss / 1024 / 1024,
    redisMb,
    // The worst process's event-loop delay p99 over the window, on each side, and the clients' CPU.
    serverLoopP99: serverLoopDelays.length ? Math.max(...serverLoopDelays.map((d) => d.p99)) : null,
    clientLoopP99: Math.max(...results.map((r) => r.loopDelayP99)),
    clientsCpuPercent: results.reduce((s, r) => s + r.cpuPercent, 0),
  };
}

/** SIGUSR2 to a cluster primary's workers (or the one process, WORKERS=1): loop-delay.mjs starts or ends its measure. */
function signalWorkers(primary: number): void {
  let workers: number[] = [];
  try {
    workers = execFileSync('pgrep', ['-P', String(primary)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    // no children: the server is the one process
  }
  for (const pid of workers.length ? workers : [primary]) process.kill(pid, 'SIGUSR2');
}

/** Redis's own count of the memory its data takes (sessions, indexes, presence, tombstones), in MiB. */
async function redisMemory(url: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url);
  const info = await client.info('memory');
  client.disconnect();
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN) / 1024 / 1024;
}

const dir = await mkdtemp(join(tmpdir(), 'capacity-'));
const redis = mode === 'redis' ? await startRedis() : null;
const rows: Awaited<ReturnType<typeof run>>[] = [];
try {
  for (const n of counts) {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternated order, so neither variant always runs on a warmer (or busier) machine.
      for (const variant of round % 2 ? [...VARIANTS].reverse() : VARIANTS) {
        const row = await run(variant, n, redis?.url ?? null, dir);
        rows.push(row);
        console.error(JSON.stringify(row));
      }
    }
  }
} finally {
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
}

if (ROUNDS > 1) {
  // One run's CPU moves by +-30 % here (two cores shared with the clients): the median of alternated rounds.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\nMedians of ${ROUNDS} alternated rounds\n`);
  console.log('| server | sockets | CPU (% of a core) | each round | RSS / socket | heap / socket | ack p99 |');
  console.log('|---|---:|---:|---|---:|---:|---:|');
  for (const n of counts) {
    for (const variant of VARIANTS) {
      const mine = rows.filter((r) => r.n === n && (mode === 'redis' || r.variant === variant));
      const cpu = mine.map((r) => r.cpuPercent);
      const heap = mine.map((r) => r.heapPerSocketKb ?? NaN);
      console.log(
        `| ${mine[0]!.variant} | ${n} | ${median(cpu).toFixed(1)} | ${cpu.map((c) => c.toFixed(1)).join(', ')} | ${median(mine.map((r) => r.rssPerSocketKb)).toFixed(1)} KB | ${median(heap).toFixed(1)} KB | ${median(mine.map((r) => r.p99)).toFixed(1)} ms |`,
      );
    }
  }
}

const f = (x: number | null, digits = 1) => (x === null || Number.isNaN(x) ? '-' : x.toFixed(digits));
console.log(`\n${new Date().toISOString().slice(0, 10)}, ${mode}, window ${WINDOW_MS / 1000} s after ${WARM_MS / 1000} s of warm-up\n`);
console.log(`| server | sockets | open at the end | RSS / socket | heap / socket | CPU (% of a core) | ack p50 | ack p99 | ack max | failures | server RSS | loop delay p99 (server / client) | clients' CPU |${mode === 'redis' ? ' Redis memory |' : ''}`);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${mode === 'redis' ? '---:|' : ''}`);
for (const r of rows) {
  console.log(
    `| ${r.variant} | ${r.n} | ${r.open} | ${f(r.rssPerSocketKb)} KB | ${r.heapPerSocketKb === null ? '-' : `${f(r.heapPerSocketKb)} KB`} | ${f(r.cpuPercent)} | ${f(r.p50, 2)} ms | ${f(r.p99, 2)} ms | ${f(r.max, 1)} ms | ${r.failures} | ${f(r.rssMb, 0)} MiB | ${f(r.serverLoopP99)} / ${f(r.clientLoopP99)} ms | ${f(r.clientsCpuPercent)} |${r.redisMb === null ? '' : ` ${f(r.redisMb, 0)} MiB |`}`,
  );
}
process.exit(0);
