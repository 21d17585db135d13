import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hashPassword, verifyPassword } from './password.js';

/** A team the user belongs to; its admins manage the team's words and auto-texts. */
export interface TeamMembership {
  team: string;
  admin?: boolean;
}

export interface UserRecord {
  username: string;
  passwordHash: string;
  teams?: TeamMembership[];
}

export const TEAM_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

interface UsersFile {
  users: UserRecord[];
}

export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

/** Checks credentials. Answers the same, in about the same time, for an unknown user and a wrong password. */
export class UserDirectory {
  readonly #users = new Map<string, UserRecord>();
  #dummyHash: Promise<string> | undefined;

  constructor(users: Iterable<UserRecord> = []) {
    for (const user of users) this.#users.set(user.username, user);
  }

  static async fromFile(path: string): Promise<UserDirectory> {
    const text = await readFile(path, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`Users file ${path} is not valid JSON.`);
    }
    const users = (parsed as Partial<UsersFile>)?.users;
    if (!Array.isArray(users) || !users.every(isUserRecord)) {
      throw new Error(
        `Users file ${path} must look like {"users": [{"username": "...", "passwordHash": "scrypt$...", "teams": [{"team": "cardiology", "admin": true}]}]} (teams optional; team ids lower case).`,
      );
    }
    return new UserDirectory(users);
  }

  /** Creates users with plain passwords (tests, demo). */
  static async withPasswords(entries: Record<string, string>, teams: Record<string, TeamMembership[]> = {}): Promise<UserDirectory> {
    const users = await Promise.all(
      Object.entries(entries).map(async ([username, password]) => ({ username, passwordHash: await hashPassword(password), teams: teams[username] ?? [] })),
    );
    return new UserDirectory(users);
  }

  /** This directory and `other`'s users (`other`'s entry wins for a name in both). */
  with(other: UserDirectory): UserDirectory {
    return new UserDirectory([...this.#users.values(), ...other.#users.values()]);
  }

  has(username: string): boolean {
    return this.#users.has(username);
  }

  /** The teams `username` belongs to (none for an unknown user). */
  teamsOf(username: string): TeamMembership[] {
    return this.#users.get(username)?.teams ?? [];
  }

  get size(): number {
    return this.#users.size;
  }

  async verify(username: string, password: string): Promise<boolean> {
    const user = this.#users.get(username);
    if (!user) {
      // Spend the same work as a real check so response time does not reveal which usernames exist.
      this.#dummyHash ??= hashPassword('dummy password');
      await verifyPassword(password, await this.#dummyHash);
      return false;
    }
    return verifyPassword(password, user.passwordHash);
  }
}

function isUserRecord(value: unknown): value is UserRecord {
  const v = value as Partial<UserRecord> | null;
  const teams = v?.teams;
  const validTeams =
    teams === undefined || (Array.isArray(teams) && teams.every((m) => typeof m?.team === 'string' && TEAM_PATTERN.test(m.team) && (m.admin === undefined || typeof m.admin === 'boolean')));
  return typeof v?.username === 'string' && typeof v.passwordHash === 'string' && validTeams;
}

/** Adds or replaces a user in a users file, creating it (mode 0600) if needed. */
/** Length beats composition rules (NIST SP 800-63B); the login throttle makes online guessing slow. */
export const MIN_PASSWORD_LENGTH = 12;

export async function writeUser(
  path: string,
  username: string,
  password: string,
  { minPasswordLength = MIN_PASSWORD_LENGTH } = {},
): Promise<'added' | 'updated'> {
  if (!USERNAME_PATTERN.test(username)) {
    throw new Error('Usernames are 1-64 characters: letters, digits, ".", "_", "@" or "-".');
  }
  if (password.length < minPasswordLength) {
    throw new Error(`Passwords need at least ${minPasswordLength} characters (a passphrase of a few words is easiest to remember).`);
  }
  let file: UsersFile = { users: [] };
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as UsersFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const passwordHash = await hashPassword(password);
  const existing = file.users.find((u) => u.username === username);
  if (existing) existing.passwordHash = passwordHash;
  else file.users.push({ username, passwordHash });
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, path);
  return existing ? 'updated' : 'added';
}
