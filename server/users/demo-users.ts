import { UserDirectory } from './user-directory.js';

/**
 * The demo's accounts, with their well-known passwords: two clinicians, so the demo can show a shared workstation
 * (what one dictated is never the next one's). They exist only in the memory of a server started with DEV_CONTROLS
 * outside production; nothing of them is ever written to a users file.
 */
export const DEMO_USERS: Readonly<Record<string, string>> = { demo: 'demo', nurse: 'nurse' };

/** The demo clinic: demo manages its words and auto-texts, nurse uses them. */
export function demoUsers(): Promise<UserDirectory> {
  return UserDirectory.withPasswords(DEMO_USERS, { demo: [{ team: 'clinic', admin: true }], nurse: [{ team: 'clinic' }] });
}

/** A demo account with its well-known password in a real users file (an earlier version's `npm start` wrote one). */
export async function demoAccountIn(users: UserDirectory): Promise<string | null> {
  for (const [username, password] of Object.entries(DEMO_USERS)) if (await users.verify(username, password)) return username;
  return null;
}
