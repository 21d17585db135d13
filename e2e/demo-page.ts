import type { Page } from 'puppeteer-core';
import { startApiServer, type ApiServer } from '../scripts/api-server.mjs';

/** Driving the demo page as a person would: shared by the end-to-end tests and the benchmarks. */
export async function waitForBarState(page: Page, state: string, timeout = 15000): Promise<void> {
  // Polled on a timer, not on animation frames: a hidden or just-resumed page paints no frames.
  await page.waitForFunction((s) => document.querySelector('dictation-bar')?.getAttribute('state') === s, { timeout, polling: 100 }, state);
}

/** Fills the built-in login form and submits it. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  // The form is rendered in the manager's shadow root once it knows it is signed out; puppeteer's locators wait on the
  // document's mutations, not a shadow root's, so a form that appears after they start waiting is never seen (a
  // fresh-clone run on a loaded machine timed out so). Polled on a timer until it is there.
  await page.waitForFunction(() => document.querySelector('session-manager')?.shadowRoot?.querySelector('input[name=username]'), { timeout: 15000, polling: 100 });
  await page.locator('session-manager >>> input[name=username]').fill(username);
  await page.locator('session-manager >>> input[name=password]').fill(password);
  await page.locator('session-manager >>> button[type=submit]').click();
}

/** Logs in as demo/demo through the built-in form and waits for the bar to be ready. */
export async function logIn(page: Page): Promise<void> {
  await submitLogin(page, 'demo', 'demo');
  await waitForBarState(page, 'ready');
}

/**
 * Runs `body` against a fresh real server (`env` overrides the test defaults); on failure the server's log is
 * printed with the error; the server is killed afterwards.
 */
export async function withServer(env: Record<string, string>, body: (server: ApiServer) => Promise<void>): Promise<void> {
  const server = await startApiServer({ LOG_LEVEL: 'info', ...env });
  try {
    await body(server);
  } catch (err) {
    console.error(server.output());
    throw err;
  } finally {
    await server.stop('SIGKILL');
  }
}

/**
 * For a test that never dictates: a server without the recognizer starts in a third of the time (its models take
 * seconds to load, and the test pays them at every start). Everything but dictation behaves as with it.
 */
export const NO_RECOGNIZER = { RECOGNIZER: 'none' } as const;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
