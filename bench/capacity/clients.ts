// Load client (one process of several): `clients.ts <variant> <port> <count> <localAddress> [cookie-file offset]`.
// Opens `count` sockets from `localAddress` (several loopback addresses give the clients enough ports), then sends
// each one's keep-alive every 20 s at its own phase, as bars do. Told over IPC when to start and stop measuring; answers
// with the round trips seen meanwhile and the failures.
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';

const [variant = 'product', port = '0', countArg = '0', localAddress = '127.0.0.1', cookieFile = '', offsetArg = '0'] = process.argv.slice(2);
const count = Number(countArg);
const INTERVAL_MS = 20_000;
const ACK_TIMEOUT_MS = 5_000;
const SLOT_MS = 50;

interface Link {
  send(text: string): void;
  open: boolean;
  nextId: number;
  outstanding: { id: number; at: number } | null;
}

const cookies = cookieFile ? (await readFile(cookieFile, 'utf8')).split('\n').slice(Number(offsetArg), Number(offsetArg) + count) : [];
const links: Link[] = [];
let failedToOpen = 0;
const closeCodes = new Map<number, number>();
const openErrors = new Map<string, number>();
const failed = (reason: string) => openErrors.set(reason, (openErrors.get(reason) ?? 0) + 1);
let closed = 0;
let timeouts = 0;
let measuring = false;
let rtts: number[] = [];

function received(link: Link, text: string): void {
  const message = JSON.parse(text) as { type: string; id: number };
  if (message.type !== 'keepalive-ack' || !link.outstanding || link.outstanding.id !== message.id) return;
  if (measuring) rtts.push(performance.now() - link.outstanding.at);
  link.outstanding = null;
}

function connect(index: number): Promise<Link | null> {
  return new Promise((resolve) => {
    const link: Link = { send: () => undefined, open: false, nextId: 1, outstanding: null };
    const url = `ws://127.0.0.1:${port}/api/dictation`;
    if (variant === 'socket.io') {
      const socket: Socket = io(`http://127.0.0.1:${port}`, {
        path: '/api/dictation',
        transports: ['websocket'],
        reconnection: false,
        localAddress,
      } as Parameters<typeof io>[1]);
      link.send = (text) => socket.emit('message', text);
      socket.on('message', (text: string) => received(link, text));
      socket.on('connect', () => {
        link.open = true;
        resolve(link);
      });
      socket.on('connect_error', (err) => {
        failed(err.message);
        resolve(null);
      });
      socket.on('disconnect', () => {
        if (link.open) closed++;
        link.open = false;
      });
      return;
    }
    const headers: Record<string, string> = cookies[index] ? { cookie: cookies[index]! } : {};
    const socket = new WebSocket(url, { headers, localAddress, perMessageDeflate: false });
    link.send = (text) => socket.send(text);
    socket.on('message', (data) => received(link, data.toString()));
    socket.on('open', () => {
      link.open = true;
      resolve(link);
    });
    socket.on('error', (err) => {
      failed(err.message);
      resolve(null);
    });
    socket.on('unexpected-response', (_req, res) => {
      failed(`HTTP ${res.statusCode}`);
      resolve(null);
    });
    socket.on('close', (code) => {
      if (link.open) {
        closed++;
        closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
      }
      link.open = false;
    });
  });
}

// Each socket's keep-alive falls in one of the interval's slots, spread evenly (bars open at random moments). The
// keep-alives start as soon as a socket is open: the product closes a socket silent for two intervals (40 s), and
// opening thousands takes longer than that.
const slots: Link[][] = Array.from({ length: INTERVAL_MS / SLOT_MS }, () => []);
// Slots follow the clock, not the ticks: a tick that comes late (this process is busy opening sockets) catches up on
// every slot it missed, so no socket goes longer than the interval without its keep-alive.
const startedAt = performance.now();
let done = 0;
setInterval(() => {
  const now = performance.now();
  const due = Math.floor((now - startedAt) / SLOT_MS);
  for (; done < due; done++) {
    for (const link of slots[done % slots.length]!) {
      if (!link.open) continue;
      if (link.outstanding && now - link.outstanding.at > ACK_TIMEOUT_MS && measuring) timeouts++;
      link.outstanding = { id: link.nextId++, at: now };
      link.send(JSON.stringify({ type: 'keepalive', id: link.outstanding.id }));
    }
  }
}, SLOT_MS);

// Open in batches, so the server's accept queue is not the thing measured.
for (let i = 0; i < count; i += 200) {
  const batch = await Promise.all(Array.from({ length: Math.min(200, count - i) }, (_, j) => connect(i + j)));
  for (const link of batch) {
    if (!link) {
      failedToOpen++;
      continue;
    }
    // The first keep-alive goes on open, as a bar's does; then one an interval in its slot.
    link.outstanding = { id: link.nextId++, at: performance.now() };
    link.send(JSON.stringify({ type: 'keepalive', id: link.outstanding.id }));
    slots[(links.length * 7919) % slots.length]!.push(link);
    links.push(link);
  }
}

// This process's own event-loop delay while measuring: the client's share of the round trips.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const cpuAtStart = { usage: process.cpuUsage(), at: performance.now() };
process.on('message', (command: string) => {
  if (command === 'start') {
    measuring = true;
    rtts = [];
    timeouts = 0;
    loopDelay.reset();
    loopDelay.enable();
    cpuAtStart.usage = process.cpuUsage();
    cpuAtStart.at = performance.now();
  } else if (command === 'stop') {
    measuring = false;
    loopDelay.disable();
    const cpu = process.cpuUsage(cpuAtStart.usage);
    process.send!({
      rtts,
      timeouts,
      closed,
      open: links.filter((l) => l.open).length,
      closeCodes: Object.fromEntries(closeCodes),
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / (performance.now() - cpuAtStart.at)) * 100,
    });
  } else if (command === 'exit') {
    process.exit(0);
  }
});
process.send!({ opened: links.length, failedToOpen, openErrors: Object.fromEntries(openErrors) });
