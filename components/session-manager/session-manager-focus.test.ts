import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SessionManager } from './session-manager.js';
import type { SessionExpiryWarning } from '../session-expiry-warning/session-expiry-warning.js';
import { post, readyPage, signedOutPage, waitForState } from '../test/helpers.js';

// Focus never drops to <body> because of what the elements render, and what changes is said.

/** The element that has focus, looking into shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

async function logInWithKeyboard(manager: SessionManager, password = 'demo'): Promise<void> {
  manager.shadowRoot!.querySelector<HTMLInputElement>('input[name=username]')!.focus();
  await sendKeys({ type: 'demo' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ type: password });
  await sendKeys({ press: 'Enter' });
}

const warningOf = (manager: SessionManager) => manager.shadowRoot!.querySelector<SessionExpiryWarning>('session-expiry-warning')!;

describe('<session-manager> focus and announcements', () => {
  it('after a login from the form, focus goes back to the field the user was in', async () => {
    const { manager } = await signedOutPage();
    const note = manager.querySelector('textarea')!;
    note.focus();
    await logInWithKeyboard(manager);
    await waitForState(manager, 'active');
    await manager.updateComplete;
    expect(focused()).to.equal(note);
  });

  it('after a login with no field visited, focus is on the line that says who is signed in', async () => {
    const { manager } = await signedOutPage();
    await logInWithKeyboard(manager);
    await waitForState(manager, 'active');
    await manager.updateComplete;
    expect(focused()).to.equal(manager.shadowRoot!.querySelector('[part=account]'));
    expect(focused()!.textContent).to.contain('Signed in as demo');
  });

  it('after Log out (from the keyboard), focus is on the login form', async () => {
    const { manager } = await readyPage();
    manager.shadowRoot!.querySelector<HTMLButtonElement>('[part=account] button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitForState(manager, 'signed-out');
    await manager.updateComplete;
    expect(focused()).to.equal(manager.shadowRoot!.querySelector('input[name=username]'));
  });

  it('wrong credentials mark both fields invalid and tie the error to them; a good login clears it', async () => {
    const { manager } = await signedOutPage();
    await logInWithKeyboard(manager, 'wrong');
    const root = manager.shadowRoot!;
    await waitUntil(() => root.querySelector('#login-error')!.textContent!.includes('Wrong username or password.'));
    for (const input of root.querySelectorAll('input')) {
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(root.getElementById(input.getAttribute('aria-describedby')!)!.textContent).to.contain('Wrong username or password.');
    }
    await expect(manager).to.be.accessible();
  });

  it('at expiry the dialog says so and focuses the button that is left; closing it focuses the login form', async () => {
    const { manager } = await readyPage();
    await post('/dev/expire-session', { seconds: 3 });
    await manager.checkSession();
    const warning = warningOf(manager);
    const dialog = warning.shadowRoot!.querySelector('dialog')!;
    await waitUntil(() => dialog.open);
    expect(focused()!.textContent!.trim()).to.equal('Stay Logged In');
    await waitUntil(() => dialog.querySelector('h2')!.textContent === 'Your session has expired', 'never expired', { timeout: 8000 });
    await warning.updateComplete;
    expect(focused()!.textContent!.trim()).to.equal('Log in again');
    const live = dialog.querySelector('[aria-live=polite]')!;
    expect(live.textContent).to.match(/^Your session has expired\./);
    await expect(warning).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !dialog.open);
    await waitUntil(() => focused() === manager.shadowRoot!.querySelector('input[name=username]'), `focus is on ${focused()?.outerHTML}`);
  }).timeout(15000);
});
