import type { Browser, BrowserContext, Page } from 'puppeteer-core';

/**
 * Two real tabs of one browser profile on the demo (the tab in front visible, the other hidden), and how long after
 * the first the second sees a session event: shared by e2e/tabs.test.ts and bench/tab-sync.ts.
 */
export interface TwoTabsOptions {
  /** The session manager's `checkInterval`, in seconds. */
  checkInterval?: number;
  noBroadcastChannel?: boolean;
}

/** Two tabs on the demo in one profile, signed out; optionally without BroadcastChannel. */
export async function openTwoTabs(browser: Browser, origin: string, options: TwoTabsOptions = {}): Promise<[Page, Page, BrowserContext]> {
  const context = await browser.createBrowserContext();
  const open = async () => {
    const page = await context.newPage();
    if (options.noBroadcastChannel) {
      await page.evaluateOnNewDocument(() => Reflect.deleteProperty(window, 'BroadcastChannel'));
    }
    // When each session event happened in this tab (the tabs share the machine's clock). Measured in the page:
    // polling a hidden tab from outside runs on its throttled timers.
    await page.evaluateOnNewDocument(() => {
      const seen: Record<string, number> = ((window as unknown as { seen: Record<string, number> }).seen = {});
      for (const type of ['session-login', 'session-warning', 'session-extended', 'session-logout', 'session-ended']) {
        document.addEventListener(type, () => (seen[type] = Date.now()));
      }
    });
    await page.goto(origin + '/');
    await page.locator('session-manager >>> input[name=username]').wait();
    if (options.checkInterval) {
      await page.evaluate((s) => (document.querySelector('session-manager')!.checkInterval = s), options.checkInterval);
    }
    return page;
  };
  const a = await open();
  const b = await open();
  await a.bringToFront();
  return [a, b, context];
}

export const sessionState = (page: Page) => page.evaluate(() => document.querySelector('session-manager')!.session.state);
export async function until(page: Page, state: string, timeout = 5000): Promise<void> {
  await page.waitForFunction((s) => document.querySelector('session-manager')!.session.state === s, { timeout, polling: 100 }, state);
}
export const seenAt = (page: Page, type: string) => page.evaluate((t) => (window as unknown as { seen: Record<string, number> }).seen[t], type);
/** How long after the first tab the second one saw `type`, in ms. */
export async function lag(a: Page, b: Page, type: string): Promise<number> {
  await b
    .waitForFunction((t) => (window as unknown as { seen: Record<string, number> }).seen[t] !== undefined, { timeout: 5000, polling: 100 }, type)
    .catch(async () => {
      const state = await sessionState(b);
      const first = await sessionState(a);
      const bar = await b.$eval('dictation-bar', (el) => `${el.getAttribute('state')}: ${(el as HTMLElement & { statusText: string }).statusText}`);
      throw new Error(`the other tab never saw ${type} (its session is ${state}, its bar ${bar}; the first tab's is ${first})`);
    });
  return (await seenAt(b, type)) - (await seenAt(a, type));
}
