import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { SessionManager } from './session-manager.js';
import type { SessionExpiryWarning } from '../session-expiry-warning/session-expiry-warning.js';
import {
  API,
  logoutDirectly,
  post,
  readyPage,
  signedOutPage,
  sleep,
  waitForBar,
  waitForState,
} from '../test/helpers.js';

const statusRequests = () =>
  performance.getEntriesByType('resource').filter((e) => e.name.includes('/auth/session-status')).length;

describe('<session-manager>', () => {
  it('shows an accessible login form when signed out', async () => {
    const { manager } = await signedOutPage();
    const form = manager.shadowRoot!.querySelector('form')!;
    expect(form).to.exist;
    expect(manager.session.user).to.be.null;
    await expect(manager).to.be.accessible();
  });

  it('logs in through its form and provides the session to all three elements', async () => {
    const { manager, bar } = await signedOutPage();
    const root = manager.shadowRoot!;
    root.querySelector<HTMLInputElement>('input[name=username]')!.value = 'demo';
    root.querySelector<HTMLInputElement>('input[name=password]')!.value = 'demo';
    const loggedIn = oneEvent(manager, 'session-login');
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    expect((await loggedIn).detail.user).to.equal('demo');
    await waitForState(manager, 'active');
    const warning = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
    expect(warning.session).to.equal(manager.session);
    expect(bar.session).to.equal(manager.session);
    expect(manager.session.expiresAt).to.be.greaterThan(Date.now());
    expect(root.querySelector('form')).to.be.null;
    expect(root.querySelector('[part=account]')!.textContent).to.contain('demo');
    await waitForBar(bar, 'ready');
    await expect(manager).to.be.accessible();
  });

  it('says so, without losing the form, when the credentials are wrong', async () => {
    const { manager } = await signedOutPage();
    const root = manager.shadowRoot!;
    root.querySelector<HTMLInputElement>('input[name=username]')!.value = 'demo';
    root.querySelector<HTMLInputElement>('input[name=password]')!.value = 'wrong';
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => root.querySelector('[role=alert]')!.textContent!.includes('Wrong username or password.'));
    expect(manager.session.state).to.equal('signed-out');
    await expect(manager).to.be.accessible();
  });

  it('finds an existing session on load, and keeps the server clock offset', async () => {
    await readyPage();
    const manager = await fixture<SessionManager>(html`<session-manager api-base=${API}></session-manager>`);
    await waitForState(manager, 'active');
    expect(manager.session.user).to.equal('demo');
    expect(Math.abs(manager.session.clockOffset)).to.be.below(1000);
  });

  it('a 401 from a check ends the session with the reason and stops the heartbeat', async () => {
    const { manager, bar } = await readyPage();
    await logoutDirectly(); // another tab
    await manager.checkSession();
    expect(manager.session.state).to.equal('ended');
    expect(manager.session.reason).to.equal('LOGGED_OUT');
    expect(manager.shadowRoot!.querySelector('.notice')!.textContent).to.contain('You were logged out in another tab');
    await waitUntil(() => bar.state !== 'ready');
    const before = statusRequests();
    window.dispatchEvent(new Event('online'));
    await sleep(200);
    expect(statusRequests()).to.equal(before, 'no retries after a 401');
  });

  it('a check that was in flight across a new login does not end the new session', async () => {
    const { manager } = await readyPage();
    await logoutDirectly();
    // Hold the 401 for the old session back until the new login has answered, as a slow network would. (Only that
    // one: the login checks that its cookie was kept with a status request of its own.)
    const realFetch = window.fetch;
    let release!: () => void;
    const loginDone = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    window.fetch = async (input, init) => {
      const hold = !held && String(input).includes('session-status');
      held ||= hold;
      const response = await realFetch(input, init);
      if (hold) await loginDone;
      return response;
    };
    try {
      const staleCheck = manager.checkSession();
      await manager.login('demo', 'demo');
      release();
      await staleCheck;
    } finally {
      window.fetch = realFetch;
    }
    expect(manager.session.state).to.equal('active');
  });

  it('checks at once when the browser comes back online or the tab becomes visible', async () => {
    await readyPage();
    const before = statusRequests();
    window.dispatchEvent(new Event('online'));
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => statusRequests() >= before + 2, 'two checks');
  });

  it('on expiry: saves pending work before the server session ends, then fires session:expired', async () => {
    const { manager } = await readyPage();
    const order: string[] = [];
    let savedAt = 0;
    manager.registerPendingWork({
      name: 'note draft',
      save: async () => {
        savedAt = Date.now();
        order.push('save');
        return 2;
      },
    });
    manager.registerPendingWork({
      name: 'attachment',
      save: () => {
        throw new Error('disk full');
      },
    });
    window.addEventListener('session:expired', () => order.push('session:expired'), { once: true });
    const ended = oneEvent(manager, 'session-ended');
    await post('/dev/expire-session', { seconds: 3 });
    await manager.checkSession();
    expect(manager.session.state).to.equal('expiring');
    const serverExpiry = manager.session.expiresAt! - manager.session.clockOffset;
    const { detail } = await ended;
    expect(order).to.deep.equal(['save', 'session:expired']);
    expect(savedAt).to.be.below(serverExpiry, 'saved while the server session was still alive');
    expect(detail).to.deep.equal({
      reason: 'SESSION_EXPIRED',
      message: 'Session expired. Please log in again.',
      save: { saved: 2, errors: ['attachment: disk full'] },
    });
    expect(manager.session.state).to.equal('expired');
    const notice = manager.shadowRoot!.querySelector('.notice')!.textContent!;
    expect(notice).to.contain('Session expired. Please log in again.');
    expect(notice).to.contain('Saved 2 items before the session ended. Not saved: attachment: disk full.');
    await expect(manager).to.be.accessible();
  }).timeout(10000);

  it('saveAllPendingData() can be called any time and unregistered work is skipped', async () => {
    const { manager } = await signedOutPage();
    const unregister = manager.registerPendingWork({ name: 'a', save: () => 1 });
    manager.registerPendingWork({ name: 'b', save: async () => 3 });
    expect(await manager.saveAllPendingData()).to.deep.equal({ saved: 4, errors: [] });
    unregister();
    expect(await manager.saveAllPendingData()).to.deep.equal({ saved: 3, errors: [] });
  });

  it('saves pending work on pagehide while the session is live', async () => {
    const { manager } = await readyPage();
    let saves = 0;
    manager.registerPendingWork({ name: 'x', save: () => ++saves });
    window.dispatchEvent(new Event('pagehide'));
    await waitUntil(() => saves === 1);
  });

  it('logout saves first, then signs out and closes the bar without an alarm', async () => {
    const { manager, bar } = await readyPage();
    let saved = false;
    manager.registerPendingWork({ name: 'x', save: () => ((saved = true), 1) });
    let alarms = 0;
    const onExpired = () => alarms++;
    window.addEventListener('session:expired', onExpired);
    await manager.logout();
    window.removeEventListener('session:expired', onExpired);
    expect(saved).to.be.true;
    expect(manager.session.state).to.equal('signed-out');
    expect(manager.session.message).to.deep.equal(['loggedOutHere']);
    await waitForBar(bar, 'idle');
    expect(alarms).to.equal(0);
    expect((await fetch(`${API}/auth/session-status`, { credentials: 'include' })).status).to.equal(401);
  });

  it('redirects to login-url when the session ends, if one is set', async () => {
    await readyPage();
    const manager = await fixture<SessionManager>(html`<session-manager api-base=${API} login-url="#relogin"></session-manager>`);
    await waitForState(manager, 'active');
    expect(manager.shadowRoot!.querySelector('form')).to.be.null;
    await logoutDirectly();
    await manager.checkSession();
    expect(location.hash).to.equal('#relogin');
    expect(manager.shadowRoot!.querySelector('form')).to.be.null;
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('single-user mode: no heartbeat, no login UI, no emergency-save listeners, only its children', async () => {
    const before = statusRequests();
    let saves = 0;
    const manager = await fixture<SessionManager>(
      html`<session-manager api-base=${API} mode="single-user"><p>content</p></session-manager>`,
    );
    manager.registerPendingWork({ name: 'x', save: () => ++saves });
    expect(manager.session.state).to.equal('active');
    expect(manager.session.user).to.equal('local');
    expect(manager.session.expiresAt).to.be.null;
    expect(manager.shadowRoot!.children.length).to.equal(1);
    expect(manager.shadowRoot!.querySelector('slot:not([name])')).to.exist;
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new Event('online'));
    await sleep(200);
    expect(statusRequests()).to.equal(before);
    expect(saves).to.equal(0);
    await expect(manager).to.be.accessible();
  });

  it('leaves no listener or timer behind when removed', async () => {
    const { manager } = await readyPage();
    manager.remove();
    const before = statusRequests();
    window.dispatchEvent(new Event('online'));
    document.dispatchEvent(new Event('visibilitychange'));
    await sleep(200);
    expect(statusRequests()).to.equal(before);
  });
});
