import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusPhrases, type StatusInput } from './status-text.js';

/** A ready bar, idle, in a live session; each test changes what it is about. */
function input(change: {
  bar?: Partial<StatusInput['bar']>;
  link?: Partial<StatusInput['link']>;
  recorder?: Partial<StatusInput['recorder']>;
  takes?: Partial<StatusInput['takes']>;
  session?: StatusInput['session'] | null;
  notice?: StatusInput['notice'];
  online?: boolean;
}): StatusInput {
  return {
    bar: { state: 'ready', keepAliveTimeout: 5, recordingTimeout: 3, recording: 'off', shortcut: 'Alt+Shift+D', ...change.bar },
    link: { problem: null, problemCode: null, verifying: false, ...change.link },
    recorder: { problem: null, ...change.recorder },
    takes: { recovery: 'none', owedSeconds: 0, sealed: false, notice: null, ...change.takes },
    session: change.session === null ? undefined : (change.session ?? { state: 'active', message: null }),
    notice: change.notice ?? null,
    online: change.online ?? true,
  };
}

test('ready and idle: says how to start, with the shortcut', () => {
  assert.deepEqual(statusPhrases(input({})), [['ready', 'Alt+Shift+D']]);
});

test('recording: starting, listening, finishing', () => {
  assert.deepEqual(statusPhrases(input({ bar: { recording: 'starting' } })), [['startingMicrophone']]);
  assert.deepEqual(statusPhrases(input({ bar: { recording: 'on' } })), [['listening', 'Alt+Shift+D']]);
  assert.deepEqual(statusPhrases(input({ bar: { recording: 'stopping' } })), [['finishing']]);
});

test('sealed before expiry while recording: says the speech is now kept', () => {
  assert.deepEqual(statusPhrases(input({ bar: { recording: 'on' }, takes: { sealed: true } })), [['sealedBeforeExpiry']]);
});

test('a recording problem wins over the idle sentence; the bar’s notice over the recorder’s', () => {
  assert.deepEqual(statusPhrases(input({ recorder: { problem: 'mic-denied' } })), [['micDenied']]);
  const recovered = ['recovered', 12] as const;
  assert.deepEqual(statusPhrases(input({ takes: { notice: recovered } })), [recovered]);
  assert.deepEqual(statusPhrases(input({ takes: { notice: recovered }, notice: ['serverCouldNotHandle', 'x'] })), [
    ['serverCouldNotHandle', 'x'],
  ]);
});

test('kept speech: transcribing it (at least one second), or kept because the recognizer refused it', () => {
  assert.deepEqual(statusPhrases(input({ takes: { recovery: 'recovering', owedSeconds: 0.2 } })), [['transcribingKept', 1]]);
  assert.deepEqual(statusPhrases(input({ takes: { recovery: 'pending', owedSeconds: 7.4 }, recorder: { problem: 'recognizer-busy' } })), [
    ['recognizerBusy'],
    ['keptNotTranscribed', 7],
  ]);
});

test('the link is down: the problem with its detail, then what happens to the speech', () => {
  assert.deepEqual(statusPhrases(input({ bar: { state: 'lost' }, link: { problem: 'keepalive-timeout' } })), [['linkKeepAliveTimeout', 5]]);
  assert.deepEqual(statusPhrases(input({ bar: { state: 'lost' }, link: { problem: 'session-expired' }, takes: { recovery: 'keeping' } })), [
    ['linkExpired'],
    ['keptWhileLoggedOut'],
  ]);
  assert.deepEqual(statusPhrases(input({ bar: { state: 'lost' }, link: { problem: 'offline' }, online: true, takes: { recovery: 'pending', owedSeconds: 12.6 } })), [
    ['linkOfflineBack'],
    ['keptPending', 13],
  ]);
});

test('no link and no problem: what the session is doing', () => {
  assert.deepEqual(statusPhrases(input({ bar: { state: 'idle' }, session: null })), [['needsSessionManager']]);
  assert.deepEqual(statusPhrases(input({ bar: { state: 'idle' }, link: { verifying: true } })), [['reconnecting']]);
  assert.deepEqual(statusPhrases(input({ bar: { state: 'connecting' } })), [['connecting']]);
  assert.deepEqual(statusPhrases(input({ bar: { state: 'idle' }, session: { state: 'checking', message: null } })), [['checkingSession']]);
  assert.deepEqual(statusPhrases(input({ bar: { state: 'idle' }, session: { state: 'signed-out', message: null } })), [['logInToDictate']]);
  assert.deepEqual(statusPhrases(input({ bar: { state: 'idle' }, session: { state: 'expired', message: ['endExpired'] } })), [['endExpired']]);
});
