// One server under test, in its own process: `node --expose-gc --import tsx bench/capacity/servers.ts <variant> <port>
// [sessions] [cookie-file]`. Every variant speaks the product's keep-alive protocol (JSON `keepalive` -> `keepalive-ack`
// with the same id) on /api/dictation. On SIGUSR2 it collects garbage and prints its memory as one JSON line.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { writeHeapSnapshot } from 'node:v8';

const [variant = 'product', portArg = '0', sessionsArg = '0', cookieFile = ''] = process.argv.slice(2);
const port = Number(portArg);

// A clean exit on SIGINT, so --cpu-prof can write its profile.
process.on('SIGINT', () => process.exit(0));
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  // To see where a socket's memory goes: HEAP_SNAPSHOT=dir writes a snapshot each time.
  if (process.env['HEAP_SNAPSHOT']) writeHeapSnapshot(`${process.env['HEAP_SNAPSHOT']}/${variant}-${Date.now()}.heapsnapshot`);
  const { rss, heapUsed } = process.memoryUsage();
  console.log(JSON.stringify({ memory: { rss, heapUsed } }));
});

const ack = (raw: string): string | null => {
  const message = JSON.parse(raw) as { type?: string; id?: number };
  return message.type === 'keepalive' ? JSON.stringify({ type: 'keepalive-ack', id: message.id }) : null;
};

async function product(): Promise<void> {
  const { buildApp } = await import('../../server/app.js');
  const { loadConfig } = await import('../../server/config.js');
  const { UserDirectory } = await import('../../server/users/user-directory.js');
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    RECOGNIZER: 'none',
    COOKIE_SECRET: process.env['COOKIE_SECRET'] ?? 'bench-secret-that-is-long-enough-1234567',
    MAX_SOCKETS_PER_IP: '1000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000000',
  });
  // One user for the login benchmark (bench/session-status.ts).
  const users = await UserDirectory.withPasswords({ bench: 'bench-password-1234' });
  const app = await buildApp({ config, users });
  // Sessions are made directly (a login costs a deliberately slow scrypt; logins/s is measured on its own).
  const cookies: string[] = [];
  for (let i = 0; i < Number(sessionsArg); i++) {
    const record = await app.dictation.sessions.create(`user${i}`);
    cookies.push(`dictation_session=${app.dictation.cookies.signer.sign(record.id)}`);
  }
  if (cookieFile) await writeFile(cookieFile, cookies.join('\n'));
  await app.listen({ port, host: '127.0.0.1' });
}

async function fastifyWebsocket(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { default: websocket } = await import('@fastify/websocket');
  const app = Fastify();
  await app.register(websocket);
  app.get('/api/dictation', { websocket: true }, (socket) => {
    socket.on('message', (data) => {
      const reply = ack(data.toString());
      if (reply) socket.send(reply);
    });
  });
  await app.listen({ port, host: '127.0.0.1' });
}

async function ws(): Promise<void> {
  const { WebSocketServer } = await import('ws');
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/api/dictation' });
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const reply = ack(data.toString());
      if (reply) socket.send(reply);
    });
  });
  server.listen(port, '127.0.0.1');
}

async function socketIo(): Promise<void> {
  const { Server } = await import('socket.io');
  const server = createServer();
  const io = new Server(server, { path: '/api/dictation', transports: ['websocket'], serveClient: false });
  io.on('connection', (socket) => {
    socket.on('message', (raw: string) => {
      const reply = ack(raw);
      if (reply) socket.emit('message', reply);
    });
  });
  server.listen(port, '127.0.0.1');
}

/** A bare Fastify route answering what session-status answers: the ceiling for bench/session-status.ts. */
async function bareStatus(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  app.get('/api/auth/session-status', async () => ({
    user: 'user0',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    lastActivityAt: new Date().toISOString(),
    serverTime: new Date().toISOString(),
    idleTimeoutSeconds: 3600,
  }));
  await app.listen({ port, host: '127.0.0.1' });
}

/** Sessions made straight in Redis for the product's WORKERS processes (`seed-redis`, then exits). */
async function seedRedis(): Promise<void> {
  const { Signer } = await import('@fastify/cookie');
  const { RedisSessionStore } = await import('../../server/sessions/redis-session-store.js');
  const { SessionService } = await import('../../server/sessions/session-service.js');
  const store = await RedisSessionStore.connect({ url: process.env['REDIS_URL']!, prefix: process.env['REDIS_PREFIX'] ?? 'dictation:' });
  const sessions = new SessionService(
    store,
    { idleTimeoutMs: 3_600_000, extensionMs: 1_800_000, absoluteTimeoutMs: 43_200_000, socketGraceMs: 5000 },
    Date.now,
  );
  const signer = new Signer(process.env['COOKIE_SECRET']!);
  const cookies: string[] = [];
  const n = Number(sessionsArg);
  for (let i = 0; i < n; i += 500) {
    const batch = await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, j) => sessions.create(`user${i + j}`)));
    for (const record of batch) cookies.push(`dictation_session=${signer.sign(record.id)}`);
  }
  await writeFile(cookieFile, cookies.join('\n'));
  await store.disconnect();
  process.exit(0);
}

const variants: Record<string, () => Promise<void>> = {
  product,
  'fastify-websocket': fastifyWebsocket,
  ws,
  'socket.io': socketIo,
  'seed-redis': seedRedis,
  'bare-status': bareStatus,
};
await variants[variant]!();
console.log(JSON.stringify({ listening: port }));
