import type { SessionStateName } from '../shared/session-context.js';
import type { HeartbeatPlan } from './heartbeat-controller.js';

/** WCAG 2.2.1: the user gets at least 20 s to answer the warning. */
export const MIN_WARNING_SECONDS = 20;
/** How long before expiry the emergency save runs, while the server still accepts saves. */
export const SAVE_LEAD_MS = 15_000;
/**
 * How long before expiry the save runs a second time, for what was added after the first (the bar stops turning
 * speech into text `SEAL_LEAD_MS` before expiry, so nothing new lands after this save).
 */
export const FINAL_SAVE_LEAD_MS = 2_000;
/** Ask for the expiry a little after it is due, so the server agrees that it has passed. */
export const EXPIRY_CHECK_DELAY_MS = 500;

/**
 * When the warning opens, in ms before expiry: `warning-threshold`, but never more than half the server's idle timeout
 * (a threshold at or above it would open the warning at login and lock the page), and never less than 20 s.
 * `clamped`: the threshold asked for was too long for the server (said once in the console).
 */
export function warningThreshold(thresholdSeconds: number, idleTimeoutSeconds: number | null): { ms: number; clamped: boolean } {
  const clamped = idleTimeoutSeconds !== null && thresholdSeconds > idleTimeoutSeconds / 2;
  const seconds = clamped ? idleTimeoutSeconds / 2 : thresholdSeconds;
  return { ms: Math.max(MIN_WARNING_SECONDS, seconds) * 1000, clamped };
}

/** `expiring` once the server's time is within the threshold of the expiry, `active` before. */
export function stateAt(expiresAt: number | null, serverNow: number, thresholdMs: number): SessionStateName {
  return expiresAt !== null && expiresAt - serverNow <= thresholdMs ? 'expiring' : 'active';
}

/**
 * The heartbeat's plan for a session expiring at `expiresAt` (server clock; null: never): a check every interval,
 * then, in this browser's clock, the warning, the save, the last save and the check at expiry.
 */
export function expiryPlan(
  session: { expiresAt: number | null; clockOffset: number },
  checkIntervalSeconds: number,
  thresholdMs: number,
): HeartbeatPlan {
  const checkEveryMs = Math.max(1, checkIntervalSeconds) * 1000;
  if (session.expiresAt === null) return { checkEveryMs, warnAt: 0, saveAt: 0, finalSaveAt: 0, expireAt: 0 };
  const localExpiry = session.expiresAt - session.clockOffset;
  return {
    checkEveryMs,
    warnAt: localExpiry - thresholdMs,
    saveAt: localExpiry - Math.min(SAVE_LEAD_MS, thresholdMs),
    finalSaveAt: localExpiry - FINAL_SAVE_LEAD_MS,
    expireAt: localExpiry + EXPIRY_CHECK_DELAY_MS,
  };
}
