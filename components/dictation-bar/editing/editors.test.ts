import { expect, waitUntil } from '@open-wc/testing';
import { API, readyPage, sleep } from '../../test/helpers.js';
import { Editor as TiptapEditor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { tiptapWriter } from '../../../examples/writers/tiptap-writer.js';
import { createEditing, WRITERS } from '../dictation-editing.js';
import { insertDictation } from '../insert-dictation.js';
import { registerBuiltInWriters, registerWriter, writerFor, type DictationWriter } from '../writers.js';

// The real editors from npm, as a CMS embeds them: each gets dictation through the writer the bar picks for its
// editable element, and its own content API (getData, getContent, getText, value) must see it.

registerBuiltInWriters(...WRITERS);
registerWriter(tiptapWriter);

interface Editor {
  /** The element focus lands on: what the bar dictates into. */
  field: HTMLElement;
  /** The editor's own account of its text, as a reader sees it. */
  content(): string;
  /** The editor's own undo, as its Ctrl+Z or toolbar does it. */
  undo(): void;
  destroy(): Promise<void> | void;
}

const plain = (text: string) => text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
const fromHtml = (html: string) => {
  const div = document.createElement('div');
  div.innerHTML = html;
  return plain(div.textContent ?? '');
};

function mount(tag: string): HTMLElement {
  const element = document.createElement(tag);
  document.body.append(element);
  return element;
}

function loadScript(src: string): Promise<void> {
  if (document.querySelector(`script[src="${src}"]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src, onload: resolve, onerror: reject });
    document.head.append(script);
  });
}

type TinyMce = { init(options: object): Promise<{ getBody(): HTMLElement; getContent(o: object): string; undoManager: { undo(): void }; remove(): void }[]> };

async function tinymce(inline: boolean): Promise<Editor> {
  await loadScript('/node_modules/tinymce/tinymce.min.js');
  const target = mount(inline ? 'div' : 'textarea');
  const tiny = (window as unknown as { tinymce: TinyMce }).tinymce;
  const [editor] = await tiny.init({
    target,
    inline,
    base_url: '/node_modules/tinymce',
    suffix: '.min',
    license_key: 'gpl',
    menubar: false,
    toolbar: false,
    statusbar: false,
    promotion: false,
    skin: false,
    content_css: false,
  });
  return {
    field: editor!.getBody(),
    content: () => plain(editor!.getContent({ format: 'text' })),
    undo: () => editor!.undoManager.undo(),
    destroy: () => {
      editor!.remove();
      target.remove();
    },
  };
}

const EDITORS: Record<string, () => Promise<Editor>> = {
  textarea: async () => {
    const field = mount('textarea') as HTMLTextAreaElement;
    return { field, content: () => plain(field.value), undo: () => (field.focus(), document.execCommand('undo')), destroy: () => field.remove() };
  },
  contenteditable: async () => {
    const field = mount('div');
    field.contentEditable = 'true';
    return { field, content: () => plain(field.textContent!), undo: () => (field.focus(), document.execCommand('undo')), destroy: () => field.remove() };
  },
  'contenteditable in a same-origin iframe': async () => {
    const frame = mount('iframe') as HTMLIFrameElement;
    frame.srcdoc = '<!doctype html><html lang="en"><body contenteditable="true"></body></html>';
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const body = frame.contentDocument!.body;
    return { field: body, content: () => plain(body.textContent!), undo: () => (body.focus(), frame.contentDocument!.execCommand('undo')), destroy: () => frame.remove() };
  },
  'CKEditor 5': async () => {
    const url = '/node_modules/ckeditor5/dist/browser/ckeditor5.js';
    const { ClassicEditor, Essentials, Paragraph } = await import(/* @vite-ignore */ url);
    const element = mount('div');
    const editor = await ClassicEditor.create(element, { licenseKey: 'GPL', plugins: [Essentials, Paragraph] });
    return {
      field: editor.ui.getEditableElement(),
      content: () => fromHtml(editor.getData()),
      undo: () => editor.execute('undo'),
      destroy: async () => {
        await editor.destroy();
        element.remove();
      },
    };
  },
  'TinyMCE (iframe)': () => tinymce(false),
  'TinyMCE (inline)': () => tinymce(true),
  'Tiptap (ProseMirror), a writer the page registers': async () => {
    const element = mount('div');
    const editor = new TiptapEditor({ element, extensions: [StarterKit], content: '' });
    return {
      field: editor.view.dom,
      content: () => plain(editor.getText()),
      undo: () => editor.commands.undo(),
      destroy: () => {
        editor.destroy();
        element.remove();
      },
    };
  },
};

/** The bar's shadow root stands in as the place the lists show (the bar itself is tested with the module elsewhere). */
function editingFor() {
  const host = mount('div');
  const root = host.attachShadow({ mode: 'open' });
  const said: string[] = [];
  const hooks = createEditing({ writerFor: (field) => writerFor(field, null), lang: () => 'en', say: (s) => said.push(s), root });
  return { hooks, said, root, destroy: () => host.remove() };
}

/** An utterance as the bar inserts it: through the field's writer, remembered with its alternatives. */
function dictate(editing: ReturnType<typeof editingFor>, writer: DictationWriter, field: HTMLElement, text: string, alternatives: string[] = []) {
  const at = writer.selection()[0];
  writer.insert(text);
  editing.hooks.inserted(field, text, at, alternatives);
}

for (const [name, open] of Object.entries(EDITORS)) {
  describe(`dictation into ${name}`, () => {
    let editor: Editor;
    let editing: ReturnType<typeof editingFor>;
    beforeEach(async () => {
      editor = await open();
      editing = editingFor();
    });
    afterEach(async () => {
      editing.destroy();
      await editor.destroy();
    });

    it('reaches the editor through its own model, one utterance per step of its own undo', async () => {
      const writer = writerFor(editor.field, null)!;
      expect(writer, 'a writer for the field').to.exist;
      writer.insert('The abdomen is soft.');
      writer.insert(' Bowel sounds are normal.');
      expect(editor.content()).to.equal('The abdomen is soft. Bowel sounds are normal.');
      expect(writer.text().replace(/\u00a0/g, ' ')).to.equal('The abdomen is soft. Bowel sounds are normal.');
      expect(writer.selection()).to.deep.equal([45, 45], 'the caret after the text');
      editor.undo();
      expect(editor.content()).to.equal('The abdomen is soft.');
      writer.redo();
      expect(editor.content()).to.equal('The abdomen is soft. Bowel sounds are normal.');
      // Selecting by offsets and replacing: what select and correct do.
      writer.select(15, 19);
      writer.insert('tender');
      expect(editor.content()).to.equal('The abdomen is tender. Bowel sounds are normal.');
      editor.undo();
      expect(editor.content()).to.equal('The abdomen is soft. Bowel sounds are normal.');
    });

    it('an auto-text: inserted in one step with its fields, the first selected; its choices, "next field" and F2, "accept defaults"', async () => {
      const writer = writerFor(editor.field, null)!;
      const run = (name: string, extra: object = {}) => editing.hooks.run(document.body, editor.field, { name, said: name, ...extra });
      editor.field.focus();
      dictate(editing, writer, editor.field, 'Exam:');
      run('insertAutoText', { words: 'normal chest exam', text: ' Chest [clear|wheeze|crackles] bilaterally. Heart [ ]. Plan [rest].' });
      expect(editor.content()).to.equal('Exam: Chest [clear] bilaterally. Heart [ ]. Plan [rest].');
      const selected = () => writer.text().slice(...writer.selection());
      expect(selected()).to.equal('[clear]', 'the first field is selected');
      const options = [...editing.root.querySelectorAll('[role=option]')].map((o) => o.textContent);
      expect(options).to.deep.equal(['1. clear', '2. wheeze', '3. crackles']);
      run('choose', { n: 2 });
      expect(editor.content()).to.equal('Exam: Chest wheeze bilaterally. Heart [ ]. Plan [rest].');
      run('nextField');
      expect(selected()).to.equal('[ ]');
      dictate(editing, writer, editor.field, 'regular');
      expect(editor.content()).to.equal('Exam: Chest wheeze bilaterally. Heart regular. Plan [rest].');
      // The keyboard: F2 to the next field (here the last), Shift+F2 back to it from the end.
      run('goToEnd');
      editor.field.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2', shiftKey: true, bubbles: true, composed: true }));
      expect(selected()).to.equal('[rest]');
      run('acceptDefaults');
      expect(editor.content()).to.equal('Exam: Chest wheeze bilaterally. Heart regular. Plan rest.');
      run('nextField');
      expect(editing.said.at(-1)).to.equal('There are no fields to fill here.');
      // "scratch that" takes the whole auto-text back (it went in as one utterance, which was edited since: here the
      // editor's own undo, one step for the insertion).
      run('insertAutoText', { words: 'plan', text: ' Follow up in [two] weeks [ ].' });
      run('acceptDefaults');
      expect(editor.content()).to.equal('Exam: Chest wheeze bilaterally. Heart regular. Plan rest. Follow up in two weeks.');
      run('insertAutoText', { words: 'nothing' });
      expect(editing.said.at(-1)).to.equal('There is no auto-text called “nothing”.');
    });

    it('in a new paragraph, dictation starts a sentence with no space before it; at a paragraph\'s end, nothing is glued to the next', async () => {
      const writer = writerFor(editor.field, null)!;
      const bar = mount('div');
      const text = () => writer.text().replace(/\n/g, '');
      // Lines as the reader sees them (a rich-text editor's text runs its paragraphs together).
      const field = editor.field;
      const lines = () => (field instanceof HTMLTextAreaElement ? field.value : field.innerText).split(/\n+/).filter((l) => l.trim() !== '');
      field.focus();
      writer.insert('Dear Dr Jones,\n\n');
      insertDictation(bar, field, 'thank you for seeing her', null, null);
      expect(lines()).to.deep.equal(['Dear Dr Jones,', 'Thank you for seeing her'], 'on the new line');
      expect(text()).to.equal('Dear Dr Jones,Thank you for seeing her', 'a capital, and no space at the start of the paragraph');
      writer.select(14, 14);
      insertDictation(bar, editor.field, 'and family', null, null);
      expect(text()).to.equal('Dear Dr Jones, and familyThank you for seeing her', 'no space glued to the next paragraph');
      // In the middle of a paragraph, as before: a space, and no capital.
      writer.select(10, 10);
      insertDictation(bar, editor.field, 'mister', null, null);
      expect(text()).to.equal('Dear Dr Jo mister nes, and familyThank you for seeing her');
      bar.remove();
    });

    it('"scratch that" takes back an utterance with a new paragraph in it, or an auto-text of several lines, and only that', async () => {
      const writer = writerFor(editor.field, null)!;
      const run = (name: string, extra: object = {}) => editing.hooks.run(document.body, editor.field, { name, said: name, ...extra });
      editor.field.focus();
      dictate(editing, writer, editor.field, 'Dear Dr Jones. Thank you for seeing her');
      const before = editor.content();
      dictate(editing, writer, editor.field, '. She takes apixaban 5 mg.\n\nBlood pressure 132/78');
      dictate(editing, writer, editor.field, '.');
      expect(editor.content()).to.include('132/78.');
      run('scratch');
      expect(editor.content()).to.equal(before, 'the utterance and its full stop, not the one before');
      expect(editing.said.at(-1)).to.equal('Deleted “She takes apixaban 5 mg. Blood pressure 132/78.”.');
      run('insertAutoText', { words: 'plan', text: '.\nPlan:\n- rest\n- fluids' });
      expect(editor.content()).to.include('fluids');
      run('scratch');
      expect(editor.content()).to.equal(before);
    });

    it('"scratch that", "correct that" then "choose 2", "select", "all caps that", "insert after", all undoable', async () => {
      const writer = writerFor(editor.field, null)!;
      const run = (name: string, extra: object = {}) => editing.hooks.run(document.body, editor.field, { name, said: name, ...extra });
      dictate(editing, writer, editor.field, 'The abdomen is soft', ['the abdomen is stiff', 'the abdomen is so often']);
      dictate(editing, writer, editor.field, ' and not tender', ['and non tender']);
      run('scratch');
      expect(editor.content()).to.equal('The abdomen is soft');
      expect(editing.said.at(-1)).to.equal('Deleted “and not tender”.');
      run('correctThat');
      const options = [...editing.root.querySelectorAll('[role=option]')].map((o) => o.textContent);
      expect(options).to.deep.equal(['1. the abdomen is stiff', '2. the abdomen is so often']);
      run('choose', { n: 2 });
      expect(editor.content()).to.equal('The abdomen is so often');
      expect(editing.root.querySelector('[role=listbox]'), 'the list closes').to.equal(null);
      // The correction is one step of the editor's undo, and "correct that" again offers what it was.
      editor.undo();
      expect(editor.content()).to.equal('The abdomen is soft');
      run('redo');
      expect(editor.content()).to.equal('The abdomen is so often');
      run('select', { words: 'ABDOMEN' });
      run('allCaps');
      expect(editor.content()).to.equal('The ABDOMEN is so often');
      run('insertAfter', { words: 'the abdomen' });
      dictate(editing, writer, editor.field, ' wall');
      expect(editor.content()).to.equal('The ABDOMEN wall is so often');
      run('select', { words: 'pain' });
      expect(editing.said.at(-1)).to.equal('“pain” is not in the field: nothing changed.');
      expect(editor.content()).to.equal('The ABDOMEN wall is so often');
      run('goToEnd');
      run('deleteLastWord');
      expect(editor.content()).to.equal('The ABDOMEN wall is so');
    });
  });
}

// Through the bar, with the microphone speaking TEST_SENTENCE and the real recognizer: the bar loads the editing
// module, follows focus into the editor (into TinyMCE's frame), and the words land in the editor's own content.
describe('<dictation-bar> dictating into the editors', () => {
  for (const name of ['CKEditor 5', 'TinyMCE (iframe)', 'Tiptap (ProseMirror), a writer the page registers']) {
    it(`writes the spoken sentence into ${name}, and the editor's undo takes it back`, async () => {
      const { bar } = await readyPage();
      const editor = await EDITORS[name]!();
      try {
        editor.field.focus();
        // Into TinyMCE's frame, the page hears only that its window lost focus: the bar looks into the frame then.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(await bar.startRecording()).to.be.true;
        await waitUntil(() => /pressure/i.test(editor.content()), `nothing in ${name}: "${editor.content()}"`, { timeout: 20000 });
        await bar.stopRecording();
        await waitUntil(() => bar.recording === 'off', 'recording never stopped', { timeout: 5000 });
        expect(editor.content()).to.match(/^Blood pressure is 120\/80/);
        // Each utterance (the sentence, the full stop the stop added, any more the loop said) is one undo step.
        const steps: string[] = [editor.content()];
        while (editor.content() !== '' && steps.length < 10) {
          editor.undo();
          steps.push(editor.content());
        }
        expect(steps.at(-1), steps.join(' | ')).to.equal('');
        expect(steps.some((s) => /^Blood pressure is 120\/80$/.test(s)), steps.join(' | ')).to.be.true;
      } finally {
        await editor.destroy();
      }
    }).timeout(40000);
  }
});

