import type { TestContext } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildApp, type AppOptions } from '../app.js';
import { loadConfig } from '../config.js';
import { UserDirectory } from '../users/user-directory.js';

/** A clock that only moves when told to. */
export class ManualClock {
  now = Date.parse('2026-01-01T08:00:00.000Z');
  readonly fn = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export const MINUTE = 60_000;

let usersPromise: Promise<UserDirectory> | undefined;
/** Hashing is deliberately slow; share one directory across tests. */
export const testUsers = () =>
  (usersPromise ??= UserDirectory.withPasswords({ alice: 'wonderland', bob: 'builder' }, { alice: [{ team: 'cardiology', admin: true }], bob: [{ team: 'cardiology' }] }));

export interface Built {
  app: FastifyInstance;
  clock: ManualClock;
}

/** Builds the app with a manual clock and test defaults; closed when the test ends. */
export async function build(
  t: TestContext,
  env: Record<string, string> = {},
  extra: Partial<AppOptions> = {},
  /** Instances of one deployment share a clock in tests. */
  clock = new ManualClock(),
): Promise<Built> {
  const config = loadConfig({
    COOKIE_SECRET: 'test-secret-that-is-long-enough-123456',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    // Tests about recognition pass a shared engine (see test/engine.ts); the rest need none.
    RECOGNIZER: 'none',
    // The failure-mode routes are fault injection for the tests too.
    DEV_CONTROLS: 'true',
    // Users' words and auto-texts in a database of the test's own.
    CONTENT_DB_FILE: ':memory:',
    ...env,
  });
  const app = await buildApp({ config, users: await testUsers(), clock: clock.fn, sweepIntervalMs: 3_600_000, ...extra });
  t.after(() => app.close());
  await app.ready();
  return { app, clock };
}

/** Logs in through the real route and returns the `cookie` header value to send back. */
export async function login(app: FastifyInstance, username = 'alice', password = 'wonderland'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'dictation_session');
  if (!cookie) throw new Error('no session cookie');
  return `${cookie.name}=${cookie.value}`;
}

/**
 * Logs in as demo/demo over real HTTP, retrying for up to 30 s while the server (a child process) starts; resolves
 * the `cookie` header value, or '' if it never answered.
 */
export async function loginWhenUp(origin: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo' }),
    }).catch(() => null);
    if (res?.ok) return res.headers.getSetCookie().find((c) => c.startsWith('dictation_session='))!.split(';')[0]!;
    await tick(100);
  }
  return '';
}

export async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

export interface OpenSocket {
  ws: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  next(): Promise<unknown>;
}

/** Opens a real socket to the dictation endpoint and records what it receives. */
export function openSocket(port: number, headers: Record<string, string> = {}, path = '/api/dictation'): Promise<OpenSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
  const messages: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as unknown;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        next: () => (messages.length ? Promise.resolve(messages.shift()) : new Promise((r) => waiters.push(r))),
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Reads a socket's messages until one of `type` arrives; returns all of them, that one last. */
export async function untilMessage<M extends { type: string }>(socket: OpenSocket, type: string): Promise<M[]> {
  const seen: M[] = [];
  for (;;) {
    const message = (await socket.next()) as M;
    seen.push(message);
    if (message.type === type) return seen;
  }
}

export const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
