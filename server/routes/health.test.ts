import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from '../test/helpers.js';

test('GET /api/health answers 204 to anyone, readable across origins, and carries nothing', async (t) => {
  const { app } = await build(t, { ALLOWED_ORIGINS: 'https://cms.example.org' });
  for (const origin of [undefined, 'https://cms.example.org', 'https://not-allowed.example']) {
    const res = await app.inject({ method: 'GET', url: '/api/health', headers: origin ? { origin } : {} });
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    // Only an allowed origin gets CORS (and so could read more than that it exists).
    assert.equal(res.headers['access-control-allow-origin'], origin === 'https://cms.example.org' ? origin : undefined);
  }
});
