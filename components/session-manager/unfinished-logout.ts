import { storage } from '../shared/dom.js';

/**
 * A logout whose request never reached the server (offline, server down): the page said "logged out", but the
 * browser still holds the HttpOnly session cookie, which script cannot clear. On a shared PC the next page load would
 * find the last user's session live. So it is remembered here (per service), and the next start of a session manager
 * on this origin sends the logout first.
 */
const key = (apiOrigin: string) => `dictation-bar:unfinished-logout:${apiOrigin}`;

export const unfinishedLogout = {
  remember: (apiOrigin: string) => storage.set(key(apiOrigin), '1'),
  forget: (apiOrigin: string) => storage.remove(key(apiOrigin)),
  pending: (apiOrigin: string) => storage.get(key(apiOrigin)) !== null,
};
