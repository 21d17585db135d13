import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';

const SERVED = /^\/?(dictation-(bar|editing|devices)(\.[0-9a-f]{12})?\.js(\.map|\.LEGAL\.txt)?|pcm-capture-worklet\.js(\.map)?|simulated-hid\.js)$/;

// The path is that of the file sent: the .br or .gz beside it when compressed.
const HASHED_BUNDLE = /dictation-(bar|editing|devices)\.[0-9a-f]{12}\.js(\.br|\.gz)?$/;

/**
 * How the built scripts are served (here and under the demo's /components/): brotli or gzip when the browser takes
 * it (compressed once, at build time); the content-hashed bundle cached for a year as immutable (its URL changes
 * with its content, so a page can pin it with SRI); the stable URL revalidated on every load (ETag), so a new
 * version is picked up at once.
 */
export const BUNDLE_STATIC = {
  root: fileURLToPath(new URL('../../dist/', import.meta.url)),
  preCompressed: true,
  // Only what a page loads (the bundle, stable or hashed, the worklet, the on-demand modules), their source maps and
  // the licence text the bundle links to, and the demo's simulated dictation microphone (inert unless a page gives
  // it to a bar): not the rest of dist/ (the npm tarball, the manifest), which is nobody's business.
  allowedPath: (path: string) => SERVED.test(path),
  setHeaders: (reply: FastifyReply, path: string) => {
    // Pages on other origins load it (CORP here, whatever the host's helmet says). Any origin may: it is public code,
    // fetched without credentials, and a page whose origin the API refuses then renders and says so, instead of
    // showing nothing. (An allowed origin already got its own CORS headers from the API hook.)
    reply.header('cross-origin-resource-policy', 'cross-origin');
    if (!reply.hasHeader('access-control-allow-origin')) reply.header('access-control-allow-origin', '*');
    reply.header('cache-control', HASHED_BUNDLE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
  },
};
