// An existing Fastify app (its own users, its own session cookie, its own pages and 404s) that adds dictation with
// one `register`. Run it with `npx tsx examples/host-app/main.ts` after `npm run build`; see examples/README.md.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import dictation, { type Authenticate } from '../../server/plugin.js';
import { loadConfig } from '../../server/config.js';

/** The host's own users: in a real app, its database or its identity provider. */
const HOST_USERS = new Map([['dr.house', 'vicodin-and-lupus']]);

function passwordMatches(user: string, password: string): boolean {
  const expected = HOST_USERS.get(user);
  if (!expected) return false;
  const [a, b] = [Buffer.from(expected), Buffer.from(password)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function buildHostApp(env: Record<string, string | undefined> = process.env): Promise<FastifyInstance> {
  const app = Fastify({ logger: env['LOG_LEVEL'] ? { level: env['LOG_LEVEL'] } : false });
  const hostSecret = env['HOST_COOKIE_SECRET'] ?? randomBytes(32).toString('hex');
  await app.register(cookie, { secret: hostSecret });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  // The host's own session: a signed cookie naming the user (a real app would use @fastify/session or its SSO).
  const hostUser = (request: FastifyRequest): string | null => {
    const raw = request.cookies['host_session'];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    return unsigned?.valid ? unsigned.value : null;
  };

  app.get('/', async (request, reply) => {
    const user = hostUser(request);
    reply.type('text/html');
    if (!user) {
      return `<!doctype html><title>Clinic</title><h1>Clinic</h1>
<form method="post" action="/login"><label>User <input name="user"></label> <label>Password <input name="password" type="password"></label> <button>Log in</button></form>`;
    }
    return `<!doctype html><html lang="en"><title>Clinic notes</title>
<script type="module" src="/dictation/dictation-bar.js"></script>
<h1>Notes for ${user}</h1>
<session-manager api-base="/dictation">
  <dictation-bar target="#note"></dictation-bar>
  <textarea id="note" rows="8" cols="60" aria-label="Note"></textarea>
</session-manager>`;
  });

  app.post<{ Body: { user?: string; password?: string } }>('/login', async (request, reply) => {
    const { user = '', password = '' } = request.body ?? {};
    if (!passwordMatches(user, password)) return reply.code(401).type('text/plain').send('Wrong user or password.');
    reply.setCookie('host_session', user, { path: '/', httpOnly: true, sameSite: 'strict', signed: true });
    return reply.redirect('/');
  });

  app.get('/me', async (request) => ({ user: hostUser(request) }));

  // The host's 404 stays its own outside the dictation prefix.
  app.setNotFoundHandler((request, reply) => reply.code(404).type('text/plain').send(`Not here: ${request.url}`));

  // Single sign-on: a user logged in to the host needs no second password; the dictation bar's own login form
  // (username and password) is checked against the host's users too.
  const authenticate: Authenticate = async (request, credentials) => {
    if (credentials) return passwordMatches(credentials.username, credentials.password) ? credentials.username : null;
    return hostUser(request);
  };

  await app.register(dictation, {
    prefix: '/dictation',
    // The same variables as the standalone server (COOKIE_SECRET, REDIS_URL, SESSION_IDLE_TIMEOUT_MINUTES, ...).
    config: loadConfig({ RECOGNIZER: 'none', ...env }),
    authenticate,
  });
  return app;
}
