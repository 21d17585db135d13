import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, login } from '../test/helpers.js';

test('the failure-mode routes exist only when DEV_CONTROLS=true, and only for a logged-in user', async (t) => {
  const { app: off } = await build(t, { DEV_CONTROLS: 'false' });
  assert.equal((await off.inject({ method: 'GET', url: '/api/dev' })).statusCode, 404);
  const cookie = await login(off);
  assert.equal((await off.inject({ method: 'POST', url: '/api/dev/restart', headers: { cookie } })).statusCode, 404);

  const { app: on } = await build(t, { DEV_CONTROLS: 'true' });
  const anonymous = await on.inject({ method: 'GET', url: '/api/dev' });
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.json().error.code, 'NOT_AUTHENTICATED');
  const res = await on.inject({ method: 'GET', url: '/api/dev', headers: { cookie: await login(on) } });
  assert.equal(res.statusCode, 200);
});
