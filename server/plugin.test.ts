import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildHostApp } from '../examples/host-app/app.js';
import { openSocket } from './test/helpers.js';

// The example host app: its own users, session cookie, pages and 404s, with the dictation plugin under /dictation.
async function host(t: TestContext, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildHostApp({ COOKIE_SECRET: 'dictation-secret-that-is-long-enough-123', ...env });
  t.after(() => app.close());
  await app.ready();
  return app;
}

async function hostLogin(app: FastifyInstance): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'user=dr.house&password=vicodin-and-lupus',
  });
  assert.equal(res.statusCode, 302);
  const cookie = res.cookies.find((c) => c.name === 'host_session')!;
  return `${cookie.name}=${cookie.value}`;
}

const cookieOf = (res: { cookies: { name: string; value: string; path?: string }[] }, name: string) =>
  res.cookies.find((c) => c.name === name);

test('mounted in a host app: the host keeps its routes, cookie and 404s; the dictation API lives under its prefix with its own envelope', async (t) => {
  const app = await host(t);
  const notFound = await app.inject({ method: 'GET', url: '/nowhere' });
  assert.equal(notFound.statusCode, 404);
  assert.equal(notFound.body, 'Not here: /nowhere');
  const apiNotFound = await app.inject({ method: 'GET', url: '/dictation/nowhere' });
  assert.equal(apiNotFound.statusCode, 404);
  assert.equal(apiNotFound.json().error.code, 'NOT_FOUND');
  const status = await app.inject({ method: 'GET', url: '/dictation/auth/session-status' });
  assert.equal(status.statusCode, 401);
  assert.equal(status.json().error.code, 'NOT_AUTHENTICATED');
  // The host's own session goes on working beside the plugin's.
  const hostCookie = await hostLogin(app);
  assert.deepEqual((await app.inject({ method: 'GET', url: '/me', headers: { cookie: hostCookie } })).json(), { user: 'dr.house' });
});

test('the host checks the credentials: its single sign-on logs the bar in without a password; the bar’s own form is checked against the host’s users', async (t) => {
  const app = await host(t);
  const refused = await app.inject({ method: 'POST', url: '/dictation/auth/login', payload: {} });
  assert.equal(refused.statusCode, 401);
  assert.equal(refused.json().error.code, 'INVALID_CREDENTIALS');

  const hostCookie = await hostLogin(app);
  const sso = await app.inject({ method: 'POST', url: '/dictation/auth/login', payload: {}, headers: { cookie: hostCookie } });
  assert.equal(sso.statusCode, 200);
  assert.equal(sso.json().user, 'dr.house');
  const session = cookieOf(sso, 'dictation_session')!;
  assert.equal(session.path, '/dictation', 'the cookie is scoped to the plugin');

  const form = await app.inject({ method: 'POST', url: '/dictation/auth/login', payload: { username: 'dr.house', password: 'vicodin-and-lupus' } });
  assert.equal(form.statusCode, 200);
  const wrong = await app.inject({ method: 'POST', url: '/dictation/auth/login', payload: { username: 'dr.house', password: 'nope' } });
  assert.equal(wrong.statusCode, 401);
});

test('the socket and the keep-alives work under the prefix with the plugin’s cookie', async (t) => {
  const app = await host(t);
  const sso = await app.inject({ method: 'POST', url: '/dictation/auth/login', payload: {}, headers: { cookie: await hostLogin(app) } });
  const session = cookieOf(sso, 'dictation_session')!;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const socket = await openSocket(port, { cookie: `dictation_session=${session.value}` }, '/dictation/dictation');
  socket.ws.send(JSON.stringify({ type: 'keepalive', id: 7 }));
  assert.deepEqual(await socket.next(), { type: 'keepalive-ack', id: 7 });
  await app.inject({ method: 'POST', url: '/dictation/auth/logout', headers: { cookie: `dictation_session=${session.value}` } });
  assert.equal((await socket.closed).code, 4000);
});

test('the login rate limit holds inside the prefix and nowhere else', async (t) => {
  const app = await host(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  const codes = [];
  for (let i = 0; i < 4; i++) {
    codes.push((await app.inject({ method: 'POST', url: '/dictation/auth/login', payload: { username: 'x', password: 'y' } })).statusCode);
  }
  assert.deepEqual(codes, [401, 401, 401, 429]);
  for (let i = 0; i < 5; i++) assert.equal((await app.inject({ method: 'GET', url: '/me' })).statusCode, 200);
});
