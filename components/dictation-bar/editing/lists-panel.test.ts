import { expect, waitUntil } from '@open-wc/testing';
import { API, readyPage } from '../../test/helpers.js';

// The panel of the user's words and auto-texts, opened from the bar, against the real service and its store.

const panelOf = (bar: HTMLElement) => bar.shadowRoot!.querySelector<HTMLElement>('[part=lists]');
const status = (panel: HTMLElement) => panel.querySelector('[role=status]')!.textContent!.trim();
const button = (root: ParentNode, name: string) =>
  [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name)!;

async function openPanel() {
  const page = await readyPage();
  const note = page.manager.querySelector('textarea')!;
  note.value = 'Exam:';
  note.focus();
  note.setSelectionRange(5, 5);
  const open = page.bar.shadowRoot!.querySelector<HTMLButtonElement>('[part=lists-button]')!;
  expect(open.textContent!.trim()).to.equal('My words');
  open.click();
  await waitUntil(() => panelOf(page.bar)?.querySelector('h3'), 'the panel never showed its lists', { timeout: 5000 });
  return { ...page, note, panel: panelOf(page.bar)! };
}

async function cleanUp() {
  for (const path of ['/vocabulary/words/statin', '/auto-texts/normal%20chest%20exam']) await fetch(`${API}${path}`, { method: 'DELETE', credentials: 'include' });
}

describe('the panel of her words and auto-texts', () => {
  afterEach(cleanUp);

  it('adds, lists and removes a word; a refused one says why and keeps what she typed', async () => {
    const { panel } = await openPanel();
    const [phrase, soundsLike] = [...panel.querySelectorAll('form')[0]!.querySelectorAll('input')];
    expect(panel.shadowRoot ?? panel.getRootNode()).to.exist;
    phrase!.value = 'Statin';
    soundsLike!.value = 'stat in';
    panel.querySelectorAll('form')[0]!.requestSubmit();
    await waitUntil(() => /Saved/.test(status(panel)), status(panel), { timeout: 5000 });
    expect(status(panel)).to.equal('Saved “statin”: it is recognised from your next sentence.');
    expect(panel.querySelector('ul')!.textContent).to.contain('statin');
    const listed = await (await fetch(`${API}/vocabulary`, { credentials: 'include' })).json();
    expect(listed.words).to.deep.include({ phrase: 'statin', soundsLike: 'stat in', updatedAt: listed.words[0].updatedAt });

    const [again] = [...panel.querySelectorAll('form')[0]!.querySelectorAll('input')];
    again!.value = 'one two three four five six seven eight nine';
    panel.querySelectorAll('form')[0]!.requestSubmit();
    await waitUntil(() => /Not saved/.test(status(panel)), status(panel));
    expect(status(panel)).to.equal('Not saved: the phrase has more than 8 words.');
    expect(again!.value, 'what she typed stays').to.equal('one two three four five six seven eight nine');

    button(panel, 'Remove “statin”').click();
    await waitUntil(() => /Removed/.test(status(panel)), status(panel));
    expect(panel.textContent).to.contain('No words of your own yet.');
  });

  it('saves an auto-text and inserts it from the list into the field she was in, its first field selected', async () => {
    const { panel, note, bar } = await openPanel();
    const form = panel.querySelectorAll('form')[1]!;
    form.querySelector('input')!.value = 'normal chest exam';
    form.querySelector('textarea')!.value = ' Chest [clear|wheeze] bilaterally. [ ]';
    form.requestSubmit();
    await waitUntil(() => /Saved/.test(status(panel)), status(panel), { timeout: 5000 });
    expect(status(panel)).to.equal('Saved “normal chest exam”: say “insert normal chest exam”.');
    button(panel, 'Insert “normal chest exam”').click();
    await waitUntil(() => note.value !== 'Exam:', 'nothing inserted');
    expect(note.value).to.equal('Exam: Chest [clear] bilaterally. [ ]');
    expect(note.value.slice(note.selectionStart, note.selectionEnd)).to.equal('[clear]');
    expect(panelOf(bar), 'the panel closed').to.equal(null);
  });

  it('closes with Escape, focus going back to the field', async () => {
    const { panel, note, bar } = await openPanel();
    expect(panel.contains(panel.ownerDocument.activeElement) || bar.shadowRoot!.activeElement !== null).to.be.true;
    panel.querySelector('input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(panelOf(bar)).to.equal(null);
    expect(document.activeElement).to.equal(note);
  });

  for (const [theme, lang] of [['light', 'en'], ['dark', 'en'], ['light', 'es'], ['dark', 'es']] as const) {
    it(`is accessible, ${theme}, ${lang}`, async () => {
      const { bar, manager } = await readyPage();
      bar.theme = theme;
      manager.setAttribute('lang', lang);
      // With an entry of each kind listed.
      const put = (path: string, body: object) =>
        fetch(`${API}${path}`, { method: 'PUT', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await put('/vocabulary/words', { phrase: 'statin' });
      await put('/auto-texts', { name: 'normal chest exam', body: 'Chest [clear].' });
      await bar.updateComplete;
      bar.shadowRoot!.querySelector<HTMLButtonElement>('[part=lists-button]')!.click();
      await waitUntil(() => panelOf(bar)?.querySelector('li'), 'the panel never listed her entries', { timeout: 5000 });
      expect(panelOf(bar)!.lang).to.equal(lang);
      expect(panelOf(bar)!.querySelector('h2')!.textContent).to.equal(lang === 'es' ? 'Sus palabras y textos automáticos' : 'Your words and auto-texts');
      await expect(bar).to.be.accessible();
      manager.removeAttribute('lang');
    });
  }
});
