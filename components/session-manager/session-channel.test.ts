import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { SessionManager } from './session-manager.js';
import type { SessionExpiryWarning } from '../session-expiry-warning/session-expiry-warning.js';
import { API, api, loginDirectly, post, readyPage, signedOutPage, sleep, waitForBar, waitForState } from '../test/helpers.js';

/**
 * Two `<session-manager>`s in one document stand for two tabs: `BroadcastChannel` delivers to every other channel
 * of the same name, in this document or another, and Web Locks queue them the same way. (The end-to-end tests
 * run the same with real tabs.)
 */
async function secondTab(attrs: { checkInterval?: number } = {}): Promise<SessionManager> {
  return fixture<SessionManager>(html`
    <session-manager api-base=${API} check-interval=${attrs.checkInterval ?? 300} warning-threshold="300">
      <textarea id="other-note"></textarea>
    </session-manager>
  `);
}

const statusRequests = () =>
  performance.getEntriesByType('resource').filter((e) => e.name.includes('/auth/session-status')).length;

/** How long `check` takes to become true, in ms; fails after `timeout`. */
async function within(check: () => boolean, timeout: number, what: string): Promise<number> {
  const start = performance.now();
  await waitUntil(check, what, { timeout, interval: 10 });
  return performance.now() - start;
}

const dialogOpen = (manager: SessionManager) =>
  manager.shadowRoot!.querySelector<SessionExpiryWarning>('session-expiry-warning')!.shadowRoot!.querySelector('dialog')!.open;

describe('one session across tabs', () => {
  it('a login in one tab logs the other in within a second, and its bar connects', async () => {
    const { manager: first } = await signedOutPage();
    const second = await secondTab();
    await waitForState(second, 'signed-out');
    const bar = document.createElement('dictation-bar');
    bar.keepAliveInterval = 0.5;
    second.append(bar);
    const login = first.login('demo', 'demo');
    const ms = await within(() => second.session.state === 'active', 1000, 'the other tab became active');
    await login;
    expect(second.session.user).to.equal('demo');
    expect(second.session.expiresAt).to.equal(first.session.expiresAt);
    await waitForBar(bar, 'ready');
    expect(ms).to.be.below(1000);
  });

  it('the warning opens in every tab with the same countdown, and answering it in one closes it everywhere', async () => {
    const { manager: first } = await readyPage();
    const second = await secondTab();
    await waitForState(second, 'active');
    await post('/dev/expire-session', { seconds: 60 });
    await first.checkSession();
    await within(() => second.session.state === 'expiring', 1000, 'the other tab warns');
    expect(second.session.expiresAt).to.equal(first.session.expiresAt);
    await waitUntil(() => dialogOpen(first) && dialogOpen(second), 'both dialogs open');
    const countdown = (m: SessionManager) =>
      m.shadowRoot!.querySelector('session-expiry-warning')!.shadowRoot!.querySelector('.time')!.textContent;
    await sleep(300);
    expect(countdown(second)).to.equal(countdown(first));
    // "Stay Logged In" in the second tab.
    const stay = second.shadowRoot!.querySelector('session-expiry-warning')!.shadowRoot!.querySelector<HTMLButtonElement>('.primary')!;
    stay.click();
    await within(() => first.session.state === 'active' && !dialogOpen(first), 1000, 'the first tab closed its warning');
    expect(first.session.expiresAt).to.equal(second.session.expiresAt);
  });

  it('a logout in one tab: the other saves while the session still exists, then shows that it was logged out', async () => {
    const { manager: first } = await readyPage();
    const second = await secondTab();
    await waitForState(second, 'active');
    let statusDuringSave = 0;
    second.registerPendingWork({
      name: 'other draft',
      async save() {
        statusDuringSave = (await api('/auth/session-status')).status;
        return 1;
      },
    });
    await first.logout();
    expect(statusDuringSave).to.equal(200, 'saved before the server ended the session');
    await within(() => second.session.state === 'signed-out', 1000, 'the other tab signed out');
    expect(second.session.reason).to.equal('LOGGED_OUT');
    expect(second.session.message).to.deep.equal(['endLoggedOut']);
    await second.updateComplete;
    expect(second.shadowRoot!.querySelector('.notice')!.textContent).to.contain('You were logged out in another tab or window.');
  });

  it('an end learned in one tab reaches the other at once, after its emergency save', async () => {
    const { manager: first } = await readyPage();
    const second = await secondTab();
    await waitForState(second, 'active');
    let saved = 0;
    second.registerPendingWork({ name: 'other draft', save: () => ++saved });
    await post('/dev/expire-session', { seconds: 0 });
    void first.checkSession();
    await within(() => second.session.state === 'expired', 1000, 'the other tab learned the expiry');
    expect(second.session.reason).to.equal('SESSION_EXPIRED');
    expect(saved).to.equal(1);
  });

  it('"signed in elsewhere" seen by one tab\'s socket reaches a tab that has no socket at once', async () => {
    const { manager: first, bar } = await readyPage();
    const second = await secondTab(); // no bar: it would learn only at its next check, minutes later
    await waitForState(second, 'active');
    await loginDirectly(); // the same user on another device
    await waitForBar(bar, 'lost');
    await within(() => second.session.state === 'ended', 1000, 'the tab without a socket learned it');
    expect(second.session.reason).to.equal('SESSION_REPLACED');
    expect(first.session.reason).to.equal('SESSION_REPLACED');
  });

  it('a link lost in one tab alone (no answer to its keep-alive) does not end the other tab\'s session', async () => {
    const { manager: first, bar } = await readyPage();
    const second = await secondTab();
    await waitForState(second, 'active');
    await post('/dev/silence-link', { silent: true });
    await waitForBar(bar, 'lost');
    await waitForState(first, 'ended');
    await sleep(300);
    expect(second.session.state).to.equal('active');
    await post('/dev/silence-link', { silent: false });
  });

  it('one tab checks the server for all; when it goes, the next one takes over', async () => {
    const { manager: first } = await readyPage({ checkInterval: 1 });
    const second = await secondTab({ checkInterval: 1 });
    await waitForState(second, 'active');
    await sleep(500);
    let before = statusRequests();
    await sleep(4200);
    const together = statusRequests() - before;
    expect(together).to.be.within(3, 5, 'one check a second between the two tabs, not two');
    expect(second.session.state).to.equal('active');
    first.remove(); // the tab closes: its lock goes to the next tab in line
    await sleep(300);
    before = statusRequests();
    await sleep(3200);
    expect(statusRequests() - before).to.be.within(2, 4, 'the remaining tab checks on its own');
  });
});
