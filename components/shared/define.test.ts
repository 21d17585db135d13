import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import { define } from './define.js';
import { DictationBar } from '../dictation-bar/dictation-bar.js';

describe('defining the elements twice', () => {
  it('warns and keeps the first definition instead of throwing (the bundle loaded twice)', () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      // What a second copy of the bundle does: another class, the same tag.
      class SecondCopy extends LitElement {}
      define('dictation-bar', SecondCopy);
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('dictation-bar')).to.equal(DictationBar);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<dictation-bar> is already defined');
  });

  it('defines a tag that is free', () => {
    class Free extends LitElement {}
    define('define-test-element', Free);
    expect(customElements.get('define-test-element')).to.equal(Free);
  });
});
