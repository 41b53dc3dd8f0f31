// Vitest global setup: a fresh database, the sandbox providers, the built web app and one worker,
// all on 127.0.0.1; tests read their addresses from process.env.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMigrations } from '@/lib/db/migrate';
import { installQueueSchema } from '@/lib/queue/boss';
import { startSandbox } from '@/lib/sandbox/server';
import { startOidcProvider } from './oidc-provider';
import { startOtlpCollector } from './otlp-collector';
import { sandboxProviderBases } from '@/lib/sandbox/urls';
import { dropDatabase, ensureDatabase, ensureDatabaseServer, withDatabase } from '../../scripts/lib/database.mjs';
import { freePort, projectRoot, startProcess, tsxArgs, waitFor, type ManagedProcess } from './processes';
import { buildIsStale, nextBin } from '../../scripts/lib/build-state.mjs';
import { testSecrets } from './test-env';

const DIST_DIR = '.next';

async function prepareDatabase() {
  if (process.env.OUTPOST_TEST_DATABASE_URL) return { url: process.env.OUTPOST_TEST_DATABASE_URL, cleanup: async () => {} };
  // Run directly (not through scripts/test.mjs): a uniquely named database on the dev server.
  const server = await ensureDatabaseServer();
  const name = `outpost_test_${Date.now()}_${process.pid}`;
  await ensureDatabase(server.adminUrl, name);
  return {
    url: withDatabase(server.adminUrl, name),
    cleanup: async () => {
      await dropDatabase(server.adminUrl, name).catch(() => {});
      await server.stop();
    },
  };
}

function buildApp(env: NodeJS.ProcessEnv) {
  if (process.env.OUTPOST_TEST_SKIP_BUILD === '1' || !buildIsStale(DIST_DIR)) return;
  console.log('[test setup] building the web app (sources changed)…');
  execFileSync(process.execPath, [nextBin, 'build'], {
    cwd: projectRoot,
    env: { ...env, OUTPOST_DIST_DIR: DIST_DIR },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export default async function setup() {
  const logDir = path.join(tmpdir(), `outpost-test-${process.pid}`);
  mkdirSync(logDir, { recursive: true });
  const database = await prepareDatabase();
  await runMigrations(database.url);
  await installQueueSchema(database.url);

  const secrets = testSecrets();
  const sandbox = await startSandbox({ port: 0, token: secrets.OUTPOST_SANDBOX_TOKEN });
  const oidc = await startOidcProvider();
  const collector = await startOtlpCollector();
  const appPort = await freePort();
  // Ports a test may listen on for its own receiver (one test file runs at a time); allowed as
  // outbound targets like the sandbox.
  const receiverPorts = [await freePort(), await freePort()];
  const providerBases = sandboxProviderBases(sandbox.url);
  const env: Record<string, string> = {
    ...secrets,
    DATABASE_URL: database.url,
    OUTPOST_TEST_DATABASE_URL: database.url,
    ...providerBases,
    OUTPOST_ALLOWED_TARGETS: [providerBases.OUTPOST_ALLOWED_TARGETS, ...receiverPorts.map((port) => `127.0.0.1:${port}`)].join(','),
    OUTPOST_TEST_RECEIVER_PORTS: receiverPorts.join(','),
    // The first worker's Prometheus endpoint (tests/observability); a worker a test starts later
    // finds the port taken and serves none.
    OUTPOST_WORKER_METRICS_PORT: String(await freePort()),
    // The System page's operator (tests/observability/system-page).
    OUTPOST_ADMIN_EMAILS: 'operator@outpost.test',
    // Web and worker trace to a collector of the test's own (tests/observability/traces), in
    // batches sent every 200 ms.
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    OUTPOST_TEST_OTLP_URL: collector.url,
    // The test harness plays the reverse proxy: its X-Forwarded-For is believed from 127.0.0.1, so
    // tests (and each e2e test's browser) can act as distinct clients; 127.0.0.2 stays untrusted.
    OUTPOST_TRUSTED_PROXIES: '127.0.0.1',
    OUTPOST_SANDBOX_URL: sandbox.url,
    OUTPOST_TEST_SANDBOX_URL: sandbox.url,
    // Backoff scaled down so retry paths finish in seconds (production: 30 s doubling, ~1 h).
    OUTPOST_RETRY_BASE_MS: '300',
    // Sign-in with an OpenID Connect provider configured by env (a local test IdP).
    AUTH_OIDC_ISSUER: oidc.issuer,
    AUTH_OIDC_ID: oidc.clientId,
    AUTH_OIDC_SECRET: oidc.clientSecret,
    AUTH_OIDC_NAME: 'Sandbox SSO',
    // localhost, not 127.0.0.1: Next.js rewrites 127.0.0.1 to localhost in request URLs, so OAuth
    // callbacks (and the cookies set before them) only line up on localhost.
    OUTPOST_TEST_APP_URL: `http://localhost:${appPort}`,
    OUTPOST_TEST_LOG_DIR: logDir,
    AUTH_URL: `http://localhost:${appPort}`,
    AUTH_TRUST_HOST: 'true',
    // Fewer delivery slots than the production defaults (1024 per queue, 384 per user), so one user's
    // 60 hanging deliveries would take every slot were the per-user cap to break (tests/engine/fairness).
    OUTPOST_WORKER_CONCURRENCY: '32',
    OUTPOST_USER_CONCURRENCY: '8',
    // Cron tests fire every 2 s (production refuses schedules under a minute).
    OUTPOST_QUOTA_MIN_SCHEDULE_SECONDS: '1',
    OUTPOST_CRON_MONITOR_SECONDS: '1',
    OUTPOST_CRON_WORKER_SECONDS: '1',
  };
  Object.assign(process.env, env);

  buildApp(process.env);
  const processes: ManagedProcess[] = [];
  const app = startProcess(
    'web',
    process.execPath,
    [nextBin, 'start', '-p', String(appPort), '-H', '127.0.0.1'],
    { ...process.env, NODE_ENV: 'production', OUTPOST_DIST_DIR: DIST_DIR, PORT: String(appPort) },
    logDir,
  );
  processes.push(app);
  const worker = startProcess('worker', process.execPath, tsxArgs('jobs/worker.ts'), { ...process.env }, logDir);
  processes.push(worker);
  await waitFor(
    async () => {
      const res = await fetch(`${env.OUTPOST_TEST_APP_URL}/api/health`);
      return res.status === 200;
    },
    { timeoutMs: 60_000, what: `the web app and worker to be healthy (logs in ${logDir})` },
  );

  return async function teardown() {
    await Promise.all(processes.map((p) => p.stop()));
    await sandbox.close();
    await oidc.close();
    await collector.close();
    await database.cleanup();
    if (process.env.OUTPOST_TEST_KEEP_LOGS !== '1') rmSync(logDir, { recursive: true, force: true });
  };
}
