// The abuse suite: hostile clients against the real server process, with healthy sessions alongside. `npm test` runs
// the short version; `npm run test:abuse` the long one (ABUSE=long: 500,000 bad frames). Figures: SECURITY.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startApiServer, type ApiServer } from '../scripts/api-server.mjs';
import { writeUser } from '../server/users/user-directory.js';
import { sleep } from './demo-page.js';

const LONG = process.env['ABUSE'] === 'long';
const ABUSE = LONG ? { durationMs: 120_000, frames: 500_000 } : { durationMs: 6_000, frames: 60_000 };
const PASSWORD = 'abuse suite passphrase';
const CROWD = 40;

/** Resident memory of the server process (decoder threads included), in MiB. */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** A well-behaved clinician, its keep-alives sped up to one every 25 ms so that a short run has enough round trips for a p99. */
class Healthy {
  readonly roundTrips: number[] = [];
  readonly messages: { type: string; code?: string }[] = [];
  closedWith: number | null = null;
  #timer: NodeJS.Timeout | undefined;
  #sent = new Map<number, number>();
  #id = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: number; code?: string };
      if (message.type === 'keepalive-ack') {
        const sentAt = this.#sent.get(message.id!);
        if (sentAt !== undefined) this.roundTrips.push(performance.now() - sentAt);
      } else this.messages.push(message);
    });
    ws.on('close', (code) => (this.closedWith = code));
    this.#timer = setInterval(() => {
      this.#sent.set(++this.#id, performance.now());
      ws.send(JSON.stringify({ type: 'keepalive', id: this.#id }));
    }, 25);
  }

  static async connect(origin: string, user: string): Promise<Healthy> {
    const res = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: PASSWORD }),
    });
    assert.equal(res.status, 200, `${user} logs in`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('dictation_session='))!.split(';')[0]!;
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/dictation`, { headers: { cookie } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Healthy(ws);
  }

  /** Starts a recording; resolves with the server's answer and how long it took. */
  async start(): Promise<{ answer: { type: string; code?: string }; ms: number }> {
    const at = performance.now();
    const seen = this.messages.length;
    this.ws.send(JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le' }));
    for (;;) {
      const answer = this.messages.slice(seen).find((m) => m.type === 'started' || m.type === 'error');
      if (answer) return { answer, ms: performance.now() - at };
      await sleep(10);
    }
  }

  async record(seconds: number): Promise<void> {
    assert.equal((await this.start()).answer.type, 'started');
    for (let i = 0; i < seconds * 10; i++) this.ws.send(Buffer.alloc(3200, i));
    await this.stop();
  }

  async stop(): Promise<void> {
    const seen = this.messages.length;
    this.ws.send(JSON.stringify({ type: 'stop' }));
    while (!this.messages.slice(seen).some((m) => m.type === 'stopped')) await sleep(10);
  }

  /** Round trips measured from now on. */
  mark(): number {
    return this.roundTrips.length;
  }

  close(): void {
    clearInterval(this.#timer);
    this.ws.close();
  }
}

/**
 * Starts the attackers' process (its TypeScript loads now, not during the measurement); `go()` starts the attack and
 * resolves with its summary. The attackers stand for clients on other machines, so they run at a lower priority than
 * the server on this shared 2-core machine; the server's own decoder threads are lowered by the server itself.
 */
function prepareAbusers(origin: string): { go(): Promise<Record<string, unknown>> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/abuse/abusers.ts'], {
    env: {
      ...process.env,
      ABUSE_ORIGIN: origin,
      ABUSE_DURATION_MS: String(ABUSE.durationMs),
      ABUSE_FRAMES: String(ABUSE.frames),
      ABUSE_SESSION_USERS: String(CROWD),
      ABUSE_PASSWORD: PASSWORD,
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  setPriority(child.pid!, 10);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const done = new Promise<Record<string, unknown>>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`abusers exited ${code}: ${out}`)))),
  );
  return {
    go() {
      child.stdin.write('go\n');
      return done;
    },
  };
}

test(`hostile clients (${LONG ? 'long' : 'short'} run): no crash, no 5xx, bounded memory, healthy sessions unharmed`, { timeout: ABUSE.durationMs + 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'abuse-'));
  const usersFile = join(dir, 'users.json');
  for (const user of ['healthy0', 'healthy1', 'healthy2', 'flooder', 'audio', 'sockets', ...Array.from({ length: CROWD }, (_, i) => `crowd${i}`)]) {
    await writeUser(usersFile, user, PASSWORD);
  }
  const server: ApiServer = await startApiServer({
    USERS_FILE: usersFile,
    DEV_CONTROLS: 'false',
    LOGIN_RATE_LIMIT_PER_MINUTE: '120',
    RECOGNIZER_WORKERS: '1',
    RECOGNIZER_STREAMS_PER_WORKER: '3',
  });
  const pid = server.child.pid!;
  let healthy: Healthy[] = [];
  try {
    const abusers = prepareAbusers(server.origin);
    healthy = await Promise.all([0, 1, 2].map((i) => Healthy.connect(server.origin, `healthy${i}`)));
    // Warm up as a server in service is: every decoder used, and logins in parallel (scrypt takes 16 MiB in each
    // thread-pool thread, and the allocator keeps it for the next login). Then take the baselines.
    await Promise.all(healthy.map((h) => h.record(2)));
    await Promise.all(Array.from({ length: 8 }, () => fetch(`${server.origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'crowd0', password: PASSWORD }),
    })));
    await sleep(3000);
    const baselineFrom = healthy.map((h) => h.mark());
    await sleep(3000);
    const baselineRtt = healthy.flatMap((h, i) => h.roundTrips.slice(baselineFrom[i]));
    const baselineRss = await rssMiB(pid);

    const abuseFrom = healthy.map((h) => h.mark());
    const attack = abusers.go();
    // Mid-attack, with the audio flooder holding its two recordings, another user can still dictate.
    await sleep(Math.min(3000, ABUSE.durationMs / 2));
    const during = await healthy[1]!.start();
    let peakRss = await rssMiB(pid);
    const summary = await attack;
    const abuseRtt = healthy.flatMap((h, i) => h.roundTrips.slice(abuseFrom[i]));
    await healthy[1]!.stop();
    // The flooder just went: both of its decoders are free at once for other users.
    const after = await Promise.all([healthy[1]!.start(), healthy[2]!.start()]);
    await Promise.all([healthy[1]!.stop(), healthy[2]!.stop()]);
    peakRss = Math.max(peakRss, await rssMiB(pid));
    await sleep(5000);
    const afterRss = await rssMiB(pid);

    const report = {
      abuse: summary,
      baseline: { rttP99: percentile(baselineRtt, 99), rssMiB: baselineRss },
      duringAbuse: { rttP99: percentile(abuseRtt, 99), rttSamples: abuseRtt.length, startAnswer: during, peakRssMiB: peakRss },
      afterAbuse: { starts: after, rssMiB: afterRss },
    };
    console.log(JSON.stringify(report, null, 2));

    assert.equal(server.child.exitCode, null, 'the server is still running');
    const statuses = Object.keys(summary['httpStatuses'] as object).map(Number);
    assert.ok(statuses.every((s) => s < 500), `no 5xx: ${statuses}`);
    assert.ok(healthy.every((h) => h.closedWith === null), 'no healthy socket was closed');
    assert.ok((summary['badFrames'] as number) > 0);
    // Spoofed X-Forwarded-For buys nothing: five guesses for the account, then 429 whatever address is claimed.
    if (!process.env['ABUSE_ONLY']) assert.deepEqual(summary['spoofedGuesses'], { 401: 5, 429: 25 });
    const same = summary['sameSessionSockets'] as { opened: number; kept: number };
    assert.ok(same.kept <= 8, `${same.kept} sockets kept on one session`);
    assert.equal(during.answer.type, 'started', JSON.stringify(during));
    for (const start of after) {
      assert.equal(start.answer.type, 'started', JSON.stringify(start));
      assert.ok(start.ms < 2000, `started after ${Math.round(start.ms)} ms`);
    }
    assert.ok(afterRss <= baselineRss * 1.2, `memory ${Math.round(afterRss)} MiB after, ${Math.round(baselineRss)} MiB before`);
    const p99 = percentile(abuseRtt, 99);
    const base = percentile(baselineRtt, 99);
    // Twice the baseline, or 25 ms over it: on a shared 2-core machine the short run's 40 logins at once (scrypt on
    // the thread pool) take the CPU for a second of its six, and the baseline itself moves from 2 to 20 ms between
    // runs. Before these limits the flood made it 362 ms; the long run meets twice the baseline outright.
    assert.ok(p99 <= Math.max(2 * base, base + 25), `keep-alive p99 ${p99.toFixed(1)} ms under abuse, ${base.toFixed(1)} ms before`);
  } catch (err) {
    console.error(server.output());
    throw err;
  } finally {
    // Always: a failed assertion must fail the test, not leave the healthy clients' timers holding the process open.
    for (const h of healthy) h.close();
    await server.stop('SIGKILL');
  }
});
