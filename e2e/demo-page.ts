import type { Page } from 'puppeteer-core';

/** Driving the demo page as a person would: shared by the end-to-end tests and the benchmarks. */
export async function waitForBarState(page: Page, state: string, timeout = 15000): Promise<void> {
  // Polled on a timer, not on animation frames: a hidden or just-resumed page paints no frames.
  await page.waitForFunction((s) => document.querySelector('dictation-bar')?.getAttribute('state') === s, { timeout, polling: 100 }, state);
}

/** Logs in as demo/demo through the built-in form and waits for the bar to be ready. */
export async function logIn(page: Page): Promise<void> {
  await page.locator('session-manager >>> input[name=username]').fill('demo');
  await page.locator('session-manager >>> input[name=password]').fill('demo');
  await page.locator('session-manager >>> button[type=submit]').click();
  await waitForBarState(page, 'ready');
}
