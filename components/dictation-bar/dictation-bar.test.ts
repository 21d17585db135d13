import { expect, waitUntil } from '@open-wc/testing';
import { API, post, readyPage, signedOutPage, sleep, waitForBar, waitForState, loginDirectly } from '../test/helpers.js';

const statusText = (bar: HTMLElement) => bar.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();
const alertText = (bar: HTMLElement) => bar.shadowRoot!.querySelector('[role=alert]')!.textContent!.trim();
const recordButton = (bar: HTMLElement) => bar.shadowRoot!.querySelector<HTMLButtonElement>('[part=record-button]')!;

describe('<dictation-bar>', () => {
  it('waits for a login, with the record button disabled', async () => {
    const { bar } = await signedOutPage();
    expect(bar.state).to.equal('idle');
    expect(statusText(bar)).to.equal('Log in to start dictating.');
    expect(recordButton(bar).disabled).to.be.true;
    await expect(bar).to.be.accessible();
  });

  it('connects when the session becomes active and says it is ready', async () => {
    const { bar } = await readyPage();
    expect(statusText(bar)).to.equal('Ready to dictate. Press Dictate or Alt+Shift+D to start.');
    expect(recordButton(bar).disabled).to.be.false;
    expect(bar.getAttribute('state')).to.equal('ready');
    await expect(bar).to.be.accessible();
  });

  it('keeps the link alive with acked keep-alives beyond the server silence limit', async () => {
    const { bar } = await readyPage();
    // The test server closes sockets it has not heard from for 4 s.
    await new Promise((r) => setTimeout(r, 5000));
    expect(bar.state).to.equal('ready');
  }).timeout(10000);

  it('detects a server that stops acking within interval + timeout', async () => {
    const { manager, bar } = await readyPage();
    await post('/dev/silence-link', { silent: true });
    const muted = performance.now();
    await waitForBar(bar, 'lost', 5000);
    // At worst the next keep-alive goes out a whole interval later, then waits the timeout; 300 ms of margin
    // for the test's own polling and a busy machine.
    expect(performance.now() - muted).to.be.below(500 + 500 + 300);
    expect(alertText(bar)).to.equal(
      'Connection lost: the dictation service did not answer within 0.5 seconds. Check your network, then log in again.',
    );
    expect(recordButton(bar).disabled).to.be.true;
    await waitForState(manager, 'ended');
    expect(manager.session.reason).to.equal('CONNECTION_LOST');
    await expect(bar).to.be.accessible();
  });

  it('probes the link at once when the browser goes offline, instead of waiting for the next keep-alive', async () => {
    const { bar } = await readyPage();
    bar.keepAliveInterval = 60; // taken at the next ack: the keep-alive after it is a minute away
    await sleep(700);
    expect(bar.state).to.equal('ready');
    await post('/dev/silence-link', { silent: true });
    const went = performance.now();
    window.dispatchEvent(new Event('offline'));
    await waitForBar(bar, 'lost', 3000);
    expect(performance.now() - went).to.be.below(500 + 300, 'the keep-alive timeout plus margin');
  });

  it('while the browser says it is offline, an answered probe is followed by another within 2 s, not an interval later', async () => {
    const { bar } = await readyPage();
    bar.keepAliveInterval = 60;
    await sleep(700);
    const sent: number[] = [];
    const original = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (typeof data === 'string' && data.includes('keepalive')) sent.push(performance.now());
      return original.call(this, data);
    };
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      // The network "went" but the socket still answers (the probe slipped out first, or the server is local).
      window.dispatchEvent(new Event('offline'));
      await waitUntil(() => sent.length >= 3, `${sent.length} probes`, { timeout: 6000 });
      expect(sent[2]! - sent[1]!).to.be.within(1500, 2600);
      expect(bar.state).to.equal('ready');
    } finally {
      WebSocket.prototype.send = original;
      delete (navigator as unknown as Record<string, unknown>)['onLine'];
    }
  });

  const closeCases: [number, string, string][] = [
    [4000, 'You were logged out (here or in another tab), so dictation stopped. Log in to continue.', 'LOGGED_OUT'],
    [4001, 'Dictation stopped: you signed in somewhere else. Log in again here to continue.', 'SESSION_REPLACED'],
    [4002, 'Your session expired, so dictation stopped. Log in again to continue.', 'SESSION_EXPIRED'],
    [4003, 'The dictation service stopped hearing from this page (keep-alive timeout). Log in again to continue.', 'KEEPALIVE_TIMEOUT'],
    [4004, 'The server ended your session, so dictation stopped. Log in again to continue.', 'SESSION_TERMINATED'],
    [1011, 'The dictation service had an internal error and closed the connection. Log in again to continue.', 'CONNECTION_LOST'],
    [1012, 'The dictation service is restarting. Log in again in a moment to continue.', 'SERVICE_RESTARTING'],
  ];
  for (const [code, message, reason] of closeCases) {
    it(`close code ${code} gives its own message and ends the session (${reason})`, async () => {
      const { manager, bar } = await readyPage();
      await post('/dev/close-sockets', { code });
      await waitForBar(bar, 'lost');
      expect(alertText(bar)).to.equal(message);
      expect(statusText(bar)).to.equal('');
      await waitUntil(() => manager.session.reason === reason, `reason is ${manager.session.reason}`);
    });
  }

  it('a socket dropped without a close frame (1006) while the session lives is re-opened quietly, at most 3 times a minute', async () => {
    const { manager, bar } = await readyPage();
    const states: string[] = [];
    bar.addEventListener('dictation-connection-change', (e) => states.push(e.detail.state));
    for (let drop = 1; drop <= 3; drop++) {
      await post('/dev/close-sockets', { code: 1006 });
      await waitUntil(() => states.filter((s) => s === 'ready').length === drop, `re-opened after drop ${drop}: ${states.join(', ')}`);
    }
    expect(states).to.not.include('lost');
    expect(alertText(bar)).to.equal('');
    expect(manager.session.state).to.equal('active');
    // A link that keeps dropping is a lost link.
    await post('/dev/close-sockets', { code: 1006 });
    await waitForBar(bar, 'lost');
    expect(alertText(bar)).to.equal('Connection to the dictation service was lost. Log in again when it is back.');
    await waitForState(manager, 'ended');
    expect(manager.session.reason).to.equal('CONNECTION_LOST');
  });

  it('a real logout elsewhere (4000) and a real login elsewhere (4001) stop the bar', async () => {
    const { manager, bar } = await readyPage();
    await loginDirectly(); // same user, "another device"
    await waitForBar(bar, 'lost');
    expect(alertText(bar)).to.contain('you signed in somewhere else');
    await waitForState(manager, 'ended');
    expect(manager.session.reason).to.equal('SESSION_REPLACED');
  });

  it('says the service is unreachable when the socket cannot be opened', async () => {
    const { manager, bar } = await signedOutPage();
    bar.socketUrl = 'ws://127.0.0.1:9/api/dictation';
    await manager.login('demo', 'demo');
    await waitForBar(bar, 'failed');
    expect(statusText(bar)).to.equal('The dictation service refused the connection. Ask your administrator to allow this site.');
    expect(bar.shadowRoot!.querySelector('[part=retry-button]')).to.exist;
    await expect(bar).to.be.accessible();
  });

  it('reset() tears the bar down and connects again after a new login', async () => {
    const { manager, bar } = await readyPage();
    await post('/dev/close-sockets', { code: 1012 });
    await waitForBar(bar, 'lost');
    await waitForState(manager, 'ended');
    await manager.login('demo', 'demo');
    await waitForBar(bar, 'ready');
    await post('/dev/close-sockets', { code: 1011 });
    await waitForBar(bar, 'lost');
    await bar.reset();
    expect(bar.state).to.not.equal('lost');
    expect(alertText(bar)).to.equal('');
    await manager.login('demo', 'demo');
    await waitForBar(bar, 'ready');
  });

  it('one socket too many for the session (4007) is not a lost session: the bar says why and Retry connects once one is free', async () => {
    const { manager, bar } = await readyPage();
    const parent = bar.parentElement!;
    bar.remove();
    // The server allows 8 sockets a session (MAX_SOCKETS_PER_SESSION): the page takes them all.
    const url = `${API.replace(/^http/, 'ws')}/dictation`;
    const others = await Promise.all(
      Array.from({ length: 8 }, () => new Promise<WebSocket>((resolve, reject) => Object.assign(new WebSocket(url), { onopen(this: WebSocket) { resolve(this); }, onerror: reject }))),
    );
    try {
      parent.append(bar);
      await waitForBar(bar, 'failed');
      expect(statusText(bar)).to.equal('Dictation is open in too many tabs or bars for this session (or from this network). Close some of them, then press Retry.');
      expect(manager.session.state).to.equal('active');
      await expect(bar).to.be.accessible();
      others.pop()!.close();
      await sleep(100);
      bar.shadowRoot!.querySelector<HTMLButtonElement>('[part=retry-button]')!.click();
      await waitForBar(bar, 'ready');
    } finally {
      for (const socket of others) socket.close();
    }
  });

  it('leaves no socket open when removed from the page', async () => {
    const { bar } = await readyPage();
    const closed = new Promise<CloseEvent>((resolve) => {
      const original = WebSocket.prototype.close;
      WebSocket.prototype.close = function (this: WebSocket, code?: number, reason?: string) {
        WebSocket.prototype.close = original;
        resolve(new CloseEvent('close', { code: code ?? 1005 }));
        return original.call(this, code, reason);
      };
    });
    bar.remove();
    expect((await closed).code).to.equal(1000);
    expect(bar.state).to.equal('idle');
  });
});
