import { expect, waitUntil } from '@open-wc/testing';
import type { SessionManager } from '../session-manager/session-manager.js';
import type { SessionExpiryWarning } from './session-expiry-warning.js';
import { logoutDirectly, post, readyPage, sleep, waitForState } from '../test/helpers.js';

const warningOf = (manager: SessionManager) => manager.shadowRoot!.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
const dialogOf = (manager: SessionManager) => warningOf(manager).shadowRoot!.querySelector('dialog')!;
const timerText = (manager: SessionManager) => dialogOf(manager).querySelector('[role=timer]')?.textContent ?? '';
const button = (manager: SessionManager, label: string) =>
  [...dialogOf(manager).querySelectorAll('button')].find((b) => b.textContent!.trim() === label)!;

/** Makes the live session expire in `seconds` and lets the manager find out. */
async function expireIn(manager: SessionManager, seconds: number): Promise<void> {
  await post('/dev/expire-session', { seconds });
  await manager.checkSession();
}

describe('<session-expiry-warning>', () => {
  it('is closed while the session is active', async () => {
    const { manager } = await readyPage();
    expect(dialogOf(manager).open).to.be.false;
  });

  it('opens at the warning threshold, focused on Stay Logged In, and counts down', async () => {
    const { manager } = await readyPage({ warningThreshold: 20 });
    await expireIn(manager, 22);
    expect(manager.session.state).to.equal('active');
    await waitForState(manager, 'expiring', 5000);
    const dialog = dialogOf(manager);
    await waitUntil(() => dialog.open);
    expect(dialog.getAttribute('role')).to.equal('alertdialog');
    expect(warningOf(manager).shadowRoot!.activeElement!.textContent!.trim()).to.equal('Stay Logged In');
    const first = timerText(manager);
    expect(first).to.match(/^0:(20|19)$/);
    await sleep(1300);
    expect(timerText(manager)).to.not.equal(first);
    expect(timerText(manager)).to.match(/^0:1\d$/);
    await expect(warningOf(manager)).to.be.accessible();
  }).timeout(10000);

  it('never gives less than 20 s to respond, whatever the threshold attribute says', async () => {
    const { manager } = await readyPage({ warningThreshold: 5 });
    await expireIn(manager, 19);
    expect(manager.session.state).to.equal('expiring');
  });

  it('Stay Logged In extends the session and closes the dialog', async () => {
    const { manager } = await readyPage();
    await expireIn(manager, 60);
    await waitUntil(() => dialogOf(manager).open);
    const before = manager.session.expiresAt!;
    button(manager, 'Stay Logged In').click();
    await waitForState(manager, 'active');
    expect(manager.session.expiresAt! - before).to.be.greaterThan(29 * 60_000);
    await waitUntil(() => !dialogOf(manager).open);
  });

  it('shows a failed extension instead of swallowing it', async () => {
    const { manager } = await readyPage();
    await expireIn(manager, 60);
    await waitUntil(() => dialogOf(manager).open);
    const realFetch = window.fetch;
    // The network drops just for this request.
    window.fetch = (input, init) =>
      String(input).includes('extend-session') ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(input, init);
    try {
      button(manager, 'Stay Logged In').click();
      const alert = () => dialogOf(manager).querySelector('[role=alert]')!.textContent!;
      await waitUntil(() => alert().length > 0);
      expect(alert()).to.equal('Could not extend the session: Cannot reach the server. Check your connection and try again.');
      expect(dialogOf(manager).open).to.be.true;
      expect(manager.session.state).to.equal('expiring');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('Logout Now logs out and closes the dialog', async () => {
    const { manager } = await readyPage();
    await expireIn(manager, 60);
    await waitUntil(() => dialogOf(manager).open);
    button(manager, 'Logout Now').click();
    await waitForState(manager, 'signed-out');
    await waitUntil(() => !dialogOf(manager).open);
    expect(manager.shadowRoot!.querySelector('form')).to.exist;
  });

  it('Escape does not dismiss the decision', async () => {
    const { manager } = await readyPage();
    await expireIn(manager, 60);
    await waitUntil(() => dialogOf(manager).open);
    dialogOf(manager).dispatchEvent(new Event('cancel', { cancelable: true }));
    await sleep(50);
    expect(dialogOf(manager).open).to.be.true;
  });

  it('at zero it shows the expired state, accessibly, and closes on "Log in again"', async () => {
    const { manager } = await readyPage();
    await expireIn(manager, 2);
    await waitUntil(() => dialogOf(manager).querySelector('h2')!.textContent === 'Your session has expired', 'expired title', {
      timeout: 5000,
    });
    await waitForState(manager, 'expired', 5000);
    expect(dialogOf(manager).open).to.be.true;
    await expect(warningOf(manager)).to.be.accessible();
    button(manager, 'Log in again').click();
    await waitUntil(() => !dialogOf(manager).open);
    expect(manager.shadowRoot!.querySelector('form')).to.exist;
  });

  it('closes when the session ends elsewhere while it is open', async () => {
    const { manager } = await readyPage();
    await expireIn(manager, 60);
    await waitUntil(() => dialogOf(manager).open);
    await logoutDirectly(); // another tab: the server closes this page's socket with 4000
    await waitForState(manager, 'ended');
    expect(manager.session.reason).to.equal('LOGGED_OUT');
    await waitUntil(() => !dialogOf(manager).open);
  });
});
