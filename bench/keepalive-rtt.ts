/**
 * Keep-alive round trip on a real server (127.0.0.1) while N sockets are open and all sending keep-alives, the
 * way N browsers would. Prints p50/p95/p99 per N. Bounded: a fixed number of rounds per N, then it stops.
 *
 *   npx tsx bench/keepalive-rtt.ts [N ...]        (default: 1 10 100 1000)
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startApiServer } from '../scripts/api-server.mjs';

const ROUNDS = 20;
const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = counts.length ? counts : [1, 10, 100, 1000];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  // The server in its own process (as in production), the clients here.
  const server = await startApiServer({ SESSION_MODE: 'single-user', DEV_CONTROLS: 'false' });
  const { port } = server;
  console.log(`node ${process.version}, server in its own process, single-user mode, ${ROUNDS} rounds per N\n`);
  console.log('sockets  samples  p50 ms  p95 ms  p99 ms  max ms');

  for (const n of sizes) {
    const sockets = await Promise.all(
      Array.from({ length: n }, () => new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/dictation`);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      })),
    );
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Every socket sends at once: the worst case of N clients whose intervals line up.
      await Promise.all(
        sockets.map((ws, i) => new Promise<void>((resolve) => {
          const id = round * 100_000 + i;
          const sent = performance.now();
          const onMessage = (data: WebSocket.RawData) => {
            const message = JSON.parse(data.toString()) as { id: number };
            if (message.id !== id) return;
            samples.push(performance.now() - sent);
            ws.off('message', onMessage);
            resolve();
          };
          ws.on('message', onMessage);
          ws.send(JSON.stringify({ type: 'keepalive', id }));
        })),
      );
    }
    samples.sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(2).padStart(6);
    console.log(
      `${String(n).padStart(7)}  ${String(samples.length).padStart(7)}  ${f(percentile(samples, 50))}  ${f(percentile(samples, 95))}  ${f(percentile(samples, 99))}  ${f(samples.at(-1)!)}`,
    );
    await Promise.all(sockets.map((ws) => new Promise((r) => (ws.once('close', r), ws.close()))));
  }
  await server.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
