// `npm run bench:hostile [-- --seconds 10 --previews 10]`: what hostile Liquid templates cost everyone
// else (DESIGN §6). Starts the production web app and a worker on a fresh database (loopback only),
// then measures GET /api/health while hostile previews and batches run, and how fast those answer.
// Targets: /api/health p99 < 100 ms with 10 hostile previews in flight; a batch of 50 hostile
// tasks answers 400 within 5 s.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dropDatabase, ensureDatabase, withDatabase } from './lib/database.mjs';
import { nextBin } from './lib/build-state.mjs';
import { freePort } from './lib/ports.mjs';
import { markdownTable, percentile } from './lib/bench-report';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    previews: { type: 'string', default: '10' },
    timeout: { type: 'string', default: '600' },
  },
});
const SECONDS = Number(args.seconds);
const PREVIEWS = Number(args.previews);

// liquidjs' cooperative renderLimit does not stop the first in time; the others burn CPU or memory.
const HOSTILE = [
  '{% for i in (1..19999999) %}{% endfor %}',
  '{% for i in (1..5000) %}{% for j in (1..5000) %}{% assign k = j %}{% endfor %}{% endfor %}',
  '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}',
];
const HOSTILE_CONDITION = '(1..19999999) contains 0';

const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

function start(name: string, argv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.on('data', (c: Buffer) => (tail = (tail + c.toString()).slice(-4000)));
  child.on('exit', (code) => {
    if (code && !stopping) console.error(`[bench:hostile] ${name} exited with ${code}:\n${tail}`);
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stopAll(): Promise<void> {
  stopping = true;
  await Promise.all(
    children.splice(0).map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
}

// One socket per caller: health probes must not queue behind hostile requests on a shared socket.
function request(url: string, init: { method?: string; key?: string; body?: unknown } = {}): Promise<{ status: number; body: string }> {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: init.method ?? 'GET',
        agent: false,
        headers: {
          ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Probes /api/health every 20 ms until `done()`; errors count as samples of their duration. */
async function probeHealth(appUrl: string, done: () => boolean): Promise<{ ms: number[]; failures: number }> {
  const ms: number[] = [];
  let failures = 0;
  while (!done()) {
    const t0 = now();
    try {
      const res = await request(`${appUrl}/api/health`);
      if (res.status !== 200) failures++;
    } catch {
      failures++;
    }
    ms.push(now() - t0);
    await sleep(20);
  }
  return { ms, failures };
}

type Row = { scenario: string; health: number[]; failures: number; answers: string; target: string; met: boolean | null };

async function freshDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `outpost_bench_hostile_${Date.now()}`;
  await ensureDatabase(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  const { runMigrations } = await import('@/lib/db/migrate');
  const { installQueueSchema } = await import('@/lib/queue/boss');
  await runMigrations(url);
  await installQueueSchema(url);
  return { url, drop: () => dropDatabase(adminUrl, name) };
}

async function startOutpost(databaseUrl: string): Promise<{ appUrl: string; key: string; otherKey: string }> {
  const appPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    OUTPOST_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    AUTH_URL: `http://127.0.0.1:${appPort}`,
    AUTH_TRUST_HOST: 'true',
    OUTPOST_ALLOWED_TARGETS: '127.0.0.1:9',
    OUTPOST_SANDBOX: 'false',
    OUTPOST_API_RATE_LIMIT: '0',
  };
  const appUrl = `http://127.0.0.1:${appPort}`;
  start('web', [nextBin, 'start', '-p', String(appPort), '-H', '127.0.0.1'], { ...env, NODE_ENV: 'production', OUTPOST_DIST_DIR: '.next', PORT: String(appPort) });
  start('worker', ['--import', 'tsx', path.join(root, 'jobs/worker.ts')], env);
  Object.assign(process.env, { DATABASE_URL: databaseUrl, OUTPOST_ENCRYPTION_KEY: env.OUTPOST_ENCRYPTION_KEY, AUTH_SECRET: env.AUTH_SECRET });
  const { closeDb } = await import('@/lib/db/client');
  await closeDb();
  const { ensureUser } = await import('@/lib/auth/users');
  const { createApiKey } = await import('@/lib/auth/api-keys');
  const user = await ensureUser(`bench-hostile-${Date.now()}@example.test`);
  const { key } = await createApiKey(user.id, 'bench');
  // A second user, whose ordinary previews the two-user row times.
  const other = await ensureUser(`bench-hostile-other-${Date.now()}@example.test`);
  const { key: otherKey } = await createApiKey(other.id, 'bench');
  const end = Date.now() + 120_000;
  while (Date.now() < end) {
    const health = await request(`${appUrl}/api/health`).catch(() => ({ status: 0 }));
    if (health.status === 200) break;
    await sleep(200);
  }
  // Warm the routes and the render threads with an ordinary preview.
  const warm = await request(`${appUrl}/api/v1/preview`, { method: 'POST', key, body: { kind: 'http-post', config: { url: 'http://127.0.0.1:9/x' }, input: { a: 1 }, template: '{"a": {{ input.a }}}' } });
  if (warm.status !== 200) throw new Error(`bench:hostile: warm-up preview → ${warm.status} ${warm.body}`);
  return { appUrl, key, otherKey };
}

const preview = (template: string, condition?: string) => ({
  kind: 'http-post',
  config: { url: 'http://127.0.0.1:9/hostile' },
  input: {},
  template,
  ...(condition ? { condition } : {}),
});

async function idle(appUrl: string): Promise<Row> {
  const until = now() + 3_000;
  const probe = await probeHealth(appUrl, () => now() > until);
  return { scenario: 'idle (no hostile work)', health: probe.ms, failures: probe.failures, answers: '—', target: '—', met: null };
}

async function hostilePreviews(appUrl: string, key: string): Promise<Row> {
  const until = now() + SECONDS * 1000;
  const answers: number[] = [];
  let statuses = 0;
  let sent = 0;
  const loops = Array.from({ length: PREVIEWS }, async (_, i) => {
    while (now() < until) {
      const template = HOSTILE[(i + sent) % HOSTILE.length]!;
      const body = sent++ % 4 === 3 ? preview('{}', HOSTILE_CONDITION) : preview(template);
      const t0 = now();
      const res = await request(`${appUrl}/api/v1/preview`, { method: 'POST', key, body }).catch(() => ({ status: 0, body: '' }));
      answers.push(now() - t0);
      // A template that cannot render is a 400 naming it (as at POST /tasks).
      if (res.status !== 400 || !res.body.includes('limit exceeded')) statuses++;
    }
  });
  let finished = false;
  const all = Promise.all(loops).then(() => (finished = true));
  await sleep(200);
  const probe = await probeHealth(appUrl, () => finished);
  await all;
  const p99 = percentile(probe.ms, 99);
  return {
    scenario: `${PREVIEWS} hostile previews in flight for ${SECONDS} s`,
    health: probe.ms,
    failures: probe.failures,
    answers: `${answers.length} previews, p50 ${percentile(answers, 50).toFixed(0)} ms, max ${Math.max(...answers).toFixed(0)} ms${statuses ? `, ${statuses} not a clear limit error` : ''}`,
    target: 'health p99 < 100 ms',
    met: p99 < 100 && probe.failures === 0 && statuses === 0,
  };
}

async function hostileBatch(appUrl: string, key: string, size: number, targetMs: number | null): Promise<Row> {
  const tasks = Array.from({ length: size }, (_, i) => preview(HOSTILE[i % HOSTILE.length]!));
  let finished = false;
  const t0 = now();
  const batch = request(`${appUrl}/api/v1/tasks/batch`, { method: 'POST', key, body: { tasks } }).then((res) => {
    finished = true;
    return { res, ms: now() - t0 };
  });
  const probe = await probeHealth(appUrl, () => finished);
  const { res, ms } = await batch;
  const named = res.status === 400 && /tasks\[\d+\]\.template/u.test(res.body);
  return {
    scenario: `POST /tasks/batch with ${size} hostile tasks`,
    health: probe.ms,
    failures: probe.failures,
    answers: `${res.status} in ${ms.toFixed(0)} ms${named ? ', names tasks[i].template' : ''}`,
    target: targetMs ? `400 within ${targetMs / 1000} s` : '400, fast',
    met: res.status === 400 && named && (targetMs === null || ms < targetMs),
  };
}

/**
 * Issue 17: one user keeps PREVIEWS hostile previews in flight while another user previews an
 * ordinary template back to back; the other user's p50 must stay within 2x of its quiet p50.
 */
async function twoUsers(appUrl: string, key: string, otherKey: string): Promise<Row> {
  const ordinary = { kind: 'http-post', config: { url: 'http://127.0.0.1:9/x' }, input: { a: 1 }, template: '{"a": {{ input.a }}}' };
  const timed = async () => {
    const t0 = now();
    const res = await request(`${appUrl}/api/v1/preview`, { method: 'POST', key: otherKey, body: ordinary });
    if (res.status !== 200) throw new Error(`bench:hostile: ordinary preview → ${res.status} ${res.body}`);
    return now() - t0;
  };
  for (let i = 0; i < 10; i++) await timed();
  const quiet: number[] = [];
  for (let i = 0; i < 50; i++) quiet.push(await timed());
  const until = now() + SECONDS * 1000;
  const loops = Array.from({ length: PREVIEWS }, async (_, i) => {
    while (now() < until) await request(`${appUrl}/api/v1/preview`, { method: 'POST', key, body: preview(HOSTILE[i % HOSTILE.length]!) }).catch(() => null);
  });
  let finished = false;
  const all = Promise.all(loops).then(() => (finished = true));
  await sleep(500);
  const loaded: number[] = [];
  const sampling = (async () => {
    while (!finished) loaded.push(await timed());
  })();
  const probe = await probeHealth(appUrl, () => finished);
  await all;
  await sampling;
  const quietP50 = percentile(quiet, 50);
  const loadedP50 = percentile(loaded, 50);
  return {
    scenario: `another user's ordinary preview while one user keeps ${PREVIEWS} hostile previews in flight`,
    health: probe.ms,
    failures: probe.failures,
    answers: `other user's preview p50 ${quietP50.toFixed(1)} ms quiet → ${loadedP50.toFixed(1)} ms (${(loadedP50 / quietP50).toFixed(2)}x), max ${Math.max(...loaded).toFixed(0)} ms, ${loaded.length} previews`,
    target: "other user's p50 ≤ 2x quiet",
    met: loadedP50 <= 2 * quietP50,
  };
}

function printTable(rows: Row[], load: string): void {
  const fmt = (n: number) => (Number.isNaN(n) ? '—' : n.toFixed(1));
  const header = ['scenario', 'health probes', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'hostile requests', 'target', 'met'];
  const lines = rows.map((r) => [
    r.scenario,
    `${r.health.length}${r.failures ? ` (${r.failures} failed)` : ''}`,
    fmt(percentile(r.health, 50)),
    fmt(percentile(r.health, 95)),
    fmt(percentile(r.health, 99)),
    fmt(Math.max(...r.health)),
    r.answers,
    r.target,
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  console.log(`\nOutpost hostile-render bench (GET /api/health every 20 ms on its own socket; ${load})\n`);
  console.log(markdownTable(header, lines));
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('bench:hostile: DATABASE_URL is not set (run through `npm run bench:hostile`)');
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('[bench:hostile] no production build: running next build once…');
    const built = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, OUTPOST_DIST_DIR: '.next' } });
    if (built.status !== 0) throw new Error('bench:hostile: next build failed');
  }
  const database = await freshDatabase(adminUrl);
  try {
    const loadBefore = loadavg()[0]!.toFixed(1);
    const { appUrl, key, otherKey } = await startOutpost(database.url);
    const rows = [
      await idle(appUrl),
      await hostilePreviews(appUrl, key),
      await twoUsers(appUrl, key, otherKey),
      await hostileBatch(appUrl, key, 50, 5_000),
      await hostileBatch(appUrl, key, 500, null),
    ];
    printTable(rows, `load average before ${loadBefore}, after ${loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
    if (rows.some((r) => r.met === false)) process.exitCode = 1;
  } finally {
    await stopAll();
    const { closeDb } = await import('@/lib/db/client');
    await closeDb().catch(() => {});
    await database.drop().catch(() => {});
  }
}

const hardStop = setTimeout(() => {
  console.error('[bench:hostile] overall timeout reached');
  void stopAll().finally(() => process.exit(1));
}, Number(args.timeout) * 1000);
hardStop.unref();

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
