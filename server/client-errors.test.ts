import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { build, listen } from './test/helpers.js';

/** Sends raw bytes and returns the raw response (the server closes the connection after these errors). */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

function envelope(response: string): { status: number; code: string; message: string } {
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(response)?.[1]);
  const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
  return { status, ...body.error };
}

test('what Node itself rejects comes in the error envelope too: malformed HTTP (400), headers too large (431)', async (t) => {
  const { app } = await build(t);
  const port = await listen(app);
  assert.deepEqual(envelope(await raw(port, 'GARBAGE\r\n\r\n')), { status: 400, code: 'BAD_REQUEST', message: 'The request is not valid HTTP.' });
  const huge = `GET /api/auth/session-status HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
  assert.deepEqual(envelope(await raw(port, huge)), { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large.' });
  // And the server goes on serving.
  assert.equal((await app.inject({ method: 'GET', url: '/api/auth/session-status' })).statusCode, 401);
});

test('bad URL encoding, bad JSON, a wrong content type and an unknown route: every 4xx has the envelope', async (t) => {
  const { app } = await build(t);
  const cases = [
    await app.inject({ method: 'GET', url: '/api/auth/%E0%A4%A' }),
    await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' }),
    await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'x' }),
    await app.inject({ method: 'DELETE', url: '/api/auth/login' }),
  ];
  for (const res of cases) {
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
    const body = res.json() as { error: { code: string; message: string } };
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(typeof body.error.code, 'string');
    assert.ok(body.error.message.length > 0);
  }
  assert.equal((cases[0]!.json() as { error: { code: string } }).error.code, 'BAD_REQUEST');
});

test('a request that arrives too slowly is cut off (408), and no API route parses a large body, logged in or not', async (t) => {
  const { app } = await build(t, { REQUEST_TIMEOUT_SECONDS: '1' });
  const port = await listen(app);
  // A body promised and never sent: the connection is closed with 408 within the deadline and a check.
  const started = Date.now();
  const slow = await raw(port, 'POST /api/auth/logout HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
  assert.equal(envelope(slow).status, 408);
  assert.equal(envelope(slow).code, 'REQUEST_TIMEOUT');
  assert.ok(Date.now() - started < 3000, `cut after ${Date.now() - started} ms`);
  // A megabyte of JSON to the routes that take none is refused before it is parsed.
  const big = JSON.stringify({ padding: 'a'.repeat(1024 * 1024) });
  for (const url of ['/api/auth/logout', '/api/auth/extend-session', '/api/auth/login']) {
    const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: big });
    assert.equal(res.statusCode, 413, url);
    assert.equal((res.json() as { error: { code: string } }).error.code, 'FST_ERR_CTP_BODY_TOO_LARGE', url);
  }
});
