import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FORMAT, parseCommandOptions, VOICE_COMMANDS } from '../../protocol/index.js';
import { VoiceCommandMatcher } from './voice-command-matcher.js';

const matcher = new VoiceCommandMatcher({}, DEFAULT_FORMAT);

test('an utterance that is all a command is that command; its slot is written as dictation writes it', () => {
  const cases: [string, object | null][] = [
    ['scratch that', { name: 'scratch' }],
    ['delete that', { name: 'scratch' }],
    ['Scratch that.', { name: 'scratch' }],
    ['undo that', { name: 'undo' }],
    ['redo that', { name: 'redo' }],
    ['delete last word', { name: 'deleteLastWord' }],
    ['select that', { name: 'selectThat' }],
    ['select chest pain', { name: 'select', words: 'chest pain' }],
    ['select twenty five milligrams', { name: 'select', words: '25 mg' }],
    ['capitalize that', { name: 'capitalize' }],
    ['all caps that', { name: 'allCaps' }],
    ['no caps that', { name: 'noCaps' }],
    ['correct that', { name: 'correctThat' }],
    ['correct metoprolol', { name: 'correct', words: 'metoprolol' }],
    ['choose two', { name: 'choose', n: 2 }],
    ['choose number three', { name: 'choose', n: 3 }],
    ['choose 4', { name: 'choose', n: 4 }],
    ['insert before the abdomen', { name: 'insertBefore', words: 'the abdomen' }],
    ['insert after soft', { name: 'insertAfter', words: 'soft' }],
    ['go to end', { name: 'goToEnd' }],
    ['what can i say', { name: 'help' }],
    // Dictation, not commands: a command's words inside a longer sentence, a slot with nothing in it, a bad choice.
    ['delete that line from the list', null],
    ['please scratch that', null],
    ['select', null],
    ['choose', null],
    ['choose twelve', null],
    ['choose the left arm', null],
    ['literal scratch that', null],
    ['the abdomen is soft', null],
    ['', null],
  ];
  for (const [said, expected] of cases) {
    const got = matcher.match(said);
    if (expected === null) assert.equal(got, null, said);
    else assert.deepEqual({ ...got, said: undefined }, { ...expected, said: undefined }, said);
  }
  assert.equal(matcher.match('select twenty five milligrams')!.said, 'select 25 mg');
});

test('an utterance whose best hypothesis starts a command with a slot it misheard is the alternative that fills it', () => {
  assert.deepEqual(matcher.matchUtterance('choose you', ['she is due', 'choose two']), { name: 'choose', n: 2, said: 'choose two' });
  // Only when the best hypothesis says the command's words: dictation stays dictation.
  assert.equal(matcher.matchUtterance('she is due', ['choose two']), null);
  assert.equal(matcher.matchUtterance('scratch the', ['scratch that']), null);
  assert.deepEqual(matcher.matchUtterance('scratch that', []), { name: 'scratch', said: 'scratch that' });
});

test('a choice among the alternatives of dictation is offered beside it (the client takes it only with a list open); no other command is', () => {
  assert.deepEqual(matcher.choiceAmong(['choose you', 'choose two', 'she is you']), { name: 'choose', n: 2, said: 'choose two' });
  assert.equal(matcher.choiceAmong(['scratch that', 'delete that']), null, 'a command that acts on the field is never guessed');
  assert.equal(matcher.choiceAmong(['choose the', 'she is due']), null);
  assert.equal(new VoiceCommandMatcher(false, DEFAULT_FORMAT).choiceAmong(['choose two']), null, 'commands off');
});

test('every built-in phrase is recognised as its own command', () => {
  const withText = new VoiceCommandMatcher({}, DEFAULT_FORMAT);
  withText.setAutoTexts([{ name: 'plan', body: 'Plan: [ ]' }]);
  for (const [name, phrases] of Object.entries(VOICE_COMMANDS)) {
    for (const phrase of phrases) {
      const said = phrase.replace('<words>', 'chest pain').replace('<n>', 'two').replace('<auto-text>', 'plan');
      assert.equal(withText.match(said)?.name, name, said);
    }
  }
});

