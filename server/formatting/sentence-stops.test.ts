import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FORMAT } from '../../protocol/index.js';
import { SentenceStops } from './sentence-stops.js';

const pause = DEFAULT_FORMAT.sentencePause;

test('a long pause ends the sentence before the next utterance; a short one does not', () => {
  const stops = new SentenceStops(DEFAULT_FORMAT);
  assert.equal(stops.utterance('blood pressure 120/80', undefined), 'blood pressure 120/80');
  assert.equal(stops.utterance('heart rate 72', pause - 1), 'heart rate 72', 'a hesitation inside the sentence');
  assert.equal(stops.utterance('the abdomen is soft', pause), '. The abdomen is soft');
  assert.equal(stops.closing(), '.', 'a stop ends the last sentence');
  assert.equal(stops.closing(), '', 'once');
});

test('said punctuation wins: no full stop after a mark, nor before one', () => {
  const stops = new SentenceStops(DEFAULT_FORMAT);
  stops.utterance('any chest pain?', undefined);
  assert.equal(stops.utterance('no', pause * 3), 'no', 'after a question mark');
  assert.equal(stops.utterance(', and no fever', pause * 3), ', and no fever', 'before a said comma');
  stops.utterance('plan:', pause * 3);
  assert.equal(stops.closing(), '', 'nothing after a colon');
  stops.utterance('stable\n\n', undefined);
  assert.equal(stops.closing(), '', 'nothing after a new paragraph');
});

test('with sentences "spoken" nothing is added', () => {
  const stops = new SentenceStops({ ...DEFAULT_FORMAT, sentences: 'spoken' });
  stops.utterance('blood pressure 120/80', undefined);
  assert.equal(stops.utterance('the abdomen is soft', 10_000), 'the abdomen is soft');
  assert.equal(stops.closing(), '');
});
