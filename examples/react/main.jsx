// React 19 sets a custom element's properties as properties and listens to its events with `on<event-name>`:
// the elements need no wrapper. `npm install dictation-bar react react-dom`, then any bundler (Vite here).
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'dictation-bar';

// The service's address; in a real app, from its configuration.
const API = new URLSearchParams(location.search).get('api') ?? 'http://127.0.0.1:3000';

function NoteForm() {
  const [note, setNote] = useState('');
  const [user, setUser] = useState(null);
  const [link, setLink] = useState('idle');

  // A controlled field: the bar's text arrives as an event, and React owns the value.
  const onDictated = (event) => {
    event.preventDefault(); // the bar would insert it at the caret; React does it instead
    setNote((text) => (text ? `${text} ${event.detail.text}` : event.detail.text));
  };

  return (
    <session-manager
      apiBase={`${API}/api`}
      onsession-login={(event) => setUser(event.detail.user)}
      onsession-logout={() => setUser(null)}
    >
      <p id="who">{user ? `Writing as ${user}` : 'Not logged in'}</p>
      <label htmlFor="note">Note</label>
      <textarea id="note" value={note} onChange={(event) => setNote(event.target.value)} />
      <dictation-bar
        target="#note"
        shortcut="Alt+Shift+D"
        ondictation-text={onDictated}
        ondictation-connection-change={(event) => setLink(event.detail.state)}
      />
      <p id="link">Link: {link}</p>
    </session-manager>
  );
}

createRoot(document.getElementById('root')).render(<NoteForm />);
