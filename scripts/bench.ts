// `npm run bench [-- --n 10000 --clients 32 --workers 1 --warmup 500]`: end-to-end throughput and latency of the
// task engine (REST API → Postgres/pg-boss → worker → local HTTP sink) next to raw pg-boss on the
// same database in the same run. Loopback only; starts and stops everything it needs.
// `--latency 300`: the sink answers each request after 300 ms (an I/O-bound endpoint); the runs then
// use Outpost's default concurrency, skip raw pg-boss and report deliveries in flight and worker
// memory per in-flight delivery. The batch row is a backlog (500 tasks per request) draining.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PgBoss } from 'pg-boss';
import { dropDatabase, ensureDatabase, withDatabase } from './lib/database.mjs';
import { nextBin } from './lib/build-state.mjs';
import { freePort } from './lib/ports.mjs';
import { markdownTable, percentile } from './lib/bench-report';
import { postgresCpuSince, selfCpuMs, treeCpuMs } from './lib/process-cpu';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    clients: { type: 'string', default: '32' },
    workers: { type: 'string', default: '1' },
    // Unset: the engine runs with its defaults; raw pg-boss keeps the shape of 32 per worker.
    concurrency: { type: 'string' },
    latency: { type: 'string', default: '0' },
    timeout: { type: 'string', default: '900' },
    warmup: { type: 'string', default: '500' },
    // Fast-sink runs: raw pg-boss and one-task-per-request alternate in this many rounds of N/rounds
    // each, so a slow spell of the (shared, virtual) machine falls on both sides of the ratio.
    rounds: { type: 'string', default: '6' },
  },
});
const N = Number(args.n);
const CLIENTS = Number(args.clients);
const WORKERS = Number(args.workers);
const CONCURRENCY = args.concurrency === undefined ? null : Number(args.concurrency);
const RAW_CONCURRENCY = CONCURRENCY ?? 32;
const LATENCY_MS = Number(args.latency);
// Sent through the same path before each measured run (JIT, pools, caches), and not measured.
const WARMUP = Number(args.warmup);
const ROUNDS = Math.max(1, Number(args.rounds));
const deadline = Date.now() + Number(args.timeout) * 1000;

const children: ChildProcess[] = [];
const cleanup: { dbs: (() => Promise<void>)[] } = { dbs: [] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Math.min(deadline, Date.now() + timeoutMs);
  while (Date.now() < end) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`bench: timed out waiting for ${what}`);
}

function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return NaN;
  }
}

/** Runs `count` async jobs with `clients` concurrent loops. */
async function withClients(count: number, clients: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(clients, count) }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

type Sink = { port: number; arrivals: Map<string, number>; open: { now: number; peak: number }; close(): Promise<void> };

/** The delivery target: records when each task's body arrived, answering after LATENCY_MS. */
async function startSink(): Promise<Sink> {
  const arrivals = new Map<string, number>();
  const open = { now: 0, peak: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    open.now++;
    open.peak = Math.max(open.peak, open.now);
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        const { k } = JSON.parse(body) as { k: string };
        arrivals.set(k, performance.timeOrigin + performance.now());
      } catch {
        // not ours
      }
      const answer = () => {
        open.now--;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"sink"}');
      };
      if (LATENCY_MS > 0) setTimeout(answer, LATENCY_MS);
      else answer();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, arrivals, open, close: () => new Promise((r) => server.close(() => r())) };
}

