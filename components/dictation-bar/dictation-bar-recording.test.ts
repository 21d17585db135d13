import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { API, post, readyPage, sleep, waitForBar, logoutDirectly, type Page } from '../test/helpers.js';
import type { SessionManager } from '../session-manager/session-manager.js';
import { JournalStore } from './journal-store.js';
import { fetchJournalKey, journalOwner } from './journal-owner.js';

// The browser's microphone is Chromium's fake device playing TEST_SENTENCE in a loop, with a second of silence
// around it (see web-test-runner.config.mjs); the server decodes it with the real recognizer.
declare global {
  interface Window {
    TEST_SENTENCE: string;
  }
}

const statusText = (bar: HTMLElement) => bar.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();
const alertText = (bar: HTMLElement) => bar.shadowRoot!.querySelector('[role=alert]')!.textContent!.trim();
const partialText = (bar: HTMLElement) => bar.shadowRoot!.querySelector('[part=partial]')!.textContent!.trim();
const recordButton = (bar: HTMLElement) => bar.shadowRoot!.querySelector<HTMLButtonElement>('[part=record-button]')!;

/** A ready page whose textarea had focus, so dictation has somewhere to go. */
async function dictationPage(): Promise<Page & { note: HTMLTextAreaElement }> {
  const page = await readyPage();
  const note = page.manager.querySelector('textarea')!;
  note.focus();
  return { ...page, note };
}

/** Starts recording, waits until words are on screen, then makes the server stop answering: the link is lost. */
async function loseLinkMidUtterance(bar: Page['bar']): Promise<void> {
  await bar.startRecording();
  await waitUntil(() => /pressure/i.test(bar.partial), 'no partial', { timeout: 20000 });
  await post('/dev/silence-link', { silent: true });
  await waitForBar(bar, 'lost', 5000);
}

/** Words the recognizer is expected to get from the test sentence whatever the voice. */
const KEY_WORDS = /pressure.*(hundred|twenty|eighty|\d)/i;

/** Swaps `navigator.mediaDevices.getUserMedia` for the length of one test. */
function withGetUserMedia(replacement: (original: MediaDevices['getUserMedia']) => MediaDevices['getUserMedia']): () => void {
  const original = navigator.mediaDevices.getUserMedia;
  navigator.mediaDevices.getUserMedia = replacement(original.bind(navigator.mediaDevices));
  return () => {
    navigator.mediaDevices.getUserMedia = original;
  };
}

