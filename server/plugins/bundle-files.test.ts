import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { build } from '../test/helpers.js';

// What `npm test` builds first (dist/). The served files' headers and compression: e2e/bundle-delivery.test.ts.
test('of dist/, only what a page loads is served (the bundle, the worklet, their maps, the licence), not the tarball or the manifest', async (t) => {
  if (!existsSync('dist/dictation-bar.js')) return t.skip('dist/ is not built (npm run build)');
  const { app } = await build(t, {}, { serveStatic: true });
  const status = async (url: string) => (await app.inject({ method: 'GET', url })).statusCode;
  for (const prefix of ['/api', '/components']) {
    for (const file of ['dictation-bar.js', 'pcm-capture-worklet.js', 'dictation-bar.js.map', 'dictation-bar.js.LEGAL.txt']) {
      assert.equal(await status(`${prefix}/${file}`), 200, `${prefix}/${file}`);
    }
    // Issue 21, "also seen": the whole folder was served to any origin.
    for (const file of ['bundle.json', 'dictation-bar-0.1.0.tgz', 'package/package.json']) {
      assert.equal(await status(`${prefix}/${file}`), 404, `${prefix}/${file}`);
    }
  }
});
