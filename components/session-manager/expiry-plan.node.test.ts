import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPIRY_CHECK_DELAY_MS, expiryPlan, FINAL_SAVE_LEAD_MS, SAVE_LEAD_MS, stateAt, warningThreshold } from './expiry-plan.js';

test('the warning threshold is the attribute, never under 20 s (WCAG 2.2.1)', () => {
  assert.deepEqual(warningThreshold(300, 3600), { ms: 300_000, clamped: false });
  assert.deepEqual(warningThreshold(5, 3600), { ms: 20_000, clamped: false });
  assert.deepEqual(warningThreshold(300, null), { ms: 300_000, clamped: false });
});

test('a threshold longer than half the idle timeout is clamped to it (it would open the warning at login)', () => {
  assert.deepEqual(warningThreshold(300, 120), { ms: 60_000, clamped: true });
  assert.deepEqual(warningThreshold(300, 30), { ms: 20_000, clamped: true });
});

test('expiring once the server’s time is within the threshold, active before; a session that never expires is active', () => {
  assert.equal(stateAt(1_000_000, 1_000_000 - 300_001, 300_000), 'active');
  assert.equal(stateAt(1_000_000, 1_000_000 - 300_000, 300_000), 'expiring');
  assert.equal(stateAt(null, 0, 300_000), 'active');
});

test('the plan is in this browser’s clock: the server’s expiry minus the offset', () => {
  const plan = expiryPlan({ expiresAt: 10_000_000, clockOffset: 2_000 }, 300, 60_000);
  const local = 10_000_000 - 2_000;
  assert.deepEqual(plan, {
    checkEveryMs: 300_000,
    warnAt: local - 60_000,
    saveAt: local - SAVE_LEAD_MS,
    finalSaveAt: local - FINAL_SAVE_LEAD_MS,
    expireAt: local + EXPIRY_CHECK_DELAY_MS,
  });
});

test('a threshold shorter than the save lead saves when the warning opens; no expiry plans only the checks', () => {
  assert.equal(expiryPlan({ expiresAt: 100_000, clockOffset: 0 }, 300, 10_000).saveAt, 90_000);
  assert.deepEqual(expiryPlan({ expiresAt: null, clockOffset: 0 }, 0, 60_000), { checkEveryMs: 1000, warnAt: 0, saveAt: 0, finalSaveAt: 0, expireAt: 0 });
});
