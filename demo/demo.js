// The page's own code: everything here is what an integrator would write around the two tags.
const session = document.querySelector('#session');
const note = document.querySelector('#note');
const log = document.querySelector('#log');
const DRAFT_KEY = 'dictation-demo:note-draft';

function record(text) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  log.prepend(item);
}

// Emergency save: the note is kept as a draft before the session ends, and restored on the next visit.
note.value = localStorage.getItem(DRAFT_KEY) ?? '';
customElements.whenDefined('session-manager').then(() => {
  session.registerPendingWork({
    name: 'note draft',
    save() {
      if (!note.value) return 0;
      localStorage.setItem(DRAFT_KEY, note.value);
      return 1;
    },
  });
});

for (const name of ['session-login', 'session-logout', 'session-extended', 'session-warning', 'session-ended']) {
  session.addEventListener(name, (e) => record(`${name} ${JSON.stringify(e.detail)}`));
}
session.addEventListener('dictation-connection-change', (e) => record(`dictation ${e.detail.state}: ${e.detail.message}`));
session.addEventListener('dictation-recording-change', (e) =>
  record(`recording ${e.detail.recording}${e.detail.reason ? ` (${e.detail.reason})` : ''}`),
);
session.addEventListener('dictation-text', (e) => record(`dictated ${JSON.stringify(e.detail.text)}`));
session.addEventListener('dictation-recovery', (e) =>
  record(e.detail.text ? `restoring unsaved text ${JSON.stringify(e.detail.text)}` : `transcribing ${e.detail.seconds.toFixed(1)} s of kept speech`),
);
window.addEventListener('session:expired', () => record('window session:expired'));

// The rich-text example: CKEditor 5, as a CMS embeds it. The bar finds it when it has focus and writes through its
// model, so its undo (Ctrl+Z) takes each utterance back.
const letter = document.querySelector('#letter');
import('/vendor/ckeditor5/ckeditor5.js')
  .then(({ ClassicEditor, Essentials, Paragraph, Bold, Italic, List }) =>
    ClassicEditor.create(letter, {
      licenseKey: 'GPL',
      plugins: [Essentials, Paragraph, Bold, Italic, List],
      toolbar: ['undo', 'redo', '|', 'bold', 'italic', '|', 'bulletedList', 'numberedList'],
      label: document.querySelector('#letter-label').textContent,
    }),
  )
  .then((editor) => {
    window.letterEditor = editor;
    editor.ui.getEditableElement().setAttribute('aria-labelledby', 'letter-label');
  })
  .catch((err) => {
    letter.textContent = 'The rich-text example needs CKEditor 5 (npm install with the devDependencies).';
    record(`rich-text example unavailable: ${err.message}`);
  });

// Single-page-app reset: throw the bar away and build a new one.
document.querySelector('#reset-bar').addEventListener('click', () => {
  const host = document.querySelector('#bar-host');
  host.replaceChildren(document.createElement('dictation-bar'));
  record('dictation bar re-created');
});

// The failure-mode panel, shown only when the server offers it.
const panel = document.querySelector('#dev-panel');
const result = document.querySelector('#dev-result');
const post = (path, body) =>
  fetch(`/api${path}`, {
    method: 'POST',
    credentials: 'include',
    ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });

const actions = {
  restart: async () => ((await post('/dev/restart')).ok ? 'Restarting the service…' : 'Could not restart.'),
  silence: async () =>
    (await post('/dev/silence-link', { silent: true })).ok
      ? 'Nothing from the server reaches this page now, as over a dead link: the bar will notice within 25 s.'
      : 'Log in first.',
  expire: async () => {
    const res = await post('/dev/expire-session', { seconds: 30 });
    if (!res.ok) return 'Log in first.';
    await session.checkSession();
    return 'Your session now expires in 30 s.';
  },
  'login-elsewhere': async () =>
    (await post('/auth/login', { username: 'demo', password: 'demo' })).ok
      ? 'Logged in again elsewhere: this session was replaced.'
      : 'Could not log in.',
  'logout-elsewhere': async () => {
    await post('/auth/logout');
    return 'Logged out, as another tab would.';
  },
  recognizer: async (button) => {
    const enable = button.getAttribute('aria-pressed') === 'true';
    if (!(await post('/dev/recognizer', { enabled: enable })).ok) return 'Log in first.';
    button.setAttribute('aria-pressed', String(!enable));
    button.textContent = enable ? 'Turn speech recognition off' : 'Turn speech recognition back on';
    return enable ? 'Speech recognition is back on.' : 'Speech recognition is off: press Dictate to see what the bar says.';
  },
  close: async () => {
    const code = Number(document.querySelector('#close-code').value);
    return (await post('/dev/close-sockets', { code })).ok ? `Closed with ${code}.` : 'Log in first.';
  },
};

panel.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  try {
    result.textContent = await actions[button.dataset.action](button);
  } catch (err) {
    result.textContent = `Failed: ${err.message}`;
  }
});

// The panel needs a session (the server offers it to logged-in users only): ask on load and after each login.
function showPanel() {
  fetch('/api/dev', { credentials: 'include' })
    .then(async (res) => {
      panel.hidden = !res.ok;
      if (res.ok) document.querySelector('#recognizer-status').textContent = `Recognizer: ${(await res.json()).recognizer.replace(/\.$/, "")}.`;
    })
    .catch(() => {});
}
showPanel();
session.addEventListener('session-login', showPanel);

// The elements speak the nearest `lang`: here the session's, switched at runtime (the page around stays English).
document.querySelector('#language').addEventListener('change', (event) => {
  session.lang = event.target.value;
});