test('a page turns commands off, turns some off, or adds its own (which win over a built-in phrase)', () => {
  assert.equal(new VoiceCommandMatcher(false, DEFAULT_FORMAT).match('scratch that'), null);
  const some = new VoiceCommandMatcher({ disable: ['scratch'] }, DEFAULT_FORMAT);
  assert.equal(some.match('scratch that'), null);
  assert.equal(some.match('undo that')?.name, 'undo');
  const own = new VoiceCommandMatcher({ extra: [{ name: 'sign', phrases: ['sign the note', 'sign as <words>'] }, { name: 'mine', phrases: ['undo that'] }] }, DEFAULT_FORMAT);
  assert.equal(own.match('sign the note')?.name, 'sign');
  assert.deepEqual(own.match('sign as doctor smith'), { name: 'sign', words: 'doctor smith', said: 'sign as doctor smith' });
  assert.equal(own.match('undo that')?.name, 'mine');
});

test('command options from a page: malformed ones are refused, naming what is wrong', () => {
  assert.deepEqual(parseCommandOptions(undefined), { ok: true, options: false }, 'absent: none (a client that does not know them)');
  assert.deepEqual(parseCommandOptions({}), { ok: true, options: {} });
  assert.deepEqual(parseCommandOptions(false), { ok: true, options: false });
  const problems: [unknown, RegExp][] = [
    [true, /must be false or an object/],
    [{ off: true }, /commands\.off" is not an option/],
    [{ disable: ['fly'] }, /commands\.disable/],
    [{ extra: [{ name: 'x y', phrases: ['a'] }] }, /extra\[0\]\.name/],
    [{ extra: [{ name: 'x', phrases: [] }] }, /extra\[0\]\.phrases/],
    [{ extra: [{ name: 'x', phrases: ['Sign Off'] }] }, /"Sign Off" is not lower-case words/],
    [{ extra: [{ name: 'x', phrases: ['<words> sign'] }] }, /is not lower-case words/],
    [{ extra: [{ name: 'x', phrases: ['a'.repeat(61)] }] }, /at most 60 characters/],
    [{ extra: Array.from({ length: 51 }, (_, i) => ({ name: `c${i}`, phrases: ['a'] })) }, /at most 50 commands/],
  ];
  for (const [value, problem] of problems) {
    const parsed = parseCommandOptions(value);
    assert.equal(parsed.ok, false, JSON.stringify(value));
    if (!parsed.ok) assert.match(parsed.problem, problem);
  }
});

test('"insert <auto-text>" is a command only for the names of her auto-texts; fields, defaults and her words are commands', () => {
  const withTexts = new VoiceCommandMatcher({}, DEFAULT_FORMAT);
  const body = 'Chest [clear|wheeze] bilaterally. [ ]';
  withTexts.setAutoTexts([{ name: 'normal chest exam', body }]);
  const name = (raw: string) => withTexts.match(raw);
  assert.deepEqual(name('insert normal chest exam'), { name: 'insertAutoText', words: 'normal chest exam', text: body, said: 'insert normal chest exam' });
  assert.equal(name('insert a urinary catheter'), null, 'dictation that starts with "insert" stays dictation');
  assert.equal(name('insert normal chest exam today'), null);
  assert.deepEqual(name('insert before chest'), { name: 'insertBefore', words: 'chest', said: 'insert before chest' });
  assert.equal(name('next field')?.name, 'nextField');
  assert.equal(name('previous field')?.name, 'previousField');
  assert.equal(name('accept defaults')?.name, 'acceptDefaults');
  assert.equal(name('add that word')?.name, 'addWord');
  assert.deepEqual(name('add apixaban to vocabulary'), { name: 'addWords', words: 'apixaban', said: 'add apixaban to vocabulary' });
  assert.equal(name('add to vocabulary'), null, 'a slot needs words');
  // Without her list (or with another one), the name is not hers.
  assert.equal(new VoiceCommandMatcher({}, DEFAULT_FORMAT).match('insert normal chest exam'), null);
  withTexts.setAutoTexts([]);
  assert.equal(name('insert normal chest exam'), null, 'a deleted auto-text is no longer a command');
  // A misheard name is taken from an alternative when the best hypothesis starts with "insert".
  withTexts.setAutoTexts([{ name: 'normal chest exam', body }]);
  assert.equal(withTexts.matchUtterance('insert normal chess exam', ['insert normal chest exam'])?.name, 'insertAutoText');
});
