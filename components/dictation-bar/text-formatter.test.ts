import { expect } from '@open-wc/testing';
import { formatDictation } from './text-formatter.js';

const at = (before = '', after = '') => ({ before, after });

describe('formatDictation', () => {
  it('starts a field with a capital and keeps the written text as the server wrote it', () => {
    expect(formatDictation('the patient reports mild chest pain', at())).to.equal('The patient reports mild chest pain');
    expect(formatDictation('blood pressure 120/80, metoprolol 25 mg and 500 mL', at('x. '))).to.equal('Blood pressure 120/80, metoprolol 25 mg and 500 mL');
    expect(formatDictation('“no pain”', at())).to.equal('“No pain”');
  });

  it('keeps spoken punctuation and line breaks the server wrote, hugging the text before them', () => {
    expect(formatDictation('. The abdomen is soft', at('No fever'))).to.equal('. The abdomen is soft');
    expect(formatDictation(', no chills', at('No fever'))).to.equal(', no chills');
    expect(formatDictation('\nheart rate 72', at('No fever.'))).to.equal('\nheart rate 72');
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
    expect(formatDictation('5 mg daily', at('Seen today.'))).to.equal(' 5 mg daily');
  });

  it('keeps a word after the caret apart from the inserted text', () => {
    expect(formatDictation('mild', at('Reports', 'pain'))).to.equal(' mild ');
    expect(formatDictation('mild', at('Reports', ' pain'))).to.equal(' mild');
    expect(formatDictation('.', at('Reports pain', ''))).to.equal('.');
  });

  it("keeps the server's full stop after a pause only where it ends dictated words right before the caret", () => {
    expect(formatDictation('. The abdomen is soft', at('Heart rate 72'))).to.equal('. The abdomen is soft');
    expect(formatDictation('.', at('Heart rate 72'))).to.equal('.');
    expect(formatDictation('. The abdomen is soft', at('Heart rate 72.'))).to.equal(' The abdomen is soft');
    expect(formatDictation('. the abdomen is soft', at(''))).to.equal('The abdomen is soft');
    expect(formatDictation('. The abdomen is soft', at('Heart rate 72', ' and regular'))).to.equal(' the abdomen is soft');
    expect(formatDictation('.', at('Heart rate 72', ' and regular'))).to.equal('');
    // Into a field of an auto-text: the text after it ends the sentence, and the words are inside it.
    expect(formatDictation('. Regular', at('Heart sounds ', '.'))).to.equal('regular');
    expect(formatDictation('.', at('Heart sounds regular', '.'))).to.equal('');
    expect(formatDictation('. MRI tomorrow', at('Plan: ', '.'))).to.equal('MRI tomorrow');
    expect(formatDictation('. I agree', at('Plan: ', '.'))).to.equal('I agree');
  });

  it('has nothing to insert for nothing recognised', () => {
    expect(formatDictation('', at('x', 'y'))).to.equal('');
    expect(formatDictation('   ', at())).to.equal('');
  });
});
