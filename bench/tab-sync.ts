/**
 * How soon a hidden tab follows the tab in front (issue: a login, the expiry warning, "Stay Logged In" and a logout
 * in one tab reach the others within a second): two real tabs of one profile on the demo, the second hidden, with
 * BroadcastChannel and without it (storage events). Timed in the pages, on the machine's clock.
 *
 *   npx tsx bench/tab-sync.ts [rounds]      (default 5)
 */
import { launchWithDevTools } from '../scripts/chromium.mjs';
import { logIn, NO_RECOGNIZER, withServer } from '../e2e/demo-page.js';
import { lag, openTwoTabs, until } from '../e2e/two-tabs.js';

const rounds = Number(process.argv[2]) || 5;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

const chromium = await launchWithDevTools();
try {
  await withServer(NO_RECOGNIZER, async (server) => {
    for (const noBroadcastChannel of [false, true]) {
      const lags: Record<string, number[]> = { login: [], warning: [], extended: [], logout: [] };
      for (let r = 0; r < rounds; r++) {
        const [a, b, context] = await openTwoTabs(chromium.browser, server.origin, { noBroadcastChannel });
        await logIn(a);
        lags.login!.push(await lag(a, b, 'session-login'));
        await until(b, 'active');
        await a.locator('button[data-action=expire]').click();
        await until(a, 'expiring');
        lags.warning!.push(await lag(a, b, 'session-warning'));
        await a.locator('session-manager >>> session-expiry-warning >>> dialog[open] button.primary').click();
        lags.extended!.push(await lag(a, b, 'session-extended'));
        await a.locator('session-manager >>> [part=account] button').click();
        lags.logout!.push(await lag(a, b, 'session-logout'));
        await context.close();
      }
      const how = noBroadcastChannel ? 'storage events' : 'BroadcastChannel';
      const line = Object.entries(lags).map(([event, ms]) => `${event} p50 ${percentile(ms, 50)} ms, max ${Math.max(...ms)} ms`);
      console.log(`${how.padEnd(17)} ${line.join('; ')}`);
    }
  });
} finally {
  await chromium.close();
}
