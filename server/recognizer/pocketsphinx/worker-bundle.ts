import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const SOURCE = fileURLToPath(new URL('./decoder-worker.ts', import.meta.url));

let bundled: Promise<URL> | null = null;

/**
 * The decoder worker as one plain ES module, built once per process. Worker threads do not inherit tsx's loader,
 * and loading TypeScript in them through tsx's `tsImport` (async `module.register` on Node 20) was seen to hang for
 * good in about one server start in forty, both threads stuck before their first line. A bundle needs no loader.
 * koffi (a native addon) stays outside, imported by its absolute path so the bundle can live in the temp directory.
 * The file is named after its content and written by rename, so processes starting at once never read half a file.
 */
export function decoderWorkerUrl(): Promise<URL> {
  bundled ??= (async () => {
    const koffi = createRequire(import.meta.url).resolve('koffi');
    const result = await build({
      entryPoints: [SOURCE],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      plugins: [
        {
          name: 'koffi-by-path',
          setup(b) {
            b.onResolve({ filter: /^koffi$/ }, () => ({ path: pathToFileURL(koffi).href, external: true }));
          },
        },
      ],
    });
    const code = result.outputFiles[0]!.contents;
    const dir = join(tmpdir(), 'dictation-bar-workers');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `decoder-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, code);
    await rename(partial, file);
    return pathToFileURL(file);
  })();
  return bundled;
}
