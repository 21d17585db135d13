import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIO_SAMPLE_RATE, AUDIO_SEND_WINDOW_SAMPLES } from '../../protocol/index.js';
import { beginStream, countWords, createTake, dropStream, isOwed, pump } from './take.js';

const second = () => new Int16Array(AUDIO_SAMPLE_RATE);
const take = () => createTake({ id: 't', user: 'demo', field: null, fieldKey: '#note', createdAt: 0 });

test('a new stream starts from the first sample still kept, and counts from there', () => {
  const t = take();
  for (let i = 0; i < 3; i++) t.journal.append(second());
  t.journal.forgetBefore(AUDIO_SAMPLE_RATE);
  beginStream(t);
  assert.equal(t.stream, 'starting');
  assert.deepEqual([t.streamBase, t.sent, t.acked], [AUDIO_SAMPLE_RATE, AUDIO_SAMPLE_RATE, AUDIO_SAMPLE_RATE]);
});

test('flow control: at most a window ahead of what the server acknowledged, a second a frame; before a stop, all', () => {
  const t = take();
  for (let i = 0; i < 10; i++) t.journal.append(second());
  beginStream(t);
  t.stream = 'live';
  const sent: number[] = [];
  const send = (pcm: Int16Array) => (sent.push(pcm.length), true);
  pump(t, send);
  assert.equal(t.sent, AUDIO_SEND_WINDOW_SAMPLES);
  assert.ok(sent.every((n) => n <= AUDIO_SAMPLE_RATE));
  t.acked = 2 * AUDIO_SAMPLE_RATE;
  pump(t, send);
  assert.equal(t.sent, 2 * AUDIO_SAMPLE_RATE + AUDIO_SEND_WINDOW_SAMPLES);
  pump(t, send, true);
  assert.equal(t.sent, 10 * AUDIO_SAMPLE_RATE);
});

test('flow control: a socket that takes nothing leaves the offsets where they were; no live stream sends nothing', () => {
  const t = take();
  t.journal.append(second());
  beginStream(t);
  pump(t, () => true);
  assert.equal(t.sent, 0, 'not live yet');
  t.stream = 'live';
  pump(t, () => false);
  assert.equal(t.sent, 0);
});

test('a dropped stream owes everything captured so far, and the cut utterance is transcribed again', () => {
  const t = take();
  t.journal.append(second());
  beginStream(t);
  t.stream = 'live';
  t.held = { text: 'half a wo', through: 100 };
  assert.equal(isOwed(t), false);
  dropStream(t);
  assert.deepEqual([t.stream, t.held, t.owedUntil], ['none', null, AUDIO_SAMPLE_RATE]);
  assert.equal(isOwed(t), true);
  t.journal.forgetBefore(AUDIO_SAMPLE_RATE);
  assert.equal(isOwed(t), false, 'its text arrived');
});

test('words are counted as a reader would', () => {
  assert.equal(countWords('  blood pressure\n120 over 80 '), 5);
});
