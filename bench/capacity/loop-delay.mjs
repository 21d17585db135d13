// Preloaded (NODE_OPTIONS=--import) into the server processes of a `capacity.ts redis` run: the first SIGUSR2 starts
// measuring the event loop's delay, the second prints it as one JSON line. A round trip is the client's loop, the
// kernel and the server's loop: this, with the clients' own figure, tells them apart.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
let measuring = false;
process.on('SIGUSR2', () => {
  measuring = !measuring;
  if (measuring) {
    histogram.reset();
    histogram.enable();
    return;
  }
  histogram.disable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  console.log(JSON.stringify({ loopDelay: { pid: process.pid, p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) } }));
});
