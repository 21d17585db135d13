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

// A simulated SpeechMike (the dev panel's): the bar uses its WebHID instead of the browser's.
let simulated = null;

// Single-page-app reset: throw the bar away and build a new one.
document.querySelector('#reset-bar').addEventListener('click', () => {
  const host = document.querySelector('#bar-host');
  const bar = document.createElement('dictation-bar');
  if (simulated) bar.hid = simulated.hid.hid;
  host.replaceChildren(bar);
  record('dictation bar re-created');
});
session.addEventListener('dictation-devices-change', (e) => record(`dictation microphones: ${e.detail.devices.join(', ') || 'none'}`));
session.addEventListener('dictation-device-button', (e) =>
  record(`${e.detail.device} ${e.detail.button} ${e.detail.pressed ? 'pressed' : 'released'}${e.detail.action ? ` (${e.detail.action})` : ''}`),
);

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
  'plug-speechmike': async (button) => {
    const speechmike = document.querySelector('#speechmike');
    if (simulated) {
      const plugged = button.getAttribute('aria-pressed') === 'true';
      if (plugged) simulated.hid.unplug(simulated.device);
      else simulated.hid.plug(simulated.device);
      button.setAttribute('aria-pressed', String(!plugged));
      speechmike.hidden = plugged;
      return plugged ? 'The simulated SpeechMike is unplugged.' : 'Plugged back in: the bar connects to it by itself.';
    }
    const { SimulatedHid, SPEECHMIKE_PREMIUM } = await import('/components/simulated-hid.js');
    const hid = new SimulatedHid();
    simulated = { hid, device: hid.plug(SPEECHMIKE_PREMIUM) };
    document.querySelector('dictation-bar').hid = hid.hid;
    const light = document.querySelector('#speechmike-light');
    simulated.device.addEventListener('lightschange', () => {
      const { red, green } = simulated.device.lights;
      Object.assign(light.dataset, { red, green });
      const says = red !== 'off' ? `red${red === 'on' ? '' : `, blinking ${red}`}` : green !== 'off' ? `green, blinking ${green}` : 'off';
      light.setAttribute('aria-label', `Record light: ${says}`);
    });
    button.setAttribute('aria-pressed', 'true');
    speechmike.hidden = false;
    return 'A SpeechMike is plugged in: press “Connect dictation microphone” in the bar.';
  },
  close: async () => {
    const code = Number(document.querySelector('#close-code').value);
    return (await post('/dev/close-sockets', { code })).ok ? `Closed with ${code}.` : 'Log in first.';
  },
};

// The simulated SpeechMike's keys: held while the pointer (or Space, or Enter) is down, as a real key is.
const speechmikeKeys = document.querySelector('#speechmike');
const hold = (key, down) => {
  if (!simulated || key.classList.contains('held') === down) return;
  key.classList.toggle('held', down);
  if (down) simulated.device.press(key.dataset.key);
  else simulated.device.release(key.dataset.key);
};
// A real device's keys take no focus: the caret stays in the note.
speechmikeKeys.addEventListener('mousedown', (e) => e.preventDefault());
speechmikeKeys.addEventListener('pointerdown', (e) => e.target.closest('[data-key]') && hold(e.target.closest('[data-key]'), true));
for (const type of ['pointerup', 'pointercancel', 'pointerout']) {
  speechmikeKeys.addEventListener(type, (e) => e.target.closest('[data-key]') && hold(e.target.closest('[data-key]'), false));
}
speechmikeKeys.addEventListener('keydown', (e) => {
  if ((e.key === ' ' || e.key === 'Enter') && e.target.dataset.key) {
    e.preventDefault();
    hold(e.target, true);
  }
});
speechmikeKeys.addEventListener('keyup', (e) => (e.key === ' ' || e.key === 'Enter') && e.target.dataset.key && hold(e.target, false));

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
