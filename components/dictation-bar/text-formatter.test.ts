import { expect } from '@open-wc/testing';
import { formatDictation } from './text-formatter.js';

const at = (before = '', after = '') => ({ before, after });

describe('formatDictation', () => {
  it('starts a field with a capital and leaves words as spoken', () => {
    expect(formatDictation('the patient reports mild chest pain', at())).to.equal('The patient reports mild chest pain');
  });

  it('turns voice commands into characters, not words', () => {
    expect(formatDictation('no fever comma no chills period new line heart rate normal full stop', at())).to.equal(
      'No fever, no chills.\nHeart rate normal.',
    );
    expect(formatDictation('any pain question mark new paragraph yes exclamation mark', at())).to.equal('Any pain?\n\nYes!');
  });

  it('adds a space after existing text, but not after a space, a newline or an opening bracket', () => {
    expect(formatDictation('follow up', at('Plan:'))).to.equal(' follow up');
    expect(formatDictation('follow up', at('Plan: '))).to.equal('follow up');
    expect(formatDictation('follow up', at('Plan (', ')'))).to.equal('follow up');
    expect(formatDictation('follow up', at('Plan\n'))).to.equal('Follow up');
  });

  it('capitalises after a sentence ends, not within one', () => {
    expect(formatDictation('she is well', at('Seen today.'))).to.equal(' She is well');
    expect(formatDictation('she is well', at('Seen today?  '))).to.equal('She is well');
    expect(formatDictation('she is well', at('Seen today,'))).to.equal(' she is well');
  });

  it('capitalises "I" and its contractions anywhere', () => {
    expect(formatDictation("then i think i'm done", at('And'))).to.equal(" then I think I'm done");
  });

  it('keeps a word after the caret apart from the inserted text', () => {
    expect(formatDictation('mild', at('Reports', 'pain'))).to.equal(' mild ');
    expect(formatDictation('mild', at('Reports', ' pain'))).to.equal(' mild');
    expect(formatDictation('period', at('Reports pain', ''))).to.equal('.');
  });

  it('has nothing to insert for nothing recognised', () => {
    expect(formatDictation('', at('x', 'y'))).to.equal('');
    expect(formatDictation('   ', at())).to.equal('');
  });
});
