import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMicrophoneArgs } from './scripts/chromium.mjs';
import { freePort, startApiServer } from './scripts/api-server.mjs';
import { speechWav } from './scripts/speech.mjs';
import { build } from 'esbuild';

// The microphone is a WAV: a clinician's sentence with pauses around it, looped by Chromium's fake device.
export const TEST_SENTENCE = 'Blood pressure is one hundred and twenty over eighty.';
const microphoneWav = await speechWav(TEST_SENTENCE, { padSeconds: 1 });

// The components talk to the real server, started here with short timings. The test page is served from
// another port, so the server allows it as an embedding origin (real CORS, real SameSite cookies).
const pagePort = await freePort();
const pageOrigin = `http://127.0.0.1:${pagePort}`;
let api;

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  // `*.node.test.ts` are the components' DOM-free logic, run by node:test with the server's tests.
  files: ['components/**/*.test.ts', '!components/**/*.node.test.ts'],
  nodeResolve: true,
  hostname: '127.0.0.1',
  port: pagePort,
  // Every test logs in as the same user; one file at a time keeps their sessions from replacing each other.
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 300000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [
          ...CHROMIUM_ARGS,
          ...fakeMicrophoneArgs(microphoneWav),
          '--autoplay-policy=no-user-gesture-required',
        ],
      },
    }),
  ],
  plugins: [
    // The compiler options the components are built with (legacy decorators, no define semantics for fields).
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' }),
    {
      // Worklets are loaded by URL, not imported: serve the capture worklet bundled, as `npm run build` does.
      name: 'capture-worklet',
      async serve(context) {
        // So are the on-demand modules: files of their own, as the bar loads them from the bundle.
        const name = ['pcm-capture-worklet', 'dictation-editing', 'dictation-devices'].find((n) => context.path.endsWith(`/dictation-bar/${n}.js`));
        if (!name) return undefined;
        const result = await build({
          entryPoints: [`components/dictation-bar/${name}.ts`],
          bundle: true,
          format: 'esm',
          target: 'es2022',
          write: false,
        });
        return { body: result.outputFiles[0].text, type: 'js' };
      },
    },
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
      <script>
        window.TEST_API_BASE = ${JSON.stringify(`${api.origin}/api`)};
        window.TEST_SENTENCE = ${JSON.stringify(TEST_SENTENCE)};
      </script>
      <script type="module" src="${testFramework}"></script>
    </body></html>`,
};
