import type { FastifyRequest } from 'fastify';
import type { UserDirectory } from './user-directory.js';

/**
 * Checks a login. `credentials` are the username and password of the login form, or null when the page logged in
 * without them (the host's own session, SSO, a token in a header: the host decides). Returns the user's name, or
 * null to refuse (401, counted as a failed login).
 */
export type Authenticate = (
  request: FastifyRequest,
  credentials: { username: string; password: string } | null,
) => Promise<string | null>;

/** The default login check: the users file. */
export function usersFile(users: UserDirectory | undefined): Authenticate {
  if (!users) throw new Error('dictation: pass `users` (a UserDirectory) or an `authenticate` function');
  return async (_request, credentials) =>
    credentials && (await users.verify(credentials.username, credentials.password)) ? credentials.username : null;
}