describe('what was dictated, after a reload', () => {
  it('is known again from the journal: "scratch that" takes the last utterance, "correct that" offers its alternatives', async () => {
    const { bar: first, manager } = await readyPage();
    const note = manager.querySelector('textarea')!;
    note.value = 'Seen today.';
    note.setSelectionRange(11, 11);
    note.focus();
    expect(await first.startRecording()).to.be.true;
    await waitUntil(() => /pressure/i.test(note.value), `nothing dictated: "${note.value}"`, { timeout: 20000 });
    await first.stopRecording();
    await waitUntil(() => first.recording === 'off', 'recording never stopped', { timeout: 5000 });
    const dictated = note.value;
    // A reload: a new bar, nothing in memory; the page kept its text (a draft).
    const bar = document.createElement('dictation-bar');
    first.replaceWith(bar);
    await waitUntil(() => bar.state === 'ready', 'the new bar never connected', { timeout: 10000 });
    await sleep(1000); // the journal is read once the link is up
    note.focus();
    expect(note.value).to.equal(dictated);
    expect(await bar.runCommand('scratch')).to.be.true;
    // The fake microphone loops its sentence: one utterance (and the full stop the stop added) less.
    const count = (text: string) => text.match(/pressure/gi)?.length ?? 0;
    expect(count(note.value), `"${dictated}" -> "${note.value}"`).to.equal(count(dictated) - 1);
    expect(note.value.startsWith('Seen today.')).to.be.true;
    expect(await bar.runCommand('undo')).to.be.true;
    expect(note.value).to.equal(dictated);
  }).timeout(40000);
});