// OUTPOST_BENCH_PROFILE=<dir>: web and worker write V8 CPU profiles there (open them in Chrome DevTools).
const profileArgs = process.env.OUTPOST_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.OUTPOST_BENCH_PROFILE)}`] : [];

function start(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [...profileArgs, ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.on('data', (c: Buffer) => (tail = (tail + c.toString()).slice(-4000)));
  child.on('exit', (code, signal) => {
    if (code && !stopping) console.error(`[bench] ${name} exited with ${code ?? signal}:\n${tail}`);
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stopAll(): Promise<void> {
  stopping = true;
  const running = children.splice(0);
  await Promise.all(
    running.map(
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
  stopping = false;
}

// The load generator shares the machine's two cores with what it measures, so its clients use
// node:http on kept-alive sockets (as an SDK would): undici's fetch costs several times the CPU.
const clientAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function postJson(url: string, apiKey: string, payload: unknown): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: clientAgent,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
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
    req.end(body);
  });
}

type Result = {
  label: string;
  tasksPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  /** p50 of the request alone (POST answered, or pg-boss send resolved): the rest of p50 is delivery. */
  requestP50: number;
  apiPerSec: number | null;
  rss: number | null;
  /** Most deliveries open at the sink at once, and worker memory above idle per one of them. */
  peakInFlight: number | null;
  kbPerInFlight: number | null;
  /** CPU ms per task over the measured run: web app, worker(s) (raw: the pg-boss client), Postgres. */
  cpu: { web: number | null; worker: number; postgres: number };
};

type Measured = {
  count: number;
  started: number;
  last: number;
  latencies: number[];
  requestMs: number[];
  requests: number;
  /** From the first request (or send) to the last one answered. */
  apiMs: number;
  rss: number | null;
  peakInFlight?: number;
  kbPerInFlight?: number;
  cpuMs: { web: number | null; worker: number; postgres: number };
};

/**
 * One table row: every segment's tasks from its first request to its last arrival (the segments'
 * times added up), and latency percentiles over all of them.
 */
function summarize(label: string, segments: Measured[]): Result {
  const sum = (f: (m: Measured) => number) => segments.reduce((total, m) => total + f(m), 0);
  const count = sum((m) => m.count);
  const latencies = segments.flatMap((m) => m.latencies);
  const requestMs = segments.flatMap((m) => m.requestMs);
  const busiest = segments.reduce((a, b) => ((b.peakInFlight ?? 0) > (a.peakInFlight ?? 0) ? b : a));
  const web = segments.some((m) => m.cpuMs.web === null) ? null : sum((m) => m.cpuMs.web!) / count;
  const rss = segments.some((m) => m.rss === null) ? null : Math.max(...segments.map((m) => m.rss!));
  return {
    label,
    tasksPerSec: count / (sum((m) => m.last - m.started) / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requestP50: percentile(requestMs, 50),
    apiPerSec: sum((m) => m.requests) / (sum((m) => m.apiMs) / 1000),
    rss,
    peakInFlight: busiest.peakInFlight ?? null,
    kbPerInFlight: busiest.kbPerInFlight ?? null,
    cpu: { web, worker: sum((m) => m.cpuMs.worker) / count, postgres: sum((m) => m.cpuMs.postgres) / count },
  };
}

/** Starts counting CPU of the given processes and Postgres; the returned function stops and reads it. */
function cpuMeter(databaseUrl: string, webPid: number | undefined, workerPids: (number | undefined)[] | 'self') {
  const worker = () => (workerPids === 'self' ? selfCpuMs() : treeCpuMs(workerPids));
  const postgres = postgresCpuSince(new URL(databaseUrl).pathname.slice(1));
  const start = { web: webPid === undefined ? 0 : treeCpuMs([webPid]), worker: worker() };
  return () => ({
    web: webPid === undefined ? null : treeCpuMs([webPid]) - start.web,
    worker: worker() - start.worker,
    postgres: postgres(),
  });
}

type Mode = 'single' | 'batch' | 'backlog';

async function engineRun(label: string, databaseUrl: string, appUrl: string, apiKey: string, sink: Sink, mode: Mode, pids: { web: number | undefined; workers: (number | undefined)[] }, count: number, warm = true): Promise<Measured> {
  const workerPids = pids.workers;
  const tag = `${mode}-${Date.now()}`;
  const enqueuedAt = new Map<string, number>();
  const requestMs: number[] = [];
  // A backlog is created due in an hour, then made due all at once (below).
  const runAt = mode === 'backlog' ? { runAt: new Date(Date.now() + 3600_000).toISOString() } : {};
  const body = (i: number | string, due = false) => ({
    kind: 'http-post',
    config: { url: `http://127.0.0.1:${sink.port}/sink` },
    input: { k: `${tag}-${i}` },
    template: '{"k": {{ input.k | json }}}',
    ...(due ? {} : runAt),
  });
  let requests = 0;
  const post = async (pathname: string, payload: unknown) => {
    for (;;) {
      const res = await postJson(`${appUrl}/api/v1${pathname}`, apiKey, payload);
      requests++;
      if (res.status === 201) return JSON.parse(res.body) as unknown;
      if (res.status === 429 || res.status >= 500) {
        await sleep(50);
        continue;
      }
      throw new Error(`bench: POST ${pathname} → ${res.status} ${res.body}`);
    }
  };
  if (warm && WARMUP > 0) {
    // A batch warm-up is one request, so it is capped at the batch endpoint's 500.
    const warmIds = Array.from({ length: mode === 'single' ? WARMUP : Math.min(WARMUP, 500) }, (_, i) => `warm-${i}`);
    if (mode === 'single') await withClients(warmIds.length, CLIENTS, (i) => post('/tasks', body(warmIds[i]!)).then(() => {}));
    else await post('/tasks/batch', { tasks: warmIds.map((id) => body(id, true)) });
    await until(() => warmIds.every((id) => sink.arrivals.has(`${tag}-${id}`)), `${label}: warm-up deliveries`);
    requests = 0;
  }
  const workerRss = () => workerPids.map(rssMb).filter((x) => !Number.isNaN(x)).reduce((a, b) => a + b, 0);
  const idleRss = workerRss();
  let maxRss = 0;
  let rssAtPeak = idleRss;
  sink.open.peak = 0;
  const sampler = setInterval(() => {
    const rss = workerRss();
    maxRss = Math.max(maxRss, rss);
    // Memory held while the most deliveries are open: what one in-flight delivery costs.
    if (sink.open.now >= sink.open.peak * 0.9) rssAtPeak = Math.max(rssAtPeak, rss);
  }, 100);
  const cpu = cpuMeter(databaseUrl, pids.web, workerPids);
  const requestsStarted = performance.timeOrigin + performance.now();
  let started = requestsStarted;
  if (mode === 'single') {
    await withClients(count, CLIENTS, async (i) => {
      const t0 = performance.timeOrigin + performance.now();
      await post('/tasks', body(i));
      enqueuedAt.set(`${tag}-${i}`, t0);
      requestMs.push(performance.timeOrigin + performance.now() - t0);
    });
  } else {
    // batch and backlog: 500 tasks per request.
    const chunks = Math.ceil(count / 500);
    await withClients(chunks, Math.min(CLIENTS, 8), async (c) => {
      const ids = Array.from({ length: Math.min(500, count - c * 500) }, (_, j) => c * 500 + j);
      const t0 = performance.timeOrigin + performance.now();
      await post('/tasks/batch', { tasks: ids.map((i) => body(i)) });
      for (const i of ids) enqueuedAt.set(`${tag}-${i}`, t0);
      requestMs.push(performance.timeOrigin + performance.now() - t0);
    });
  }
  const apiDone = performance.timeOrigin + performance.now();
  if (mode === 'backlog') {
    // Every job of the backlog becomes due in one statement; the worker finds them on its next poll.
    const { rawSql } = await import('@/lib/db/client');
    started = performance.timeOrigin + performance.now();
    await rawSql()`update pgboss.job set start_after = now() where name = 'deliver.http-post' and state = 'created'`;
    for (const k of enqueuedAt.keys()) enqueuedAt.set(k, started);
  }
  await until(() => [...enqueuedAt.keys()].every((k) => sink.arrivals.has(k)), `${label}: all ${count} deliveries`, 600_000);
  const cpuMs = cpu();
  clearInterval(sampler);
  const latencies = [...enqueuedAt].map(([k, t]) => sink.arrivals.get(k)! - t);
  const last = Math.max(...[...enqueuedAt.keys()].map((k) => sink.arrivals.get(k)!));
  const peakInFlight = sink.open.peak;
  const kbPerInFlight = peakInFlight > 0 ? ((rssAtPeak - idleRss) * 1024) / peakInFlight : NaN;
  return { count, started, last, latencies, requestMs, requests, apiMs: apiDone - requestsStarted, rss: maxRss, peakInFlight, kbPerInFlight, cpuMs };
}

