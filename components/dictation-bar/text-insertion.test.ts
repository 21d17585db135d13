import { expect, fixture, html } from '@open-wc/testing';
import { caretContext, insertAtCaret, isEditableField } from './text-insertion.js';

describe('insertAtCaret', () => {
  it('inserts at the caret of a textarea as typing does: input events fire and undo takes it back', async () => {
    const textarea = await fixture<HTMLTextAreaElement>(html`<textarea aria-label="Note">Pain since.</textarea>`);
    textarea.setSelectionRange(10, 10);
    const events: string[] = [];
    textarea.addEventListener('input', (e) => events.push(`input:${(e as InputEvent).inputType}:${(e as InputEvent).data}`));
    expect(caretContext(textarea)).to.deep.equal({ before: 'Pain since', after: '.' });

    insertAtCaret(textarea, ' yesterday');
    expect(textarea.value).to.equal('Pain since yesterday.');
    expect(textarea.selectionStart).to.equal(20);
    expect(events).to.deep.equal(['input:insertText: yesterday']);

    document.execCommand('undo');
    expect(textarea.value).to.equal('Pain since.');
  });

  it('replaces a selection, and treats markup as plain text', async () => {
    const input = await fixture<HTMLInputElement>(html`<input aria-label="Title" value="Chest XXX pain" />`);
    input.setSelectionRange(6, 9);
    insertAtCaret(input, '<b>wall</b>');
    expect(input.value).to.equal('Chest <b>wall</b> pain');
  });

  it('inserts into a contenteditable at the remembered caret, as text, with line breaks (without the editing module)', async () => {
    const div = await fixture<HTMLDivElement>(html`<div contenteditable="true" aria-label="Note">Seen today. Well.</div>`);
    const range = document.createRange();
    range.setStart(div.firstChild!, 11);
    range.collapse(true);
    expect(caretContext(div, range)).to.deep.equal({ before: 'Seen today.', after: ' Well.' });
    let inputs = 0;
    div.addEventListener('input', () => inputs++);
    insertAtCaret(div, ' <i>No fever.</i>\nPlan', range);
    expect(div.textContent).to.equal('Seen today. <i>No fever.</i>Plan Well.');
    expect(div.querySelector('i')).to.equal(null);
    expect(div.innerText).to.match(/<\/i>\n+Plan Well\.$/, 'a line break before "Plan"');
    expect(inputs).to.be.greaterThan(0);
  });

  it('gives the keyboard back to where it was', async () => {
    const wrapper = await fixture(html`<div><textarea aria-label="Note"></textarea><button>Dictate</button></div>`);
    const button = wrapper.querySelector('button')!;
    button.focus();
    insertAtCaret(wrapper.querySelector('textarea')!, 'Hello');
    expect(wrapper.querySelector('textarea')!.value).to.equal('Hello');
    expect(document.activeElement).to.equal(button);
  });

  it('knows which fields it can write into', async () => {
    const form = await fixture(html`<form>
      <textarea aria-label="a"></textarea><textarea aria-label="b" readonly></textarea>
      <input aria-label="c" type="search" /><input aria-label="d" type="checkbox" /><input aria-label="e" disabled />
      <div contenteditable="true"></div><div></div>
    </form>`);
    expect([...form.children].map((el) => isEditableField(el))).to.deep.equal([true, false, true, false, false, true, false]);
  });
});