describe("the user's words, by voice", () => {
  it('"add that word" puts the selection in her list through the service; a refused one says why', async () => {
    const { bar, manager } = await readyPage();
    const status = () => bar.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();
    const words = async () => ((await (await fetch(`${API}/vocabulary`, { credentials: 'include' })).json()) as { words: { phrase: string }[] }).words.map((w) => w.phrase);
    const note = manager.querySelector('textarea')!;
    note.value = 'Start Zorbitrex today.';
    note.focus();
    note.setSelectionRange(6, 15);
    try {
      expect(await bar.runCommand('addWord')).to.be.true;
      await waitUntil(() => /Added/.test(status()), status(), { timeout: 5000 });
      expect(status()).to.equal('Added “zorbitrex” to your words: it is recognised from your next sentence.');
      expect(await words()).to.include('zorbitrex');
      expect(await bar.runCommand('addWords', { words: 'one two three four five six seven eight nine' })).to.be.true;
      await waitUntil(() => /not added/.test(status()), status(), { timeout: 5000 });
      expect(status()).to.equal('“one two three four five six seven eight nine” was not added to your words: The phrase has more than 8 words.');
      expect(note.value, 'the field is untouched').to.equal('Start Zorbitrex today.');
    } finally {
      await fetch(`${API}/vocabulary/words/zorbitrex`, { method: 'DELETE', credentials: 'include' });
    }
  });
});