/** Raw pg-boss on `databaseUrl`, warmed up: each run() sends `count` jobs and waits for them all. */
async function startRaw(databaseUrl: string): Promise<{ run(count: number): Promise<Measured>; stop(): Promise<void> }> {
  const queue = 'bench.raw';
  const sender = new PgBoss({ connectionString: databaseUrl, max: Math.min(CLIENTS, 20), supervise: false, schedule: false, migrate: false });
  const consumer = new PgBoss({ connectionString: databaseUrl, max: 10, supervise: false, schedule: false, migrate: false, useListenNotify: true });
  sender.on('error', () => {});
  consumer.on('error', () => {});
  await sender.start();
  await consumer.start();
  await sender.createQueue(queue, { notify: true });
  let doneAt = new Map<number, number>();
  // The same work shape as Outpost's delivery queues (jobs/deliver.ts): a few pollers fetching batches.
  const pollers = Math.min(4, RAW_CONCURRENCY);
  const shape = { localConcurrency: pollers, batchSize: Math.ceil(RAW_CONCURRENCY / pollers), burstWhenBatchFull: true };
  let warmed = 0;
  await consumer.work<{ i: number }>(queue, { ...shape, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      if (job.data.i < 0) warmed++;
      else doneAt.set(job.data.i, performance.timeOrigin + performance.now());
    }
  });
  await withClients(WARMUP, CLIENTS, (i) => sender.send(queue, { i: -1 - i }).then(() => {}));
  await until(() => warmed >= WARMUP, 'raw pg-boss: warm-up jobs');
  return {
    async run(count) {
      const sentAt = new Map<number, number>();
      doneAt = new Map();
      const cpu = cpuMeter(databaseUrl, undefined, 'self');
      const started = performance.timeOrigin + performance.now();
      const sendMs: number[] = [];
      await withClients(count, CLIENTS, async (i) => {
        const t0 = performance.timeOrigin + performance.now();
        sentAt.set(i, t0);
        await sender.send(queue, { i });
        sendMs.push(performance.timeOrigin + performance.now() - t0);
      });
      const sendDone = performance.timeOrigin + performance.now();
      await until(() => doneAt.size >= count, `raw pg-boss: all ${count} jobs`, 600_000);
      const cpuMs = cpu();
      const latencies = [...sentAt].map(([i, t]) => doneAt.get(i)! - t);
      const last = Math.max(...doneAt.values());
      return { count, started, last, latencies, requestMs: sendMs, requests: count, apiMs: sendDone - started, rss: null, cpuMs };
    },
    async stop() {
      await consumer.stop({ graceful: false, close: true });
      await sender.stop({ graceful: false, close: true });
    },
  };
}

