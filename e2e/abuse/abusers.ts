// The hostile clients of the abuse suite, in a process of their own so the healthy clients' round trips are measured
// by an event loop the flood does not slow. Run by e2e/abuse.test.ts: reads ABUSE_* from the environment, waits for
// a line on stdin, runs every attack at once until ABUSE_DURATION_MS passes (the bad-frame floods until ABUSE_FRAMES
// were sent), prints one JSON summary line.
import WebSocket from 'ws';

const origin = process.env['ABUSE_ORIGIN']!;
const wsUrl = `${origin.replace(/^http/, 'ws')}/api/dictation`;
const durationMs = Number(process.env['ABUSE_DURATION_MS']);
const frameBudget = Number(process.env['ABUSE_FRAMES']);
const sessionUsers = Number(process.env['ABUSE_SESSION_USERS']);
const PASSWORD = process.env['ABUSE_PASSWORD']!;
// Loaded before the baseline is measured; the attack starts on a line on stdin.
await new Promise((resolve) => process.stdin.once('data', resolve));
const deadline = Date.now() + durationMs;
const running = () => Date.now() < deadline;
/** The bad-frame attackers stop early once the frame budget is spent. */
const flooding = () => running() && summary.badFrames < frameBudget;

const summary = {
  badFrames: 0,
  neverReadSockets: 0,
  audioSeconds: 0,
  closeCodes: {} as Record<string, number>,
  httpStatuses: {} as Record<string, number>,
  sameSessionSockets: { opened: 0, refused: 0, kept: 0 },
  spoofedGuesses: {} as Record<string, number>,
};
const count = (map: Record<string, number>, key: string | number) => (map[key] = (map[key] ?? 0) + 1);

async function login(username: string, headers: Record<string, string> = {}): Promise<string | null> {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  count(summary.httpStatuses, res.status);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('dictation_session='));
  return res.ok && cookie ? cookie.split(';')[0]! : null;
}

function open(cookie: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers: { cookie } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      count(summary.httpStatuses, res.statusCode ?? 0);
      reject(new Error(`upgrade ${res.statusCode}`));
    });
    ws.once('error', reject);
    ws.on('close', (code) => count(summary.closeCodes, code));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Floods bad frames and never reads; when the server closes it, comes back with a new socket. */
async function floodAndNeverRead(cookie: string): Promise<void> {
  while (flooding()) {
    const ws = await open(cookie).catch(() => null);
    if (!ws) return;
    summary.neverReadSockets++;
    (ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    while (flooding() && ws.readyState === ws.OPEN) {
      // Keep this process's own memory bounded: the point is to fill the server's buffers, not ours.
      if (ws.bufferedAmount > 4 * 1024 * 1024) {
        await sleep(10);
        continue;
      }
      for (let i = 0; i < 500; i++) ws.send('{"type":');
      summary.badFrames += 500;
      await sleep(0);
    }
    ws.terminate();
  }
}

/** Random text and binary frames on a socket that does read. */
async function fuzz(cookie: string): Promise<void> {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const samples = ['{', 'null', '{"type":null}', '{"type":"keepalive","id":-1}', '{"__proto__":{"type":"stop"}}', '{"type":"start"}'];
  while (flooding()) {
    const ws = await open(cookie).catch(() => null);
    if (!ws) return;
    ws.on('message', () => undefined);
    while (flooding() && ws.readyState === ws.OPEN) {
      for (let i = 0; i < 100; i++) {
        const kind = random();
        if (kind < 0.4) ws.send(samples[Math.floor(random() * samples.length)]!);
        else if (kind < 0.7) ws.send(Buffer.alloc(Math.floor(random() * 3000), Math.floor(random() * 256)));
        else ws.send('x'.repeat(Math.floor(random() * 500)));
      }
      summary.badFrames += 100;
      await sleep(ws.bufferedAmount > 1024 * 1024 ? 20 : 1);
    }
    ws.terminate();
  }
}

/** Two recordings (the per-user limit) fed audio at ten times real time, as long as the attack lasts. */
async function audioAtTenTimes(cookie: string): Promise<void> {
  const sockets = await Promise.all([open(cookie), open(cookie)]);
  for (const ws of sockets) {
    ws.on('message', () => undefined);
    ws.send(JSON.stringify({ type: 'start', sampleRate: 16000, encoding: 'pcm_s16le' }));
  }
  const second = Buffer.alloc(32000);
  for (let i = 0; i < second.length; i += 2) second.writeInt16LE(Math.round(3000 * Math.sin(i / 7)), i);
  while (running()) {
    for (const ws of sockets) {
      if (ws.readyState !== ws.OPEN || ws.bufferedAmount > 2 * 1024 * 1024) continue;
      ws.send(second);
      summary.audioSeconds++;
    }
    await sleep(100); // 10 seconds of audio a second
  }
  // The flooder goes: the decoders it held must be free for others at once.
  for (const ws of sockets) ws.terminate();
}

/** A thousand sockets on one session. */
async function manySocketsOneSession(cookie: string): Promise<void> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < 1000; i++) {
    const ws = await open(cookie).catch(() => null);
    if (!ws) continue;
    summary.sameSessionSockets.opened++;
    ws.once('close', (code) => code === 4007 && summary.sameSessionSockets.refused++);
    sockets.push(ws);
  }
  while (running()) await sleep(100);
  summary.sameSessionSockets.kept = sockets.filter((ws) => ws.readyState === ws.OPEN).length;
  for (const ws of sockets) ws.terminate();
}

/** Many sessions from this one address, each with every socket it may have. */
async function manySessions(): Promise<void> {
  const sockets: WebSocket[] = [];
  for (let u = 0; u < sessionUsers; u++) {
    const cookie = await login(`crowd${u}`);
    if (!cookie) continue;
    for (let i = 0; i < 8; i++) {
      const ws = await open(cookie).catch(() => null);
      if (ws) sockets.push(ws);
    }
  }
  while (running()) await sleep(100);
  for (const ws of sockets) ws.terminate();
}

/** Password guesses for a real account, each claiming another address in X-Forwarded-For. */
async function spoofedGuesses(): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const res = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` },
      body: JSON.stringify({ username: 'healthy0', password: `guess ${i} guess guess` }),
    });
    count(summary.spoofedGuesses, res.status);
    count(summary.httpStatuses, res.status);
  }
}

const flooderCookie = (await login('flooder'))!;
const audioCookie = (await login('audio'))!;
const socketsCookie = (await login('sockets'))!;
const attacks: Record<string, () => Promise<void>> = {
  'never-read': () => Promise.all([floodAndNeverRead(flooderCookie), floodAndNeverRead(flooderCookie)]).then(() => undefined),
  fuzz: () => fuzz(flooderCookie),
  audio: () => audioAtTenTimes(audioCookie),
  'one-session': () => manySocketsOneSession(socketsCookie),
  crowd: () => manySessions(),
  spoof: () => spoofedGuesses(),
};
// ABUSE_ONLY=fuzz,audio runs only those (to see what each one costs).
const only = process.env['ABUSE_ONLY']?.split(',');
await Promise.all(Object.entries(attacks).filter(([name]) => !only || only.includes(name)).map(([, attack]) => attack()));
console.log(JSON.stringify(summary));
process.exit(0);