describe('the correction list and the list of commands', () => {
  for (const [theme, lang] of [['light', 'en'], ['dark', 'es']] as const) {
    it(`is accessible in the bar, ${theme}, ${lang}`, async () => {
      const { bar, manager } = await readyPage();
      bar.theme = theme;
      manager.setAttribute('lang', lang);
      expect(await bar.runCommand('help')).to.be.true;
      expect(await bar.runCommand('fly')).to.be.false;
      const panel = bar.shadowRoot!.querySelector<HTMLElement>('[part=choices]')!;
      expect(panel.lang).to.equal(lang);
      expect(panel.querySelector('h2')!.textContent).to.equal(lang === 'es' ? 'Qué puede decir' : 'What you can say');
      expect(getComputedStyle(panel).backgroundColor).to.equal(theme === 'dark' ? 'rgb(17, 24, 39)' : 'rgb(255, 255, 255)');
      await expect(bar).to.be.accessible();
      panel.querySelector('button')!.click();
      expect(bar.shadowRoot!.querySelector('[part=choices]')).to.equal(null);
      manager.removeAttribute('lang');
    });
  }

  it('is a listbox chosen by keyboard (arrows, Enter; Escape closes) or pointer, focus going back where it was', async () => {
    const editor = await EDITORS.textarea!();
    const editing = editingFor();
    try {
      const writer = writerFor(editor.field, null)!;
      const run = (name: string, extra: object = {}) => editing.hooks.run(document.body, editor.field, { name, said: name, ...extra });
      dictate(editing, writer, editor.field, 'Aspirin in the state an', ['aspirin and a statin', 'aspirin and the statin']);
      editor.field.focus();
      run('correctThat');
      const list = editing.root.querySelector<HTMLElement>('[role=listbox]')!;
      expect(editing.root.activeElement, 'the list has focus').to.equal(list);
      expect(list.getAttribute('aria-activedescendant')).to.equal(editing.root.querySelector('[role=option]')!.id);
      await expect(editing.root.querySelector('section')).to.be.accessible();
      const key = (k: string) => list.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
      key('ArrowDown');
      expect(editing.root.querySelectorAll('[role=option]')[1]!.getAttribute('aria-selected')).to.equal('true');
      key('Escape');
      expect(editing.root.querySelector('[role=listbox]'), 'Escape closes it').to.equal(null);
      expect(document.activeElement, 'focus is back in the field').to.equal(editor.field);
      expect(editor.content(), 'nothing changed').to.equal('Aspirin in the state an');
      run('correctThat');
      key('ArrowDown');
      key('Enter');
      expect(editor.content()).to.equal('Aspirin and the statin');
      run('correctThat');
      // What it was is a choice now.
      const options = [...editing.root.querySelectorAll('[role=option] .text')].map((o) => o.textContent);
      expect(options).to.include('Aspirin in the state an');
      (editing.root.querySelectorAll('[role=option]')[options.indexOf('aspirin and a statin')] as HTMLElement).click();
      expect(editor.content()).to.equal('Aspirin and a statin');
      run('choose', { n: 1 });
      expect(editing.said.at(-1)).to.equal('There is no list to choose from: say “correct that” first.');
      // "choose 2" heard as dictation ("she is due") is a choice only while a list to choose from has that item.
      expect(editing.hooks.canChoose(2), 'no list open').to.be.false;
      run('correctThat');
      expect(editing.hooks.canChoose(2)).to.be.true;
      expect(editing.hooks.canChoose(9), 'no such item').to.be.false;
      key('Escape');
      run('help');
      expect(editing.root.querySelector('[part=choices] ul'), 'the list of commands is open').to.not.equal(null);
      expect(editing.hooks.canChoose(1), 'a list only to read').to.be.false;
    } finally {
      editing.destroy();
      await editor.destroy();
    }
  });

  it('"what can I say" lists every command; a command with no field to act on says so', async () => {
    const editing = editingFor();
    try {
      editing.hooks.run(document.body, null, { name: 'help', said: 'what can i say' });
      const items = [...editing.root.querySelectorAll('li')].map((li) => li.textContent);
      expect(items).to.include.members(['scratch that', 'correct that', 'choose <n>', 'select <words>', 'what can i say']);
      expect(editing.root.querySelector('h2')!.textContent).to.equal('What you can say');
      await expect(editing.root.querySelector('section')).to.be.accessible();
      editing.hooks.run(document.body, null, { name: 'scratch', said: 'scratch that' });
      expect(editing.said.at(-1)).to.equal('Click into a text field first.');
      expect(editing.hooks.run(document.body, null, { name: 'sign', said: 'sign the note' }), 'a page’s own command is not run here').to.equal(false);
    } finally {
      editing.destroy();
    }
  });
});
