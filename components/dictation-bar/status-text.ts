import type { Phrase } from '../shared/localize.js';
import type { SessionStateName } from '../shared/session-context.js';
import type { ConnectionState } from './dictation-connection.js';
import { problemMessage, type LinkProblem } from './link-problems.js';
import type { RecordingState, RecoveryState } from './recorder-options.js';
import { recordingProblemMessage, type RecordingProblem } from './recording-problems.js';

/**
 * Everything the status bar's sentence depends on, as the bar, its link and its recorder already hold it (read in
 * place rather than copied into a snapshot object, which would cost the bundle its property names twice).
 */
export interface StatusInput {
  bar: {
    state: ConnectionState;
    keepAliveTimeout: number;
    recordingTimeout: number;
    recording: RecordingState;
    shortcut: string;
  };
  /** The bar's own notice (a server error); the recorder's (what was recovered) comes next. */
  notice: Phrase | null;
  link: { problem: LinkProblem | null; problemCode: number | null; /** Asking the server whether the session lives. */ verifying: boolean };
  recorder: { problem: RecordingProblem | null };
  /** The take in hand, and what was recovered (its notice comes after the bar's). */
  takes: { recovery: RecoveryState; owedSeconds: number; sealed: boolean; notice: Phrase | null };
  /** The session, or undefined without a `<session-manager>`. */
  session: { state: SessionStateName; message: Phrase | null } | undefined;
  online: boolean;
}

/** The status bar's sentences: one, or two (what happened, then what happens to the speech kept). */
export function statusPhrases(input: StatusInput): Phrase[] {
  if (input.bar.state === 'ready') return readyPhrases(input);
  const kept = keptPhrase(input.takes);
  return kept ? [linkPhrase(input), kept] : [linkPhrase(input)];
}

/** Why the link is down, or what it is doing. */
function linkPhrase({ bar, link, session, online }: StatusInput): Phrase {
  if (link.problem) {
    return problemMessage(link.problem, {
      code: link.problemCode,
      timeoutSeconds: bar.keepAliveTimeout,
      recordingTimeoutSeconds: bar.recordingTimeout,
      online,
    });
  }
  if (!session) return ['needsSessionManager'];
  if (link.verifying) return ['reconnecting'];
  if (bar.state === 'connecting') return ['connecting'];
  if (session.state === 'checking') return ['checkingSession'];
  if (session.state !== 'active' && session.state !== 'expiring') return session.message ?? ['logInToDictate'];
  return ['connecting'];
}

/** What happens to speech not yet transcribed while the link is down. */
function keptPhrase(takes: StatusInput['takes']): Phrase | null {
  switch (takes.recovery) {
    case 'keeping':
      // No running count here: the alert is a live region, and a number that changes every second would be
      // read out again every second.
      return ['keptWhileLoggedOut'];
    case 'pending':
      return ['keptPending', Math.round(takes.owedSeconds)];
  }
  return null;
}

function readyPhrases({ bar, recorder, takes, notice }: StatusInput): Phrase[] {
  const seconds = Math.max(1, Math.round(takes.owedSeconds));
  if (takes.recovery === 'recovering') return [['transcribingKept', seconds]];
  if (takes.recovery === 'pending') {
    // The link is up but the recognizer could not take the kept speech (busy, unavailable, failed).
    const kept: Phrase = ['keptNotTranscribed', seconds];
    return recorder.problem ? [recordingProblemMessage(recorder.problem), kept] : [kept];
  }
  if (takes.sealed && bar.recording === 'on') return [['sealedBeforeExpiry']];
  switch (bar.recording) {
    case 'starting':
      return [['startingMicrophone']];
    case 'on':
      return [['listening', bar.shortcut]];
    case 'stopping':
      return [['finishing']];
  }
  if (recorder.problem) return [recordingProblemMessage(recorder.problem)];
  return [notice ?? takes.notice ?? ['ready', bar.shortcut]];
}
