import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { SessionManager } from '../session-manager/session-manager.js';
import type { SessionExpiryWarning } from '../session-expiry-warning/session-expiry-warning.js';
import { COLOR_TOKENS } from './theme-tokens.js';
import { post, readyPage, signedOutPage, waitForBar, waitForState, type Page } from '../test/helpers.js';

// Every element, in its states that show the most colours, must pass axe (colour contrast included) on a light
// page, on a dark page, under a dark system preference and with the dark theme forced; and must actually be dark
// when it should be.

const rgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};
const warningOf = (manager: SessionManager) => manager.shadowRoot!.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
const barSurface = (page: Page) => getComputedStyle(page.bar.shadowRoot!.querySelector('.bar')!).backgroundColor;

interface Setting {
  name: string;
  dark: boolean;
  apply(page: Page): Promise<void> | void;
}

const darkPage = document.createElement('style');
darkPage.textContent = 'body { background: #0b0f19; color: #e5e7eb; }';

const SETTINGS: Setting[] = [
  { name: 'a light page', dark: false, apply: () => {} },
  { name: 'a dark page (system light)', dark: false, apply: () => void document.head.append(darkPage) },
  { name: 'a dark system preference', dark: true, apply: () => emulateMedia({ colorScheme: 'dark' }) },
  {
    name: 'the dark theme forced on a dark page',
    dark: true,
    apply: (page) => {
      document.head.append(darkPage);
      page.manager.theme = 'dark';
      page.bar.theme = 'dark';
    },
  },
];

describe('themes', () => {
  afterEach(async () => {
    darkPage.remove();
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const setting of SETTINGS) {
    describe(`on ${setting.name}`, () => {
      it('the login form, with an error, is accessible and in the right theme', async () => {
        const page = await signedOutPage();
        await setting.apply(page);
        await page.manager.login('demo', 'wrong password');
        await page.manager.updateComplete;
        const login = page.manager.shadowRoot!.querySelector('.login')!;
        expect(getComputedStyle(login).backgroundColor).to.equal(rgb(COLOR_TOKENS['color-surface-raised'][setting.dark ? 'dark' : 'light']));
        await expect(page.manager).to.be.accessible();
      });

      it('the ready bar and the account line are accessible and in the right theme', async () => {
        const page = await readyPage();
        await setting.apply(page);
        await page.bar.updateComplete;
        expect(barSurface(page)).to.equal(rgb(COLOR_TOKENS['color-surface'][setting.dark ? 'dark' : 'light']));
        await expect(page.manager).to.be.accessible();
      });

      it('a lost link, said in the alert line, is accessible', async () => {
        const page = await readyPage();
        await setting.apply(page);
        await post('/dev/close-sockets', { code: 4003 });
        await waitForBar(page.bar, 'lost');
        await page.bar.updateComplete;
        await expect(page.bar).to.be.accessible();
      });

      it('the expiry warning is accessible and in the right theme', async () => {
        const page = await readyPage();
        await setting.apply(page);
        await post('/dev/expire-session', { seconds: 60 });
        await page.manager.checkSession();
        await waitForState(page.manager, 'expiring');
        const warning = warningOf(page.manager);
        const dialog = warning.shadowRoot!.querySelector('dialog')!;
        await waitUntil(() => dialog.open);
        expect(getComputedStyle(dialog).backgroundColor).to.equal(rgb(COLOR_TOKENS['color-surface-raised'][setting.dark ? 'dark' : 'light']));
        await expect(warning).to.be.accessible();
      });
    });
  }

  it('theme="light" keeps an element light under a dark system preference', async () => {
    const page = await readyPage();
    await emulateMedia({ colorScheme: 'dark' });
    page.bar.theme = 'light';
    await page.bar.updateComplete;
    expect(barSurface(page)).to.equal(rgb(COLOR_TOKENS['color-surface'].light));
  });

  it("leaves the page's own fields alone: a slotted textarea keeps the page's colour scheme", async () => {
    const page = await readyPage();
    page.manager.theme = 'dark';
    await page.manager.updateComplete;
    expect(getComputedStyle(page.manager.shadowRoot!.querySelector('.account')!).colorScheme).to.equal('dark');
    expect(getComputedStyle(page.manager.querySelector('textarea')!).colorScheme).to.equal('normal');
  });

  it('a page overrides a token for both themes with one custom property', async () => {
    const page = await readyPage();
    page.bar.style.setProperty('--dictation-color-surface', '#fef3c7');
    expect(barSurface(page)).to.equal(rgb('#fef3c7'));
    page.bar.theme = 'dark';
    await page.bar.updateComplete;
    expect(barSurface(page)).to.equal(rgb('#fef3c7'));
  });
});
