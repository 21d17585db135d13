import cluster from 'node:cluster';
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { runPrimary } from './cluster-primary.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createEngine } from './recognizer/index.js';
import { persistedJournalSecret } from './users/journal-keys.js';
import { DEMO_USERS, demoAccountIn, demoUsers } from './users/demo-users.js';
import { UserDirectory } from './users/user-directory.js';

async function loadUsers(config: Config, log: (msg: string) => void): Promise<UserDirectory> {
  if (config.sessionMode === 'single-user') return new UserDirectory();
  const exists = await access(config.usersFile).then(
    () => true,
    () => false,
  );
  const fromFile = exists ? await UserDirectory.fromFile(config.usersFile) : new UserDirectory();
  // The demo's accounts only ever with DEV_CONTROLS outside production, and only in memory.
  if (config.devControls && !config.production) {
    log(`DEV_CONTROLS=true: the demo's users ${Object.keys(DEMO_USERS).map((u) => `"${u}" / "${DEMO_USERS[u]}"`).join(' and ')} (in memory only).`);
    return fromFile.with(await demoUsers());
  }
  if (!exists) {
    throw new ConfigError(
      `USERS_FILE ${config.usersFile} does not exist; add a user with "npm run add-user -- <name>" (or set DEV_CONTROLS=true for the demo's users).`,
    );
  }
  const demo = await demoAccountIn(fromFile);
  if (demo) {
    throw new ConfigError(
      `USERS_FILE ${config.usersFile} has the demo account "${demo}" with its well-known password (an earlier npm start wrote it). Give it a real password with "npm run add-user -- ${demo}", or delete it from the file.`,
    );
  }
  return fromFile;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = { level: process.env['LOG_LEVEL'] ?? 'info' };
  let users: UserDirectory;
  try {
    users = await loadUsers(config, (msg) => console.log(msg));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  if (config.production && config.trustProxy === false && cluster.isPrimary) {
    // The cookie is Secure only on requests that arrived over TLS, which this server sees only through a proxy.
    console.warn(
      'NODE_ENV=production without TRUST_PROXY: this server speaks plain HTTP, so the session cookie is not Secure. Put it behind a TLS proxy and set TRUST_PROXY to the number of proxies in front (e.g. 1) or their addresses.',
    );
  }
  if (config.devControls && cluster.isPrimary) {
    console.warn('DEV_CONTROLS=true: the demo user and the failure-mode routes (/api/dev) are on. Never on a real deployment.');
  }
  if (config.cookieSecretGenerated) {
    console.log('COOKIE_SECRET is not set: using a random one, so a restart logs everyone out (sessions are in memory anyway).');
  }
  if (config.journalSecret === null) {
    // Kept speech must survive the restart that logs everyone out: its keys come from a secret kept on disk.
    config = { ...config, journalSecret: await persistedJournalSecret(join(dirname(config.usersFile), 'journal-secret')) };
  }
  if (config.workers > 1 && cluster.isPrimary) {
    runPrimary(config);
    return;
  }

  let app: FastifyInstance;
  let restarting = false;
  // The recognizer outlives the dev panel's restarts: reloading the models would only make the demo slower.
  const engine = await createEngine(config.recognizer, pino(logger));

  const start = async () => {
    // A new store on every start: a restart loses in-memory sessions, exactly like a real process restart (with
    // REDIS_URL they live on in Redis, and the pages re-attach within the grace).
    app = await buildApp({ config, users, logger, serveStatic: true, restart, engine });
    await app.listen({ port: config.port, host: config.host });
    app.log.info(`Dictation demo on http://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}/ (${config.sessionMode})`);
  };

  // The dev panel's "restart service": a graceful shutdown (every socket gets 1012) and a fresh start.
  async function restartNow(): Promise<void> {
    if (restarting) return;
    restarting = true;
    app.log.warn('restart requested from the dev panel');
    await app.close();
    await new Promise((r) => setTimeout(r, 1000));
    await start();
    restarting = false;
  }
  function restart(): void {
    restartNow().catch((err: unknown) => {
      console.error('restart failed', err);
      process.exit(1);
    });
  }

  await start();

  const shutdown = (signal: string) => {
    app.log.info(`${signal}: closing every socket with 1012 and shutting down`);
    app.close().then(
      () => engine.close().then(() => process.exit(0)),
      () => process.exit(1),
    );
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? `Cannot start: ${err.message}` : err);
  process.exit(1);
});
