import { fixture, html, waitUntil } from '@open-wc/testing';
import type { SessionManager } from '../session-manager/session-manager.js';
import type { DictationBar } from '../dictation-bar/dictation-bar.js';
import type { SessionStateName } from '../shared/session-context.js';
import '../index.js';

declare global {
  interface Window {
    TEST_API_BASE: string;
  }
}

/** The real server started by web-test-runner.config.mjs. */
export const API = window.TEST_API_BASE;

export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(API + path, {
    credentials: 'include',
    ...init,
    headers: init.body ? { 'content-type': 'application/json', ...init.headers } : init.headers,
  });
}

export const post = (path: string, body?: unknown) =>
  api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/** Logs in outside any element, as another tab would. */
export async function loginDirectly(): Promise<void> {
  const res = await post('/auth/login', { username: 'demo', password: 'demo' });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
}

export async function logoutDirectly(): Promise<void> {
  await post('/auth/logout');
}

export async function waitForState(manager: SessionManager, state: SessionStateName, timeout = 10000): Promise<void> {
  await waitUntil(() => manager.session.state === state, `session never became ${state} (is ${manager.session.state})`, { timeout });
}

export async function waitForBar(bar: DictationBar, state: DictationBar['state'], timeout = 10000): Promise<void> {
  await waitUntil(() => bar.state === state, `bar never became ${state} (is ${bar.state}: ${bar.statusText})`, { timeout });
}

export interface Page {
  manager: SessionManager;
  bar: DictationBar;
}

/** Deletes what earlier tests' bars kept in IndexedDB (kept speech, unsaved text), so each test starts clean. */
export function clearJournal(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase('dictation-bar');
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
}

/** A signed-out manager around a textarea and a bar, with test-short keep-alives. */
export async function signedOutPage(attrs: { warningThreshold?: number; checkInterval?: number } = {}): Promise<Page> {
  await logoutDirectly();
  await clearJournal();
  const manager = await fixture<SessionManager>(html`
    <session-manager
      api-base=${API}
      check-interval=${attrs.checkInterval ?? 300}
      warning-threshold=${attrs.warningThreshold ?? 300}
    >
      <label for="note">Note</label>
      <textarea id="note"></textarea>
      <dictation-bar keep-alive-interval="0.5" keep-alive-timeout="0.5"></dictation-bar>
    </session-manager>
  `);
  await waitForState(manager, 'signed-out');
  return { manager, bar: manager.querySelector('dictation-bar')! };
}

/** A page whose manager logged in through its own `login()` and whose bar is connected. */
export async function readyPage(attrs: { warningThreshold?: number; checkInterval?: number } = {}): Promise<Page> {
  const page = await signedOutPage(attrs);
  const result = await page.manager.login('demo', 'demo');
  if (!result.ok) throw new Error(result.message);
  await waitForBar(page.bar, 'ready');
  return page;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
