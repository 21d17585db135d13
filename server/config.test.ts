import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.js';

test('defaults match the product documents', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.idleTimeoutMs, 60 * 60_000);
  assert.equal(config.extensionMs, 30 * 60_000);
  assert.equal(config.absoluteTimeoutMs, 12 * 3_600_000);
  assert.equal(config.keepAliveIntervalMs, 20_000);
  assert.equal(config.sessionMode, 'multi-user');
  assert.equal(config.cookieSecretGenerated, true);
  assert.equal(config.devControls, false, 'development features are opt-in');
  assert.equal(config.recognizer.engine, 'pocketsphinx');
  assert.equal(config.recognizer.endOfSpeechMs, 200);
  assert.equal(config.recognizer.secondPass, false);
  assert.equal(config.recognizer.vocabularyFile, 'vocabulary/clinical');
});

test('development features are on only when asked for, whatever NODE_ENV says', () => {
  const secret = { COOKIE_SECRET: 'a'.repeat(32) };
  for (const NODE_ENV of [undefined, '', 'Production', 'prod', 'development']) {
    const env = NODE_ENV === undefined ? {} : { NODE_ENV };
    assert.equal(loadConfig(env).devControls, false, `NODE_ENV=${NODE_ENV}`);
    assert.equal(loadConfig({ ...env, ...secret, DEV_CONTROLS: 'true' }).devControls, true);
  }
});

test('invalid values stop start-up with a message that names the variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT/],
    [{ SESSION_IDLE_TIMEOUT_MINUTES: '0' }, /SESSION_IDLE_TIMEOUT_MINUTES must be a positive number/],
    [{ SESSION_EXTENSION_MINUTES: '-5' }, /SESSION_EXTENSION_MINUTES/],
    [{ SESSION_ABSOLUTE_TIMEOUT_HOURS: 'x' }, /SESSION_ABSOLUTE_TIMEOUT_HOURS/],
    [{ SESSION_ABSOLUTE_TIMEOUT_HOURS: '0.5' }, /must not be shorter than SESSION_IDLE_TIMEOUT_MINUTES/],
    [{ KEEPALIVE_INTERVAL_SECONDS: '' + 'abc' }, /KEEPALIVE_INTERVAL_SECONDS/],
    [{ SESSION_MODE: 'solo' }, /SESSION_MODE must be "multi-user" or "single-user"/],
    [{ COOKIE_SECRET: 'short' }, /COOKIE_SECRET must be at least 32/],
    [{ JOURNAL_SECRET: 'short' }, /JOURNAL_SECRET must be at least 32/],
    [{ SESSION_MODE: 'single-user', HOST: '0.0.0.0' }, /SESSION_MODE=single-user needs no login, so it listens on loopback only/],
    [{ PUBLIC_ORIGINS: 'https://dictation.example.org/app' }, /PUBLIC_ORIGINS entries must be bare origins/],
    [{ NODE_ENV: 'production' }, /COOKIE_SECRET is required in production/],
    [{ ALLOWED_ORIGINS: 'https://cms.example.org/path' }, /bare origins/],
    [{ DEV_CONTROLS: 'yes' }, /DEV_CONTROLS/],
    [{ TRUST_PROXY: 'true' }, /would trust every X-Forwarded-For hop/],
    [{ TRUST_PROXY: '0' }, /hop count must be from 1 to 10/],
    [{ TRUST_PROXY: 'proxy.example.org' }, /TRUST_PROXY must be false, a hop count or proxy addresses/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be false/],
    [{ LOGIN_FAILURES_PER_ACCOUNT: '0' }, /LOGIN_FAILURES_PER_ACCOUNT/],
    [{ MAX_SOCKETS_PER_SESSION: '1.5' }, /MAX_SOCKETS_PER_SESSION/],
    [{ AUDIO_BURST_SECONDS: '5' }, /AUDIO_BURST_SECONDS must be at least 10 seconds/],
    [{ RECOGNIZER: 'whisper' }, /RECOGNIZER must be "pocketsphinx" or "none"/],
    [{ RECOGNIZER_SECOND_PASS: 'on' }, /RECOGNIZER_SECOND_PASS must be "true" or "false"/],
    [{ END_OF_SPEECH_MS: '10' }, /END_OF_SPEECH_MS/],
    [{ RECOGNIZER_WORKERS: '0' }, /RECOGNIZER_WORKERS/],
    [{ VOCABULARY_WEIGHT: '1.5' }, /VOCABULARY_WEIGHT/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadConfig(env), (err: Error) => err instanceof ConfigError && message.test(err.message), JSON.stringify(env));
  }
});

test('TRUST_PROXY takes a hop count or proxy addresses, never "trust everything"', () => {
  const base = { COOKIE_SECRET: 'a'.repeat(32) };
  assert.equal(loadConfig(base).trustProxy, false);
  assert.equal(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy, false);
  assert.equal(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ ...base, TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,::1' }).trustProxy, ['10.0.0.5', '10.0.1.0/24', '::1']);
});

test('production never exposes the dev controls', () => {
  const config = loadConfig({ NODE_ENV: 'production', COOKIE_SECRET: 'a'.repeat(32) });
  assert.equal(config.devControls, false);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', COOKIE_SECRET: 'a'.repeat(32), DEV_CONTROLS: 'true' }));
});

test('formatting: on by default, set per deployment, and a value that is not a choice stops start-up naming the choices', () => {
  assert.deepEqual(loadConfig({}).format, { numbers: true, dates: 'long', times: '12h', wordsBelow: 10, sentences: 'pause', sentencePause: 1000 });
  const env = { FORMAT_NUMBERS: 'off', FORMAT_DATES: 'iso', FORMAT_TIMES: '24h', FORMAT_WORDS_BELOW: '0', FORMAT_SENTENCES: 'spoken', FORMAT_SENTENCE_PAUSE_MS: '1500' };
  assert.deepEqual(loadConfig(env).format, { numbers: false, dates: 'iso', times: '24h', wordsBelow: 0, sentences: 'spoken', sentencePause: 1500 });
  assert.throws(() => loadConfig({ FORMAT_SENTENCE_PAUSE_MS: '50' }), /FORMAT_SENTENCE_PAUSE_MS must be a whole number of milliseconds from 200 to 10000/);
  assert.throws(() => loadConfig({ FORMAT_DATES: 'european' }), (err: Error) => err instanceof ConfigError && /FORMAT_DATES must be one of "long", "dmy"/.test(err.message));
  assert.throws(() => loadConfig({ FORMAT_WORDS_BELOW: '2.5' }), /FORMAT_WORDS_BELOW must be a whole number from 0 to 100/);
  assert.throws(() => loadConfig({ FORMAT_NUMBERS: 'yes' }), /FORMAT_NUMBERS must be one of "on", "off"/);
});
