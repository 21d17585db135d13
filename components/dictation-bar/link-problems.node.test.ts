import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSE_REASONS, CloseCode, ErrorCode, SESSION_ERROR_CODES } from '../../protocol/index.js';
import { en } from '../translations/en.js';
import type { SessionEndReason } from '../shared/session-context.js';
import { endReasonForErrorCode } from '../shared/end-reasons.js';
import {
  endReasonForProblem,
  problemForCloseCode,
  problemForEndReason,
  problemForErrorCode,
  problemMessage,
  type LinkProblem,
} from './link-problems.js';
import { RECORDING_PROBLEM_FOR_ERROR, recordingProblemMessage, type RecordingProblem } from './recording-problems.js';

const PROBLEMS: LinkProblem[] = [
  'logged-out', 'signed-in-elsewhere', 'session-expired', 'server-heard-nothing', 'session-terminated', 'page-left',
  'service-restarting', 'connection-lost', 'internal-error', 'message-too-big', 'not-reading', 'too-many-connections',
  'rate-exceeded', 'keepalive-timeout', 'recording-timeout', 'offline', 'connection-refused', 'unauthorized',
  'connection-rejected', 'session-service-unavailable', 'closed',
];
const END_REASONS: SessionEndReason[] = [
  'LOGGED_OUT', 'SESSION_EXPIRED', 'SESSION_REPLACED', 'SESSION_TERMINATED', 'KEEPALIVE_TIMEOUT', 'PAGE_LEFT',
  'CONNECTION_LOST', 'SERVICE_RESTARTING',
];

test('every close code the server sends has its own problem, not the catch-all "closed"', () => {
  for (const code of Object.keys(CLOSE_REASONS).map(Number)) {
    assert.notEqual(problemForCloseCode(code, true), 'closed', `close code ${code}`);
  }
});

test('the close codes of the session ends say what ended it', () => {
  assert.equal(problemForCloseCode(CloseCode.LoggedOut, true), 'logged-out');
  assert.equal(problemForCloseCode(CloseCode.SignedInElsewhere, true), 'signed-in-elsewhere');
  assert.equal(problemForCloseCode(CloseCode.SessionExpired, true), 'session-expired');
  assert.equal(problemForCloseCode(CloseCode.KeepAliveTimeout, true), 'server-heard-nothing');
  assert.equal(problemForCloseCode(CloseCode.ServiceRestart, true), 'service-restarting');
});

test('1006 carries no reason: the browser being offline decides between offline and a lost connection', () => {
  assert.equal(problemForCloseCode(CloseCode.Abnormal, true), 'connection-lost');
  assert.equal(problemForCloseCode(CloseCode.Abnormal, false), 'offline');
});

test('a close code nobody defined is "closed", and its sentence names the code', () => {
  assert.equal(problemForCloseCode(4999, true), 'closed');
  assert.deepEqual(problemMessage('closed', { code: 4999 }), ['linkClosed', '4999']);
});

test('every problem has a sentence that English defines, with the arguments it takes', () => {
  for (const problem of PROBLEMS) {
    const [term, ...args] = problemMessage(problem, { code: 4000, timeoutSeconds: 5, recordingTimeoutSeconds: 3, online: false });
    const text = en[term as keyof typeof en];
    assert.ok(text, `${problem}: term ${term}`);
    const sentence = typeof text === 'function' ? (text as (...a: unknown[]) => string)(...args) : text;
    assert.match(sentence, /\.$/, `${problem}: "${sentence}" is a sentence`);
  }
  assert.deepEqual(problemMessage('keepalive-timeout', { timeoutSeconds: 7 }), ['linkKeepAliveTimeout', 7]);
  assert.deepEqual(problemMessage('offline', { online: true }), ['linkOfflineBack']);
});

test('a session the server says ended is shown with the problem of that end, and reported back with the same end', () => {
  for (const reason of END_REASONS) {
    assert.equal(endReasonForProblem(problemForEndReason(reason)), reason, reason);
  }
});

test('a lost link that the session did not explain is a lost connection for the session manager', () => {
  for (const problem of ['keepalive-timeout', 'recording-timeout', 'offline', 'internal-error', 'closed'] as const) {
    assert.equal(endReasonForProblem(problem), 'CONNECTION_LOST');
  }
  assert.equal(endReasonForProblem('unauthorized'), 'SESSION_TERMINATED');
});

test('the 401 codes are the end reasons, "no session at all" is a logout, other codes are not about the session', () => {
  for (const code of SESSION_ERROR_CODES) assert.notEqual(endReasonForErrorCode(code), null, code);
  assert.equal(endReasonForErrorCode(ErrorCode.NotAuthenticated), 'LOGGED_OUT');
  assert.equal(endReasonForErrorCode(ErrorCode.SessionReplaced), 'SESSION_REPLACED');
  assert.equal(endReasonForErrorCode(ErrorCode.SessionStoreUnavailable), null);
  assert.equal(problemForErrorCode(ErrorCode.SessionExpired), 'session-expired');
  assert.equal(problemForErrorCode(ErrorCode.NotAuthenticated), 'logged-out');
  assert.equal(problemForErrorCode(ErrorCode.RateLimited), null);
});

test('every recording error the server sends, and every recording problem, has an English sentence', () => {
  for (const code of [ErrorCode.RecognizerBusy, ErrorCode.RecognizerUnavailable, ErrorCode.RecognizerFailed, ErrorCode.TooManyRecordings]) {
    assert.ok(RECORDING_PROBLEM_FOR_ERROR[code], code);
  }
  const problems: RecordingProblem[] = [
    'mic-denied', 'mic-not-found', 'mic-busy', 'mic-unplugged', 'mic-insecure', 'mic-unsupported', 'mic-failed', 'no-target',
    'recognizer-unavailable', 'recognizer-busy', 'recognizer-failed', 'recording-limit', 'kept-limit', 'too-many-recordings',
    'audio-rejected',
  ];
  for (const problem of problems) assert.ok(en[recordingProblemMessage(problem)[0] as keyof typeof en], problem);
  assert.deepEqual(recordingProblemMessage('kept-limit'), ['keptLimit', 5]);
});
