import { expect } from '@open-wc/testing';
import { createTimers, nextTask } from './timers.js';

describe('background-safe timers', () => {
  it('run in a worker in Chromium and fire in deadline order', async () => {
    const { timers, inWorker } = createTimers();
    expect(inWorker).to.be.true;
    const fired: string[] = [];
    await new Promise<void>((resolve) => {
      timers.setTimeout(() => fired.push('late'), 60);
      timers.setTimeout(() => fired.push('early'), 10);
      timers.setTimeout(resolve, 120);
    });
    expect(fired).to.deep.equal(['early', 'late']);
  });

  it('clearTimeout cancels a timer', async () => {
    const { timers } = createTimers();
    let fired = false;
    const id = timers.setTimeout(() => (fired = true), 20);
    timers.clearTimeout(id);
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).to.be.false;
  });

  it('fall back to window timers where workers are not allowed', async () => {
    const RealWorker = window.Worker;
    window.Worker = class {
      constructor() {
        throw new DOMException('Refused by Content-Security-Policy', 'SecurityError');
      }
    } as unknown as typeof Worker;
    try {
      const { timers, inWorker } = createTimers();
      expect(inWorker).to.be.false;
      await new Promise<void>((resolve) => timers.setTimeout(resolve, 10));
    } finally {
      window.Worker = RealWorker;
    }
  });

  it('a page that says its CSP has no blob: workers gets window timers, and no worker is even tried', async () => {
    const meta = Object.assign(document.createElement('meta'), { name: 'dictation-bar-timers', content: 'page' });
    document.head.append(meta);
    const RealWorker = window.Worker;
    let tried = false;
    window.Worker = class {
      constructor() {
        tried = true;
      }
    } as unknown as typeof Worker;
    try {
      const { timers, inWorker } = createTimers();
      expect(inWorker).to.be.false;
      expect(tried).to.be.false;
      await new Promise<void>((resolve) => timers.setTimeout(resolve, 10));
    } finally {
      window.Worker = RealWorker;
      meta.remove();
    }
    expect(createTimers().inWorker).to.be.true;
  });

  it('nextTask lets messages already queued run first', async () => {
    const order: string[] = [];
    const channel = new MessageChannel();
    channel.port1.onmessage = () => order.push('queued message');
    channel.port2.postMessage(null);
    await nextTask();
    order.push('after nextTask');
    expect(order).to.deep.equal(['queued message', 'after nextTask']);
    channel.port1.close();
  });
});