function printTable(rows: Result[], raw: Result | null, roundRatios: number[] = []): void {
  const fmt = (n: number | null, digits = 0) => (n === null || Number.isNaN(n) ? '—' : n.toFixed(digits));
  const header = ['run', 'tasks/s', 'p50 ms', 'p95 ms', 'p99 ms', 'request p50 ms', 'req/s (API or send)', 'worker RSS MB', 'peak in flight', 'KB/in-flight', 'CPU ms/task web · worker · pg = total'];
  if (raw) header.push('tasks/s ÷ raw', 'p50 ÷ raw', 'CPU/task ÷ raw');
  const cpuTotal = (r: Result) => (r.cpu.web ?? 0) + r.cpu.worker + r.cpu.postgres;
  const lines = [...rows, ...(raw ? [raw] : [])].map((r) => {
    const cpu = `${fmt(r.cpu.web, 2)} · ${fmt(r.cpu.worker, 2)} · ${fmt(r.cpu.postgres, 2)} = ${fmt(cpuTotal(r), 2)}`;
    const cells = [r.label, fmt(r.tasksPerSec), fmt(r.p50), fmt(r.p95), fmt(r.p99), fmt(r.requestP50), fmt(r.apiPerSec), fmt(r.rss), fmt(r.peakInFlight), fmt(r.kbPerInFlight), cpu];
    if (raw) cells.push(r === raw ? '1.00' : fmt(r.tasksPerSec / raw.tasksPerSec, 2), r === raw ? '1.00' : fmt(r.p50 / raw.p50, 2), r === raw ? '1.00' : fmt(cpuTotal(r) / cpuTotal(raw), 2));
    return cells;
  });
  const concurrency = CONCURRENCY === null ? 'default concurrency' : `concurrency ${CONCURRENCY}/worker`;
  const latency = LATENCY_MS > 0 ? `, sink answers after ${LATENCY_MS} ms` : `, raw pg-boss shaped ${RAW_CONCURRENCY}/worker`;
  const rounds = raw && ROUNDS > 1 ? ` (one task per request and raw in ${ROUNDS} alternating rounds)` : '';
  console.log(`\nOutpost bench: N=${N}${rounds}, ${CLIENTS} clients, ${WORKERS} worker process(es), ${concurrency}${latency}\n`);
  console.log(markdownTable(header, lines));
  console.log('\np50/p95/p99: from the request starting to the delivery arriving; request p50: the request alone.');
  console.log('KB/in-flight: worker RSS above idle while the most deliveries were open, divided by that number.');
  console.log('CPU ms/task: CPU time over the measured run ÷ tasks (raw: its worker column is the pg-boss client); the load generator is not counted.');
  const single = rows[0]!;
  if (raw) {
    if (roundRatios.length > 1) console.log(`One task per request ÷ raw, round by round (alternating which goes first): ${roundRatios.map((r) => r.toFixed(2)).join(' · ')}`);
    console.log(
      `\nTargets: tasks/s ≥ 0.55 × raw → ${(single.tasksPerSec / raw.tasksPerSec).toFixed(2)} ${single.tasksPerSec >= 0.55 * raw.tasksPerSec ? 'met' : 'NOT met'}; ` +
        `p50 ≤ 2 × raw → ${(single.p50 / raw.p50).toFixed(2)} ${single.p50 <= 2 * raw.p50 ? 'met' : 'NOT met'}`,
    );
  }
}

