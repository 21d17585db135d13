import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.js';

/** Decoder threads per process: the machine's RECOGNIZER_WORKERS divided among the processes (at least one each). */
export function decoderShares(perMachine: number, processes: number): number[] {
  return Array.from({ length: processes }, (_, i) =>
    Math.max(1, Math.floor(perMachine / processes) + (i < perMachine % processes ? 1 : 0)),
  );
}

/**
 * WORKERS > 1: this process only forks the servers and keeps them running. They share the port (node:cluster hands
 * each new connection to one of them in turn) and the sessions (Redis), so a page's reconnect may land on any of them.
 * A server that dies is started again; its pages re-attach to the others within the socket grace meanwhile.
 */
export function runPrimary(config: Config): void {
  const shares = decoderShares(config.recognizer.workers, config.workers);
  if (config.recognizer.engine !== 'none' && config.recognizer.workers < config.workers) {
    console.warn(
      `RECOGNIZER_WORKERS=${config.recognizer.workers} is less than WORKERS=${config.workers}: each server process needs one decoder thread, so ${config.workers} are loaded (about ${config.recognizer.streamsPerWorker * 150} MB each).`,
    );
  }
  console.log(`Starting ${config.workers} server processes on port ${config.port}; decoder threads per process: ${shares.join(', ')}.`);

  let stopping = false;
  const workers = new Set<Worker>();
  const fork = (index: number) => {
    const worker = cluster.fork({ RECOGNIZER_WORKERS: String(shares[index]), WORKER_INDEX: String(index) });
    workers.add(worker);
    // Connections go only to processes that listen: until then the others take them all (an operator, and the
    // cluster test, wait for this line).
    worker.on('listening', () => console.log(`Server process ${index} (pid ${worker.process.pid}) is listening.`));
    worker.on('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) {
        if (workers.size === 0) process.exit(0);
        return;
      }
      console.error(`Server process ${index} exited (${signal ?? code}); starting it again.`);
      setTimeout(() => fork(index), 1000).unref();
    });
  };
  for (let i = 0; i < config.workers; i++) fork(i);

  // Each server closes its sockets with 1012 and flushes its recordings; this process waits for all of them.
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const worker of workers) worker.process.kill(signal);
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
