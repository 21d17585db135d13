import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { freePort, startApiServer } from './scripts/api-server.mjs';

// The components talk to the real server, started here with short timings. The test page is served from
// another port, so the server allows it as an embedding origin (real CORS, real SameSite cookies).
const pagePort = await freePort();
const pageOrigin = `http://127.0.0.1:${pagePort}`;
let api;

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['components/**/*.test.ts'],
  nodeResolve: true,
  hostname: '127.0.0.1',
  port: pagePort,
  // Every test logs in as the same user; one file at a time keeps their sessions from replacing each other.
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 300000,
  browsers: [chromeLauncher({ launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS } })],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    {
      name: 'dictation-api-server',
      async serverStart() {
        api = await startApiServer({
          ALLOWED_ORIGINS: pageOrigin,
          KEEPALIVE_INTERVAL_SECONDS: '2',
          SOCKET_GRACE_SECONDS: '30',
        });
      },
      async serverStop() {
        await api?.stop();
      },
    },
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="en"><head><title>dictation-bar tests</title></head><body>
      <script>window.TEST_API_BASE = ${JSON.stringify(`${api.origin}/api`)};</script>
      <script type="module" src="${testFramework}"></script>
    </body></html>`,
};