/** A new, migrated database on the bench's server: every measured run starts from empty tables. */
async function freshDatabase(adminUrl: string, label: string): Promise<string> {
  const name = `outpost_bench_${label}_${Date.now()}`;
  await ensureDatabase(adminUrl, name);
  cleanup.dbs.push(() => dropDatabase(adminUrl, name));
  const url = withDatabase(adminUrl, name);
  const { runMigrations } = await import('@/lib/db/migrate');
  const { installQueueSchema } = await import('@/lib/queue/boss');
  await runMigrations(url);
  await installQueueSchema(url);
  return url;
}

/** Web app and worker(s) on `databaseUrl`, warmed up, with an API key; stopped by stopAll(). */
async function startOutpost(databaseUrl: string, sink: Sink): Promise<{ appUrl: string; key: string; pids: { web: number | undefined; workers: (number | undefined)[] } }> {
  const appPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    OUTPOST_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    AUTH_URL: `http://127.0.0.1:${appPort}`,
    AUTH_TRUST_HOST: 'true',
    OUTPOST_ALLOWED_TARGETS: `127.0.0.1:${sink.port}`,
    OUTPOST_SANDBOX: 'false',
    ...(CONCURRENCY === null ? {} : { OUTPOST_WORKER_CONCURRENCY: String(CONCURRENCY) }),
    // As on main for the fast-sink figures; slow-endpoint runs keep every default.
    ...(LATENCY_MS > 0 ? {} : { OUTPOST_DB_POOL_SIZE: '20' }),
    // One account sends everything here, at several times the default per-account API limit.
    OUTPOST_API_RATE_LIMIT: '0',
  };
  const appUrl = `http://127.0.0.1:${appPort}`;
  const web = start('web', [nextBin, 'start', '-p', String(appPort), '-H', '127.0.0.1'], { ...env, NODE_ENV: 'production', OUTPOST_DIST_DIR: '.next', PORT: String(appPort) });
  const workers = Array.from({ length: WORKERS }, (_, i) => start(`worker-${i}`, ['--import', 'tsx', path.join(root, 'jobs/worker.ts')], env));
  await until(async () => (await fetch(`${appUrl}/api/v1/openapi.json`)).ok, 'the web app', 60_000);

  // The bench process writes the user and key itself, on the same database.
  Object.assign(process.env, { DATABASE_URL: databaseUrl, OUTPOST_ENCRYPTION_KEY: env.OUTPOST_ENCRYPTION_KEY, AUTH_SECRET: env.AUTH_SECRET });
  const { closeDb } = await import('@/lib/db/client');
  await closeDb();
  const { ensureUser } = await import('@/lib/auth/users');
  const { createApiKey } = await import('@/lib/auth/api-keys');
  const user = await ensureUser(`bench-${Date.now()}@example.test`);
  const { key } = await createApiKey(user.id, 'bench');

  // Warm up: compile routes, open pools, create queues.
  await fetch(`${appUrl}/api/v1/tasks?limit=1`, { headers: { authorization: `Bearer ${key}` } });
  const warmup = `warmup-${Date.now()}`;
  await until(async () => {
    const res = await fetch(`${appUrl}/api/v1/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'http-post', config: { url: `http://127.0.0.1:${sink.port}/sink` }, input: { k: warmup }, template: '{"k": {{ input.k | json }}}' }),
    });
    return res.status === 201;
  }, 'a warm-up task');
  await until(() => sink.arrivals.has(warmup), 'the warm-up delivery', 60_000);
  return { appUrl, key, pids: { web: web.pid, workers: workers.map((w) => w.pid) } };
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('bench: DATABASE_URL is not set (run through `npm run bench`)');
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('[bench] no production build: running next build once…');
    const built = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, OUTPOST_DIST_DIR: '.next' } });
    if (built.status !== 0) throw new Error('bench: next build failed');
  }
  const sink = await startSink();
  const results: Result[] = [];
  // Each run gets its own empty database on the same server, so none pays for another's rows.
  const labels: Record<Mode, string> = {
    single: 'outpost: POST /tasks → delivered',
    batch: 'outpost: POST /tasks/batch → delivered',
    backlog: `outpost: backlog of ${N} due at once → delivered`,
  };
  const engineAlone = async (mode: Mode): Promise<Measured> => {
    const databaseUrl = await freshDatabase(adminUrl, mode);
    const outpost = await startOutpost(databaseUrl, sink);
    try {
      return await engineRun(labels[mode], databaseUrl, outpost.appUrl, outpost.key, sink, mode, outpost.pids, N);
    } finally {
      clientAgent.destroy();
      await stopAll();
    }
  };

  if (LATENCY_MS > 0) {
    // Raw pg-boss is the fast-sink baseline; against a slow endpoint it would only measure the sleep.
    for (const mode of ['single', 'backlog'] as const) results.push(summarize(labels[mode], [await engineAlone(mode)]));
    printTable(results, null);
    await sink.close();
    return;
  }
  // Raw pg-boss and one task per request, both started and warmed up, take turns in rounds (each
  // round in the other order) on their own databases.
  const rawSide = await startRaw(await freshDatabase(adminUrl, 'raw'));
  const singleUrl = await freshDatabase(adminUrl, 'single');
  const outpost = await startOutpost(singleUrl, sink);
  const counts = Array.from({ length: ROUNDS }, (_, r) => Math.floor(N / ROUNDS) + (r < N % ROUNDS ? 1 : 0));
  const rawParts: Measured[] = [];
  const singleParts: Measured[] = [];
  for (const [r, count] of counts.entries()) {
    const order = r % 2 === 0 ? (['raw', 'single'] as const) : (['single', 'raw'] as const);
    for (const side of order) {
      if (side === 'raw') rawParts.push(await rawSide.run(count));
      else singleParts.push(await engineRun(labels.single, singleUrl, outpost.appUrl, outpost.key, sink, 'single', outpost.pids, count, r === 0));
    }
  }
  await rawSide.stop();
  clientAgent.destroy();
  await stopAll();
  results.push(summarize(labels.single, singleParts));
  results.push(summarize(labels.batch, [await engineAlone('batch')]));
  const raw = summarize('raw pg-boss (send → no-op handler)', rawParts);
  const rate = (m: Measured) => m.count / (m.last - m.started);
  printTable(results, raw, singleParts.map((m, r) => rate(m) / rate(rawParts[r]!)));
  await sink.close();
}

const hardStop = setTimeout(() => {
  console.error('[bench] overall timeout reached');
  void stopAll().finally(() => process.exit(1));
}, Number(args.timeout) * 1000 + 30_000);
hardStop.unref();

let exitCode = 0;
try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await stopAll();
  const { closeDb } = await import('@/lib/db/client');
  await closeDb().catch(() => {});
  for (const drop of cleanup.dbs) await drop().catch(() => {});
}
process.exit(exitCode);