describe('<dictation-bar> recording', () => {
  afterEach(async () => {
    await post('/dev/recognizer', { enabled: true }).catch(() => undefined);
  });

  it('turns the spoken sentence into text in the focused textarea, with input events and a live partial', async () => {
    const { bar, note } = await dictationPage();
    const inputs: InputEvent[] = [];
    note.addEventListener('input', (e) => inputs.push(e as InputEvent));
    const partials = new Set<string>();
    const watch = setInterval(() => partials.add(partialText(bar)), 20);

    expect(await bar.startRecording()).to.be.true;
    await waitUntil(() => bar.recording === 'on', 'recording never started', { timeout: 10000 });
    expect(bar.getAttribute('recording')).to.equal('on');
    expect(recordButton(bar).getAttribute('aria-pressed')).to.equal('true');
    expect(statusText(bar)).to.match(/^Listening…/);
    expect(bar.shadowRoot!.querySelector('[part=level]')).to.exist;
    await expect(bar).to.be.accessible();

    await waitUntil(() => KEY_WORDS.test(note.value), `no sentence in the field (value: "${note.value}")`, { timeout: 20000 });
    clearInterval(watch);
    await bar.stopRecording();
    await waitUntil(() => bar.recording === 'off', 'recording never stopped', { timeout: 5000 });

    expect(note.value).to.match(/^Blood pressure/, 'capitalised at the start of the field');
    expect(inputs.length).to.be.greaterThan(0);
    expect(inputs[0].inputType).to.equal('insertText');
    expect([...partials].some((p) => /pressure/i.test(p)), `partials seen: ${[...partials].join(' | ')}`).to.be.true;
    expect(statusText(bar)).to.match(/^Ready to dictate/);
  }).timeout(40000);

  it('keeps the browser undo working on dictated text', async () => {
    const { bar, note } = await dictationPage();
    note.value = '';
    await bar.startRecording();
    await waitUntil(() => KEY_WORDS.test(note.value), 'no sentence', { timeout: 20000 });
    await bar.stopRecording();
    // A stop waits for the server's last final: its flush is bounded by 2 s plus the decoder's backlog, not 1 s.
    await waitUntil(() => bar.recording === 'off', 'recording never stopped', { timeout: 5000 });
    note.focus();
    while (note.value !== '' && document.execCommand('undo'));
    expect(note.value).to.equal('');
  }).timeout(40000);

  it('lets the page take over insertion by cancelling dictation-text', async () => {
    const { bar, note } = await dictationPage();
    const received: string[] = [];
    bar.addEventListener('dictation-text', (e) => {
      e.preventDefault();
      received.push(e.detail.text);
    });
    await bar.startRecording();
    await waitUntil(() => received.some((t) => KEY_WORDS.test(t)), 'no dictation-text event', { timeout: 20000 });
    await bar.stopRecording();
    expect(note.value).to.equal('');
  }).timeout(40000);

  it('says when there is no field to dictate into', async () => {
    const { bar } = await readyPage();
    bar.target = '#no-such-field';
    expect(await bar.startRecording()).to.be.false;
    await bar.updateComplete;
    expect(statusText(bar)).to.equal('Click into the text field you want to dictate into, then press Dictate.');
    expect(bar.recording).to.equal('off');
  });

  it('says so when microphone permission is denied, and loses nothing', async () => {
    const { bar, note } = await dictationPage();
    note.value = 'Existing text.';
    const restore = withGetUserMedia(() => () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')));
    try {
      expect(await bar.startRecording()).to.be.false;
    } finally {
      restore();
    }
    await bar.updateComplete;
    expect(statusText(bar)).to.contain('Microphone access was denied');
    expect(bar.recording).to.equal('off');
    expect(bar.state).to.equal('ready', 'the link is untouched');
    expect(note.value).to.equal('Existing text.');
    await expect(bar).to.be.accessible();
  });

  it('says so when there is no microphone', async () => {
    const { bar } = await dictationPage();
    const restore = withGetUserMedia(() => () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError')));
    try {
      expect(await bar.startRecording()).to.be.false;
    } finally {
      restore();
    }
    await bar.updateComplete;
    expect(statusText(bar)).to.equal('No microphone was found. Connect one, then press Dictate again.');
  });

  it('stops and says so when the microphone is unplugged, keeping what was recognised', async () => {
    const { bar, note } = await dictationPage();
    let stream: MediaStream | undefined;
    const restore = withGetUserMedia((original) => async (constraints) => (stream = await original(constraints)));
    try {
      await bar.startRecording();
    } finally {
      restore();
    }
    await waitUntil(() => /pressure/i.test(bar.partial) || KEY_WORDS.test(note.value), 'nothing recognised', { timeout: 20000 });
    const heard = bar.partial;
    const track = stream!.getAudioTracks()[0];
    track.stop(); // a stopped track does not fire `ended` itself; an unplugged one does
    track.dispatchEvent(new Event('ended'));
    await waitUntil(() => bar.recording === 'off', 'recording never stopped', { timeout: 5000 });
    expect(statusText(bar)).to.equal('The microphone was disconnected, so recording stopped. What was recognised before was kept.');
    expect(note.value).to.match(/pressure/i, `heard "${heard}", field has "${note.value}"`);
  }).timeout(40000);

  it('says speech recognition is not available when the server has no recognizer', async () => {
    const { bar } = await dictationPage();
    await post('/dev/recognizer', { enabled: false });
    await bar.startRecording();
    await waitUntil(() => bar.recording === 'off', 'recording never gave up', { timeout: 5000 });
    expect(statusText(bar)).to.equal('Speech recognition is not available on the server. Ask your administrator.');
    expect(bar.state).to.equal('ready');
    await expect(bar).to.be.accessible();
  });

  it('keeps recording when the link dies mid-utterance, and transcribes that speech once after the next login', async () => {
    const { manager, bar, note } = await dictationPage();
    await loseLinkMidUtterance(bar);
    // The words on screen are not inserted now: their audio is kept, and will be transcribed.
    expect(note.value).to.equal('');
    expect(bar.recording).to.equal('on');
    expect(bar.recovery).to.equal('keeping');
    await bar.updateComplete;
    expect(alertText(bar)).to.match(/^Connection lost.*Your speech is still being recorded on this device and will be transcribed after you log in again\. Press Dictate again when you are done\.$/);
    await expect(bar).to.be.accessible();
    await sleep(1500); // more speech while the link is down
    await bar.stopRecording();
    expect(bar.recording).to.equal('off');
    expect(bar.recovery).to.equal('pending');
    await bar.updateComplete;
    expect(alertText(bar)).to.match(/\d+ seconds? of speech are kept on this device and will be transcribed after you log in again\.$/);

    expect((await manager.login('demo', 'demo')).ok).to.be.true;
    await waitForBar(bar, 'ready');
    await waitUntil(() => bar.recovery === 'none', `never recovered (${bar.recovery}: ${statusText(bar)})`, { timeout: 20000 });
    expect(note.value).to.match(KEY_WORDS);
    expect(statusText(bar)).to.match(/^Recovered \d+ words? dictated while the connection was down\.$/);
  }).timeout(60000);

  it('kept speech the recognizer cannot take after the login stays kept, and Dictate transcribes it later', async () => {
    const { manager, bar, note } = await dictationPage();
    await loseLinkMidUtterance(bar);
    await sleep(500);
    await bar.stopRecording();
    // The server session outlives the page's view of it for the socket grace: the dev route still takes it.
    expect((await post('/dev/recognizer', { enabled: false })).ok).to.be.true;
    expect((await manager.login('demo', 'demo')).ok).to.be.true;
    await waitForBar(bar, 'ready');
    await waitUntil(() => bar.recovery === 'pending', `not pending (${bar.recovery}: ${statusText(bar)})`, { timeout: 10000 });
    await bar.updateComplete;
    expect(statusText(bar)).to.match(
      /^Speech recognition is not available on the server\. Ask your administrator\. \d+ seconds? of speech are kept on this device, not transcribed yet: press Dictate to transcribe them\.$/,
    );
    expect(note.value).to.equal('');
    await post('/dev/recognizer', { enabled: true });
    expect(await bar.startRecording()).to.be.true;
    await waitUntil(() => KEY_WORDS.test(note.value), `never transcribed (${statusText(bar)})`, { timeout: 20000 });
    await bar.stopRecording();
    await waitUntil(() => bar.recording === 'off' && bar.recovery === 'none', 'never settled', { timeout: 10000 });
  }).timeout(60000);

  it('near expiry, the last words land before the last save; later speech is kept and transcribed after the next login', async () => {
    const { manager, bar, note } = await dictationPage();
    const saves: string[] = [];
    manager.registerPendingWork({ name: 'note', save: () => (saves.push(note.value), 1) });
    let atEnd: { note: string; saves: number } | null = null;
    manager.addEventListener('session-ended', () => (atEnd = { note: note.value, saves: saves.length }));
    await bar.startRecording();
    await waitUntil(() => KEY_WORDS.test(note.value), 'nothing dictated', { timeout: 20000 });
    await post('/dev/expire-session', { seconds: 7, absolute: true });
    await manager.checkSession();
    await waitUntil(() => bar.recovery === 'keeping', `never sealed (${statusText(bar)})`, { timeout: 8000 });
    expect(bar.state).to.equal('ready', 'sealed while the session is still live');
    expect(statusText(bar)).to.match(/^Your session is about to end: your speech is now kept on this device/);
    await waitForBar(bar, 'lost', 10000);
    expect(atEnd, 'session-ended').to.not.equal(null);
    expect(atEnd!.saves).to.be.greaterThan(0);
    expect(saves.at(-1)).to.equal(atEnd!.note, 'the last save has every word that reached the field');
    expect(note.value).to.equal(atEnd!.note, 'nothing landed after the session ended');
    expect(bar.recording).to.equal('on');
    await sleep(1000);
    await bar.stopRecording();
    const before = note.value;
    expect((await manager.login('demo', 'demo')).ok).to.be.true;
    await waitUntil(() => bar.recovery === 'none' && bar.state === 'ready', `never recovered (${statusText(bar)})`, { timeout: 20000 });
    expect(note.value.length).to.be.greaterThan(before.length, 'the speech after the seal was transcribed');
  }).timeout(60000);

  it('text the page never saved is put back after a reload, once; text the page kept is not inserted again', async () => {
    const first = await dictationPage();
    await first.bar.startRecording();
    await waitUntil(() => KEY_WORDS.test(first.note.value), 'nothing dictated', { timeout: 20000 });
    await first.bar.stopRecording();
    await waitUntil(() => first.bar.recording === 'off', 'recording never stopped', { timeout: 5000 });
    const dictated = first.note.value;
    first.manager.remove(); // the page goes away without saving its field

    // The next page (same user, same page address): its field starts empty.
    const second = await fixture<SessionManager>(html`
      <session-manager api-base=${API}><textarea id="note"></textarea><dictation-bar></dictation-bar></session-manager>
    `);
    const recovered: string[] = [];
    second.addEventListener('dictation-recovery', (e) => recovered.push(e.detail.text ?? ''));
    const note = second.querySelector('textarea')!;
    const bar = second.querySelector('dictation-bar')!;
    // The session of the page before is still live (a reload keeps it): the new page just checks it.
    await waitUntil(() => second.session.state !== 'checking');
    expect(second.session.state).to.equal('active');
    await waitUntil(() => note.value !== '' && bar.state === 'ready', 'the text never came back', { timeout: 10000 });
    expect(note.value).to.equal(dictated);
    expect(recovered).to.deep.equal([dictated]);
    await bar.updateComplete;
    expect(statusText(bar)).to.match(/^Restored \d+ dictated words that the page had not saved before it was closed\.$/);
    second.remove();

    // A page that restores its own draft gets nothing twice.
    const third = await fixture<SessionManager>(html`
      <session-manager api-base=${API}><textarea id="note">${dictated}</textarea><dictation-bar></dictation-bar></session-manager>
    `);
    await waitUntil(() => third.session.state !== 'checking');
    await waitForBar(third.querySelector('dictation-bar')!, 'ready');
    await sleep(500);
    expect(third.querySelector('textarea')!.value).to.equal(dictated);
  }).timeout(60000);

  it('logging out mid-sentence: the last words reach the field before the page saves, then nothing is kept', async () => {
    const { manager, bar, note } = await dictationPage();
    const saves: string[] = [];
    manager.registerPendingWork({ name: 'note', save: () => (saves.push(note.value), 1) });
    // The user's entries, found as the bar finds them: with the key of their live session.
    const owner = await journalOwner((await fetchJournalKey(manager.session, 'demo'))!, location.pathname);
    await bar.startRecording();
    await waitUntil(() => /pressure/i.test(bar.partial), 'no partial', { timeout: 20000 });
    const result = await manager.logout();
    expect(result.ok).to.be.true;
    expect(note.value).to.match(/pressure/i);
    expect(saves).to.deep.equal([note.value], 'the save had the last words');
    expect(bar.recording).to.equal('off');
    await sleep(300);
    const store = (await JournalStore.open())!;
    expect(await store.texts(owner)).to.deep.equal([]);
    expect(await store.takes(owner)).to.deep.equal([]);
  }).timeout(40000);

  it('logged out elsewhere mid-sentence: the cut sentence is not inserted half-heard, but whole after the next login', async () => {
    const { manager, bar, note } = await dictationPage();
    await bar.startRecording();
    await waitUntil(() => /pressure/i.test(bar.partial), 'no partial', { timeout: 20000 });
    await logoutDirectly();
    await waitForBar(bar, 'lost', 5000);
    expect(alertText(bar)).to.match(/^You were logged out \(here or in another tab\), so dictation stopped\. Log in to continue\. Your speech is still being recorded/);
    expect(note.value).to.equal('', 'the server cut the sentence mid-word: it is transcribed again, whole');
    expect(bar.recovery).to.equal('keeping');
    await sleep(3000); // the rest of the sentence
    await bar.stopRecording();
    expect((await manager.login('demo', 'demo')).ok).to.be.true;
    await waitUntil(() => bar.recovery === 'none' && bar.state === 'ready', `never recovered (${statusText(bar)})`, { timeout: 20000 });
    expect(note.value).to.match(KEY_WORDS);
    expect(note.value.match(/pressure/gi)).to.have.length(1, note.value);
  }).timeout(40000);

  it('offers a microphone chooser when there is more than one, and remembers the choice', async () => {
    // Chromium's fake capture has three inputs: "default" and two others.
    const { bar } = await dictationPage();
    await waitUntil(() => bar.shadowRoot!.querySelector('[part=microphone-select]'), 'no chooser');
    const select = bar.shadowRoot!.querySelector<HTMLSelectElement>('[part=microphone-select]')!;
    expect(select.options.length).to.be.greaterThan(1);
    await expect(bar).to.be.accessible();
    const chosen = select.options[1]!.value;
    select.value = chosen;
    select.dispatchEvent(new Event('change'));
    try {
      expect(localStorage.getItem('dictation-bar:microphone')).to.equal(chosen);
      expect(await bar.startRecording()).to.be.true; // opens the chosen device
      await bar.stopRecording();
    } finally {
      localStorage.removeItem('dictation-bar:microphone');
    }
  }).timeout(20000);

  it('at 320 px (a phone, or 400 % zoom) the chooser wraps below the status text instead of covering it', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const { bar } = await dictationPage();
      await waitUntil(() => bar.shadowRoot!.querySelector('[part=microphone-select]'), 'no chooser');
      const box = (part: string) => bar.shadowRoot!.querySelector(`[part=${part}]`)!.getBoundingClientRect();
      const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const [barBox, status, chooser, button] = [box('bar'), box('status'), box('microphone-select'), box('record-button')];
      expect(status.width, 'the status text has room').to.be.greaterThan(100);
      expect(overlap(chooser, status), 'chooser over the status text').to.be.false;
      expect(overlap(button, status), 'button over the status text').to.be.false;
      for (const piece of [status, chooser, button]) {
        expect(piece.left).to.be.at.least(barBox.left);
        expect(piece.right, 'nothing sticks out of the bar').to.be.at.most(barBox.right + 0.5);
      }
      expect(document.documentElement.scrollWidth, 'no horizontal scrolling').to.be.at.most(320);
      await expect(bar).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  }).timeout(20000);

  it('while partial results come, grow and go, the controls stay where they are (Stop is never a moving target) and the bar keeps its size', async () => {
    // Narrow enough for a partial to wrap: beside the status text it used to grow the row, and the centred controls
    // moved with every partial (an automated click waiting for a still target timed out under load; so would a user).
    await setViewport({ width: 480, height: 640 });
    try {
      const { bar } = await dictationPage();
      const where = (part: string) => {
        const r = bar.shadowRoot!.querySelector(`[part=${part}]`)!.getBoundingClientRect();
        return `${part} ${r.x},${r.y} ${r.width}x${r.height}`;
      };
      const places = new Set<string>();
      const partials = new Set<string>();
      const watch = setInterval(() => {
        if (bar.recording !== 'on') return;
        partials.add(partialText(bar));
        places.add(['bar', 'record-button', 'status', 'microphone-select'].map(where).join(' | '));
      }, 10);
      expect(await bar.startRecording()).to.be.true;
      await waitUntil(() => [...partials].some((p) => p.split(' ').length >= 4), 'no long partial', { timeout: 20000 });
      await waitUntil(() => partials.has(''), 'the partial never ended', { timeout: 20000 });
      clearInterval(watch);
      await bar.stopRecording();
      expect(partials.size, 'several partials').to.be.greaterThan(2);
      expect([...places], 'the controls moved, or the bar changed size').to.have.length(1);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  }).timeout(40000);

  describe('keyboard', () => {
    const key = (type: 'keydown' | 'keyup', init: KeyboardEventInit = {}) =>
      window.dispatchEvent(new KeyboardEvent(type, { code: 'KeyD', key: 'D', altKey: true, shiftKey: true, bubbles: true, ...init }));

    it('a tap of the shortcut toggles recording on and off', async () => {
      const { bar } = await dictationPage();
      expect(recordButton(bar).getAttribute('aria-keyshortcuts')).to.equal('Alt+Shift+D');
      key('keydown');
      key('keyup');
      await waitUntil(() => bar.recording === 'on', 'never started', { timeout: 10000 });
      key('keydown');
      key('keyup');
      await waitUntil(() => bar.recording === 'off', 'never stopped', { timeout: 5000 });
    }).timeout(20000);

    it('holding the shortcut is push-to-talk: releasing it stops', async () => {
      const { bar } = await dictationPage();
      key('keydown');
      await waitUntil(() => bar.recording === 'on', 'never started', { timeout: 10000 });
      await sleep(600);
      key('keyup');
      await waitUntil(() => bar.recording === 'off', 'never stopped', { timeout: 5000 });
    }).timeout(20000);

    it('a custom shortcut replaces the default, and an empty one turns it off', async () => {
      const { bar } = await dictationPage();
      bar.shortcut = 'Control+F9';
      await bar.updateComplete;
      expect(recordButton(bar).getAttribute('aria-keyshortcuts')).to.equal('Control+F9');
      key('keydown');
      key('keyup');
      await sleep(100);
      expect(bar.recording).to.equal('off');
      key('keydown', { code: 'F9', key: 'F9', altKey: false, shiftKey: false, ctrlKey: true });
      key('keyup', { code: 'F9', key: 'F9', altKey: false, shiftKey: false, ctrlKey: true });
      await waitUntil(() => bar.recording !== 'off', 'never started');
      await bar.stopRecording();
      bar.shortcut = '';
      await bar.updateComplete;
      expect(recordButton(bar).hasAttribute('aria-keyshortcuts')).to.be.false;
    }).timeout(20000);

    it('the record button works from the keyboard', async () => {
      const { bar } = await dictationPage();
      recordButton(bar).focus();
      recordButton(bar).click(); // keyboard activation: a click with detail 0
      await waitUntil(() => bar.recording === 'on', 'never started', { timeout: 10000 });
      await bar.updateComplete;
      // A toggle keeps its name; its pressed state says that it records (WAI-ARIA APG).
      expect(recordButton(bar).textContent!.trim()).to.equal('Dictate');
      expect(recordButton(bar).getAttribute('aria-pressed')).to.equal('true');
      recordButton(bar).click();
      await waitUntil(() => bar.recording === 'off', 'never stopped', { timeout: 5000 });
    }).timeout(20000);
  });
});
