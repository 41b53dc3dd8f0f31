// `npm run chaos [-- --tasks 2000 --scenarios baseline,kill,restart,outage,failover,sink503,provider429]`:
// puts N tasks in flight to a local sink and the sandbox providers, breaks something mid-run, and
// counts what arrived. Scenarios: baseline (no fault: the drain time the others are compared with),
// kill (SIGKILL the worker; the supervisor starts another), restart (Postgres fast restart; alias
// `postgres`), outage (Postgres stopped for --outage-seconds, then started), failover (every Outpost
// backend terminated twice, 5 s apart: what a failover or a connection killer does), sink503 (the sink
// answers 503 for a while), provider429 (every provider answers 429 with Retry-After for a while).
// Loopback only; bounded (--timeout); stops everything it started; prints one table row per scenario.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { sandboxClient, type SandboxClient } from '@/lib/sandbox/client';
import { startSandbox, type RunningSandbox } from '@/lib/sandbox/server';
import { sandboxProviderBases, sandboxSlackWebhookUrl, sandboxDiscordWebhookUrl, sandboxWordPressSiteUrl } from '@/lib/sandbox/urls';
import { buildIsStale, nextBin } from './lib/build-state.mjs';
import { ensureDatabase, withDatabase } from './lib/database.mjs';
import { freePort } from './lib/ports.mjs';
import { chaosPostgres, type ChaosPostgres } from './chaos/postgres';
import { createSupervisor, spawnPrefixed, type Service } from './lib/supervisor.mjs';
import { startSink, type Arrival, type Sink } from './chaos/sink';
import { markdownTable } from './lib/bench-report';

const root = path.resolve(import.meta.dirname, '..');
const SCENARIOS = ['baseline', 'kill', 'restart', 'outage', 'failover', 'sink503', 'provider429'] as const;
const DATABASE_FAULTS: readonly string[] = ['restart', 'outage', 'failover'];
type ScenarioName = (typeof SCENARIOS)[number];

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '2000' },
    scenarios: { type: 'string', default: SCENARIOS.join(',') },
    'fault-seconds': { type: 'string', default: '10' },
    'outage-seconds': { type: 'string', default: '30' },
    /** Share of the tasks that go to the sandbox providers (the rest to the local sink). */
    'provider-share': { type: 'string', default: '0.15' },
    /** Per scenario: what is not delivered by then counts as lost. */
    'scenario-timeout': { type: 'string', default: '420' },
    timeout: { type: 'string', default: '3600' },
    'allow-cluster-restart': { type: 'boolean', default: false },
  },
});
const N = Number(args.tasks);
const FAULT_MS = Number(args['fault-seconds']) * 1000;
const PROVIDER_SHARE = Number(args['provider-share']);
const SCENARIO_TIMEOUT_MS = Number(args['scenario-timeout']) * 1000;
const OUTAGE_MS = Number(args['outage-seconds']) * 1000;
const chosen = args.scenarios.split(',').map((s) => (s.trim() === 'postgres' ? 'restart' : s.trim())) as ScenarioName[];
for (const name of chosen) if (!SCENARIOS.includes(name)) throw new Error(`chaos: unknown scenario "${name}" (one of ${SCENARIOS.join(', ')})`);
if (!Number.isInteger(N) || N < 10) throw new Error('chaos: --tasks must be an integer ≥ 10');

const CHAOS_APP_NAME = 'outpost-chaos';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Date.now();
const log = (line: string) => console.log(`[chaos] ${line}`);
const logDir = path.join(tmpdir(), `outpost-chaos-${process.pid}`);

// ---------------------------------------------------------------------------------------------
// Processes

const children = new Set<ChildProcess>();
const logStream = (name: string) => {
  mkdirSync(logDir, { recursive: true });
  return createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
};

function startNode(name: string, argv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const out = logStream(name);
  const child = spawnPrefixed(name, argv, { cwd: root, env, out, err: out });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

// The worker runs as under `npm start`: supervised, so one that dies is started again.
const supervisorLog = logStream('supervisor');
const supervisor = createSupervisor({
  log: (line: string) => {
    supervisorLog.write(`${new Date().toISOString()} ${line}\n`);
    // How a worker died is part of the result.
    if (!line.includes(' started (pid ')) log(line.replace(/^\[outpost\] /, ''));
  },
});

function stopChild(child: ChildProcess, graceMs = 30_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => (clearTimeout(timer), resolve()));
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------------------------
// The world: Postgres, sink, sandbox, web app, worker

type World = {
  pg: ChaosPostgres;
  databaseUrl: string;
  sql: postgres.Sql;
  sink: Sink;
  sandbox: RunningSandbox;
  control: SandboxClient;
  appUrl: string;
  env: NodeJS.ProcessEnv;
  worker: Service;
  apiKey: string;
  connections: Record<'slack' | 'discord' | 'x' | 'wordpress', string[]>;
};

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number): Promise<void> {
  const end = now() + timeoutMs;
  while (now() < end) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`chaos: timed out waiting for ${what} (logs in ${logDir})`);
}

function startWorker(env: NodeJS.ProcessEnv): Service {
  return supervisor.add('worker', () => startNode('worker', ['--import', 'tsx', path.join(root, 'jobs/worker.ts')], env), { restart: true });
}

/** The parts of the API's answers the run reads. */
type ApiBody = { id?: string; data?: { id: string }[] } | null;

async function api(world: World, method: string, pathname: string, body?: unknown): Promise<{ status: number; body: ApiBody }> {
  const res = await fetch(`${world.appUrl}/api/v1${pathname}`, {
    method,
    headers: { authorization: `Bearer ${world.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: ApiBody = null;
  try {
    parsed = JSON.parse(text) as ApiBody;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}

async function connection(world: World, kind: string, secret: unknown): Promise<string> {
  const res = await api(world, 'POST', '/connections', { kind, label: `chaos ${kind} ${randomUUID().slice(0, 6)}`, secret });
  if (res.status !== 201) throw new Error(`chaos: POST /connections (${kind}) → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body!.id!;
}

async function startWorld(): Promise<World> {
  const pg = await chaosPostgres(root, { allowClusterRestart: args['allow-cluster-restart'], log });
  const name = `outpost_chaos_${Date.now()}`;
  await ensureDatabase(pg.adminUrl, name);
  const databaseUrl = withDatabase(pg.adminUrl, name);
  const { runMigrations } = await import('@/lib/db/migrate');
  const { installQueueSchema } = await import('@/lib/queue/boss');
  await runMigrations(databaseUrl);
  await installQueueSchema(databaseUrl);

  if (buildIsStale('.next')) {
    log('building the web app (sources changed)…');
    const built = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', OUTPOST_DIST_DIR: '.next' } });
    if (built.status !== 0) throw new Error('chaos: next build failed');
  }

  const sink = await startSink();
  const sandbox = await startSandbox({ port: 0 });
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const bases = sandboxProviderBases(sandbox.url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...bases,
    DATABASE_URL: databaseUrl,
    OUTPOST_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    AUTH_URL: appUrl,
    AUTH_TRUST_HOST: 'true',
    OUTPOST_SANDBOX_URL: sandbox.url,
    OUTPOST_ALLOWED_TARGETS: `${bases.OUTPOST_ALLOWED_TARGETS},127.0.0.1:${sink.port}`,
    // One account sends everything, far above the per-account API limit.
    OUTPOST_API_RATE_LIMIT: '0',
  };
  startNode('web', [nextBin, 'start', '-p', String(appPort), '-H', '127.0.0.1'], { ...env, NODE_ENV: 'production', OUTPOST_DIST_DIR: '.next', PORT: String(appPort) });
  const world = { env } as World;
  Object.assign(world, { pg, databaseUrl, sink, sandbox, control: sandboxClient(sandbox.url, sandbox.token), appUrl });
  world.worker = startWorker(env);
  // Named, so the failover scenario spares the run's own connections.
  // Reconnects within a quarter second, so the run's own clock is not the driver's backoff.
  world.sql = postgres(databaseUrl, { max: 4, onnotice: () => {}, backoff: () => 0.25, connect_timeout: 5, connection: { application_name: CHAOS_APP_NAME } });
  await until(async () => (await fetch(`${appUrl}/api/health`)).status === 200, 'the web app and worker to be healthy', 180_000);

  // The run writes its user and API key itself, on the same database.
  Object.assign(process.env, { DATABASE_URL: databaseUrl, OUTPOST_ENCRYPTION_KEY: env.OUTPOST_ENCRYPTION_KEY, AUTH_SECRET: env.AUTH_SECRET });
  const { ensureUser } = await import('@/lib/auth/users');
  const { createApiKey } = await import('@/lib/auth/api-keys');
  const user = await ensureUser(`chaos-${Date.now()}@example.test`);
  world.apiKey = (await createApiKey(user.id, 'chaos')).key;

  // Enough connections that the providers' own per-connection limits do not make the run crawl:
  // each gets ≤ 5 tasks a scenario (X refills 200 per 15 min per account, Slack 1/s per webhook).
  const providerTasks = Math.max(1, Math.round((N * PROVIDER_SHARE) / 5));
  const count = Math.max(1, Math.ceil(providerTasks / 5));
  const seq = Array.from({ length: count }, (_, i) => i);
  world.connections = {
    slack: await Promise.all(
      seq.map((i) => connection(world, 'slack-webhook', { webhookUrl: sandboxSlackWebhookUrl(sandbox.url, { team: 'T0CHAOS', bot: `B0CHAOS${i}`, secret: `chaossecret${String(i).padStart(12, '0')}` }) })),
    ),
    discord: await Promise.all(seq.map((i) => connection(world, 'discord-webhook', { webhookUrl: sandboxDiscordWebhookUrl(sandbox.url, { id: String(1234567890123456000n + BigInt(i)), token: `chaos-token-${i}` }) }))),
    x: await Promise.all(
      seq.map(async (i) => {
        const issued = await world.control.issueXTokens({ username: `chaos_${i}_${randomUUID().slice(0, 6)}` });
        return connection(world, 'twitter-thread', { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt });
      }),
    ),
    wordpress: await Promise.all(
      seq.map(async (i) => {
        const wp = await world.control.createWordPressUser({ username: `chaos${i}${randomUUID().slice(0, 6)}`, role: 'author' });
        return connection(world, 'wordpress-post', { siteUrl: sandboxWordPressSiteUrl(sandbox.url), username: wp.username, applicationPassword: wp.applicationPassword });
      }),
    ),
  };
  return world;
}

async function stopWorld(world: World | undefined): Promise<void> {
  await supervisor.stop(30_000);
  await Promise.all([...children].map((c) => stopChild(c)));
  if (!world) return;
  await world.sql?.end({ timeout: 5 }).catch(() => {});
  const { closeDb } = await import('@/lib/db/client');
  await closeDb().catch(() => {});
  await world.sandbox?.close().catch(() => {});
  await world.sink?.close().catch(() => {});
  await world.pg?.stop().catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// Tasks and what arrived

type Target = 'sink' | 'http' | 'slack' | 'discord' | 'x' | 'wordpress';
type Planned = { key: string; target: Target; body: Record<string, unknown> };

function plan(world: World, tag: string): Planned[] {
  const providers: Exclude<Target, 'sink'>[] = ['http', 'slack', 'discord', 'x', 'wordpress'];
  const perProvider = Math.round((N * PROVIDER_SHARE) / providers.length);
  const targets: Target[] = [...providers.flatMap((p) => Array<Target>(perProvider).fill(p)), ...Array<Target>(N - perProvider * providers.length).fill('sink')];
  // Interleaved, so every kind is in flight when the fault hits.
  const order = targets.map((t, i) => ({ t, r: (i * 7919) % targets.length })).sort((a, b) => a.r - b.r).map((x) => x.t);
  const used: Record<string, number> = {};
  const pick = (kind: keyof World['connections']) => {
    const list = world.connections[kind];
    used[kind] = (used[kind] ?? 0) + 1;
    return list[used[kind]! % list.length]!;
  };
  return order.map((target, i) => {
    const key = `${tag}-${i}-${randomUUID().slice(0, 8)}`;
    const json = { template: '{"k": {{ input.k | json }}}', input: { k: key } };
    switch (target) {
      case 'sink':
        return { key, target, body: { kind: 'http-post', config: { url: `http://127.0.0.1:${world.sink.port}/sink` }, ...json } };
      case 'http':
        return { key, target, body: { kind: 'http-post', config: { url: `${world.sandbox.url}/http/chaos-${tag}` }, ...json } };
      case 'slack':
        return { key, target, body: { kind: 'slack-webhook', connectionId: pick('slack'), input: { k: key }, template: '{{ input.k }}' } };
      case 'discord':
        return { key, target, body: { kind: 'discord-webhook', connectionId: pick('discord'), input: { k: key }, template: '{{ input.k }}' } };
      case 'x':
        return { key, target, body: { kind: 'twitter-thread', connectionId: pick('x'), input: { k: key }, template: '{{ input.k }}' } };
      case 'wordpress':
        return { key, target, body: { kind: 'wordpress-post', connectionId: pick('wordpress'), input: { k: key }, template: 'Body of {{ input.k }}', config: { title: '{{ input.k }}' } } };
    }
  });
}

/** Every arrival per task key, at the sink and in the sandbox's stores. */
async function arrivals(world: World, tag: string): Promise<Map<string, Arrival[]>> {
  const found = new Map<string, Arrival[]>();
  const add = (key: string | undefined, arrival: Arrival) => {
    if (!key?.startsWith(`${tag}-`)) return;
    found.set(key, [...(found.get(key) ?? []), arrival]);
  };
  for (const [key, list] of world.sink.arrivals) for (const a of list) add(key, a);
  const state = await world.control.state();
  for (const m of state.slack.messages) add(m.text, { at: Date.parse(m.at), webhookId: undefined });
  for (const m of state.discord.messages) add(m.content, { at: Date.parse(m.at), webhookId: undefined });
  for (const t of state.x.tweets) add(t.text, { at: Date.parse(t.createdAt), webhookId: undefined });
  for (const p of state.wordpress.posts) add(p.title, { at: Date.parse(p.createdAt), webhookId: undefined });
  const received = await world.control.requests({ target: 'http', path: `/http/chaos-${tag}` });
  for (const r of received) {
    if (r.status === null || r.status >= 300) continue;
    const header = r.headers['webhook-id'];
    add((r.body as { k?: string } | null)?.k, { at: Date.parse(r.at), webhookId: header });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// One scenario

type Row = {
  scenario: string;
  tasks: number;
  delivered: number;
  lost: number;
  failed: number;
  duplicates: number;
  dupSameId: string;
  attempts: number;
  extraAttempts: number;
  answered429: number;
  on429: number;
  interrupted: number;
  inFlight: number;
  recoverS: number | null;
  drainS: number | null;
  drainRatio: number | null;
  healthBackS: number | null;
  heartbeatBackS: number | null;
  workerRestarts: number;
  note: string;
};

type Fault = { start(): Promise<void>; end(): Promise<void>; note: string };

/** Terminates every backend of the run's database but the run's own: a failover as a client sees it. */
async function terminateOutpostBackends(world: World): Promise<number> {
  const [row] = await world.sql<{ n: number }[]>`
    select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and application_name <> ${CHAOS_APP_NAME}`;
  return row!.n;
}

function faultFor(name: ScenarioName, world: World): Fault | string {
  switch (name) {
    case 'baseline':
      return { note: 'no fault (the drain time the others are compared with)', start: async () => {}, end: async () => {} };
    case 'kill':
      return {
        note: 'worker SIGKILLed; the supervisor starts another',
        start: async () => {
          const victim = world.worker.child!;
          victim.kill('SIGKILL');
          await until(() => world.worker.child !== victim && world.worker.child?.pid !== undefined, 'a new worker', 60_000);
        },
        end: async () => {},
      };
    case 'restart':
      if (!world.pg.restart) return world.pg.whyNoRestart ?? 'Postgres cannot be restarted';
      return { note: `fast restart: ${world.pg.how}`, start: () => world.pg.restart!(), end: async () => {} };
    case 'outage':
      if (!world.pg.outage) return world.pg.whyNoRestart ?? 'Postgres cannot be stopped';
      return { note: `Postgres stopped for ${OUTAGE_MS / 1000} s, then started`, start: () => world.pg.outage!(OUTAGE_MS), end: async () => {} };
    case 'failover': {
      const killed: number[] = [];
      return {
        get note() {
          return `every Outpost backend terminated twice, 5 s apart (${killed.join(' + ')} backends)`;
        },
        start: async () => {
          killed.push(await terminateOutpostBackends(world));
          await sleep(5000);
          killed.push(await terminateOutpostBackends(world));
        },
        end: async () => {},
      };
    }
    case 'sink503':
      return {
        note: `sink answers 503 for ${FAULT_MS / 1000} s`,
        start: async () => {
          world.sink.failing = true;
          await sleep(FAULT_MS);
        },
        end: async () => {
          world.sink.failing = false;
        },
      };
    case 'provider429':
      return {
        note: `every sandbox provider answers 429, Retry-After ${FAULT_MS / 1000} s, for ${FAULT_MS / 1000} s`,
        start: async () => {
          for (const target of ['slack', 'discord', 'x', 'wordpress', 'http'] as const) {
            await world.control.fault({ target, type: 'rate_limit', retryAfterSeconds: FAULT_MS / 1000, times: 'always' });
          }
          await sleep(FAULT_MS);
        },
        end: async () => {
          await world.control.clearFaults();
        },
      };
  }
}

/** Polls the worker heartbeats every 250 ms: when a worker first wrote one after `since` (ms epoch). */
function watchHeartbeat(world: World, since: number) {
  let stop = false;
  let seenAt: number | null = null;
  const done = (async () => {
    while (!stop && seenAt === null) {
      try {
        const [row] = await world.sql<{ fresh: boolean }[]>`
          select exists(select 1 from worker_heartbeats where stopped_at is null and last_seen_at > to_timestamp(${since / 1000})) as fresh`;
        if (row!.fresh) seenAt = now();
      } catch {
        // the database is not back yet
      }
      await sleep(250);
    }
  })();
  return {
    async stop() {
      stop = true;
      await done;
      return seenAt;
    },
  };
}

/** Polls /api/health every 250 ms: when it first failed, and when it answered 200 again after. */
function watchHealth(appUrl: string) {
  const samples: { at: number; ok: boolean }[] = [];
  let stop = false;
  const done = (async () => {
    while (!stop) {
      let ok = false;
      try {
        ok = (await fetch(`${appUrl}/api/health`, { signal: AbortSignal.timeout(5000) })).status === 200;
      } catch {
        ok = false;
      }
      samples.push({ at: now(), ok });
      await sleep(250);
    }
  })();
  return {
    async stop() {
      stop = true;
      await done;
      return samples;
    },
  };
}

async function runScenario(world: World, name: ScenarioName): Promise<Row> {
  const tag = `${name}${Date.now().toString(36)}`;
  const fault = faultFor(name, world);
  const blank: Row = { scenario: name, tasks: 0, delivered: 0, lost: 0, failed: 0, duplicates: 0, dupSameId: '—', attempts: 0, extraAttempts: 0, answered429: 0, on429: 0, interrupted: 0, inFlight: 0, recoverS: null, drainS: null, drainRatio: null, healthBackS: null, heartbeatBackS: null, workerRestarts: 0, note: '' };
  if (typeof fault === 'string') return { ...blank, note: `skipped: ${fault}` };
  await world.control.clearRequests();
  const planned = plan(world, tag);
  const deadline = now() + SCENARIO_TIMEOUT_MS;

  // All tasks in flight first (batches of 500), then the fault once a quarter has arrived.
  const ids: string[] = [];
  for (let i = 0; i < planned.length; i += 500) {
    const res = await api(world, 'POST', '/tasks/batch', { tasks: planned.slice(i, i + 500).map((p) => p.body) });
    if (res.status !== 201) throw new Error(`chaos: POST /tasks/batch → ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    ids.push(...res.body!.data!.map((t) => t.id));
  }
  const sinkKeys = planned.filter((p) => p.target === 'sink').map((p) => p.key);
  const arrivedAtSink = () => sinkKeys.filter((k) => world.sink.arrivals.has(k)).length;
  await until(() => arrivedAtSink() >= sinkKeys.length / 4, `a quarter of the ${name} deliveries`, 300_000);

  const [flying] = await world.sql<{ n: number }[]>`select count(*)::int as n from output_tasks where id = any(${ids}::uuid[]) and status = 'running'`;
  const health = watchHealth(world.appUrl);
  const restartsBefore = world.worker.restarts;
  const faultStart = now();
  log(`${name}: ${fault.note} (${arrivedAtSink()} of ${sinkKeys.length} at the sink so far)`);
  await fault.start();
  await fault.end();
  const faultEnd = now();
  const heartbeatBack = watchHeartbeat(world, faultEnd);

  // Settled: every task terminal in the database (or the scenario's time is up).
  const terminal = async () => {
    const [row] = await world.sql<{ open: number }[]>`
      select count(*)::int as open from output_tasks where id = any(${ids}::uuid[]) and status not in ('succeeded', 'failed', 'cancelled', 'skipped')`;
    return row!.open === 0;
  };
  let unfinished = '';
  try {
    await until(terminal, `${name}: every task to finish`, Math.max(1000, deadline - now()));
  } catch {
    // Where the stragglers are stuck, for the report: task statuses and their jobs' states.
    const tasks = await world.sql<{ status: string; n: number }[]>`
      select status, count(*)::int as n from output_tasks where id = any(${ids}::uuid[]) group by status order by status`;
    const jobs = await world.sql<{ state: string; n: number }[]>`
      select j.state, count(*)::int as n from pgboss.job j join output_tasks t on t.job_id = j.id
      where t.id = any(${ids}::uuid[]) and t.status not in ('succeeded', 'failed', 'cancelled', 'skipped') group by j.state order by j.state`;
    unfinished = `NOT all tasks finished in time: tasks ${tasks.map((r) => `${r.status} ${r.n}`).join(', ')}; their jobs ${jobs.map((r) => `${r.state} ${r.n}`).join(', ') || 'none'}`;
  }
  await sleep(1000);
  const samples = await health.stop();
  const heartbeatAt = await heartbeatBack.stop();

  const got = await arrivals(world, tag);
  // Attempts spent on a 429: what a task that met one counts beyond its attempts that were not 429s.
  const [stats] = await world.sql<{ attempts: number; failed: number; limited: number; interrupted: number; on429: number }[]>`
    select coalesce(sum(attempts), 0)::int as attempts,
           count(*) filter (where status = 'failed')::int as failed,
           (select count(*)::int from task_attempts where task_id = any(${ids}::uuid[]) and outcome = 'rate_limited') as limited,
           (select count(*)::int from task_attempts where task_id = any(${ids}::uuid[]) and error_class = 'interrupted') as interrupted,
           (select coalesce(sum(t.attempts - (select count(*) from task_attempts a where a.task_id = t.id and a.outcome is distinct from 'rate_limited')), 0)::int
              from output_tasks t where t.id = any(${ids}::uuid[])
              and exists (select 1 from task_attempts a where a.task_id = t.id and a.outcome = 'rate_limited')) as on429
    from output_tasks where id = any(${ids}::uuid[])`;
  let delivered = 0;
  let duplicates = 0;
  let dupKeys = 0;
  let dupSame = 0;
  let dupWithId = 0;
  const dupByTarget: Record<string, number> = {};
  for (const p of planned) {
    const list = got.get(p.key) ?? [];
    if (list.length > 0) delivered++;
    if (list.length > 1) {
      duplicates += list.length - 1;
      dupKeys++;
      dupByTarget[p.target] = (dupByTarget[p.target] ?? 0) + list.length - 1;
      if (list.every((a) => a.webhookId)) {
        dupWithId++;
        if (new Set(list.map((a) => a.webhookId)).size === 1) dupSame++;
      }
    }
  }
  const after = [...got.values()].flat().map((a) => a.at).filter((at) => at > faultEnd);
  const lastArrival = Math.max(...[...got.values()].flat().map((a) => a.at));
  // From the fault's end to the first 200 after the last failure (a failover's can end between its two kills).
  const lastBad = samples.findLast((s) => s.at >= faultStart && !s.ok);
  const backAt = lastBad ? samples.find((s) => s.at > lastBad.at && s.ok)?.at : undefined;
  return {
    scenario: name,
    tasks: planned.length,
    delivered,
    lost: planned.length - delivered,
    failed: stats!.failed,
    duplicates,
    dupSameId: dupKeys === 0 ? '—' : `${dupSame} of ${dupWithId}${dupKeys > dupWithId ? ` (+${dupKeys - dupWithId} without one)` : ''}`,
    attempts: stats!.attempts,
    extraAttempts: stats!.attempts - planned.length,
    answered429: stats!.limited,
    on429: stats!.on429,
    interrupted: stats!.interrupted,
    inFlight: flying!.n,
    recoverS: after.length ? (Math.min(...after) - faultEnd) / 1000 : null,
    drainS: Number.isFinite(lastArrival) ? (lastArrival - faultEnd) / 1000 : null,
    drainRatio: null,
    healthBackS: lastBad ? (backAt ? Math.max(0, backAt - faultEnd) / 1000 : null) : 0,
    heartbeatBackS: heartbeatAt === null ? null : (heartbeatAt - faultEnd) / 1000,
    workerRestarts: world.worker.restarts - restartsBefore,
    note: [
      fault.note,
      duplicates ? `duplicates by target: ${Object.entries(dupByTarget).map(([t, n]) => `${t} ${n}`).join(', ')}` : '',
      unfinished,
    ].filter(Boolean).join('; '),
  };
}

// ---------------------------------------------------------------------------------------------

function printTable(rows: Row[]): void {
  const f = (n: number | null) => (n === null ? '—' : n.toFixed(1));
  const baseline = rows.find((r) => r.scenario === 'baseline' && r.drainS !== null)?.drainS ?? null;
  for (const r of rows) r.drainRatio = baseline && r.drainS !== null ? r.drainS / baseline : null;
  const header = ['scenario', 'tasks', 'delivered', 'lost', 'failed', 'in flight', 'duplicates', 'dup same webhook-id', 'attempts (extra)', 'interrupted', '429s answered', 'attempts on 429', 'heartbeat back s', 'health back s', 'first delivery s', 'drain s', 'drain ÷ baseline', 'worker restarts'];
  const lines = rows.map((r) => [
    r.scenario,
    String(r.tasks),
    String(r.delivered),
    String(r.lost),
    String(r.failed),
    String(r.inFlight),
    String(r.duplicates),
    r.dupSameId,
    `${r.attempts} (+${r.extraAttempts})`,
    String(r.interrupted),
    String(r.answered429),
    String(r.on429),
    f(r.heartbeatBackS),
    f(r.healthBackS),
    f(r.recoverS),
    f(r.drainS),
    r.drainRatio === null ? '—' : r.drainRatio.toFixed(2),
    String(r.workerRestarts),
  ]);
  console.log(`\nOutpost chaos: ${N} tasks per scenario (${Math.round(PROVIDER_SHARE * 100)}% to the sandbox providers, the rest to a local sink), fault ${FAULT_MS / 1000} s, outage ${OUTAGE_MS / 1000} s\n`);
  console.log(markdownTable(header, lines));
  console.log('\nEvery "s" column counts from the fault ending (kill: new worker started; restart/outage: Postgres accepting connections again; failover: the second termination).');
  console.log('in flight: tasks running when the fault began; heartbeat back s: to the first worker heartbeat written after it; health back s: to /api/health answering 200 again (0: never down);');
  console.log('first delivery s: to the first delivery after it; drain s: to the last delivery; drain ÷ baseline: that against the no-fault run (which drains the same three quarters);');
  console.log('interrupted: attempts closed because the worker (or its job claim) died mid-attempt; attempts on 429: attempts a 429 cost (target 0);');
  console.log('worker restarts: by the supervisor, as under `npm start` (its log says why).');
  for (const r of rows) console.log(`  ${r.scenario}: ${r.note}`);
  const lost = rows.reduce((s, r) => s + r.lost, 0);
  const limitedExtra = rows.find((r) => r.scenario === 'provider429')?.on429;
  const database = rows.filter((r) => DATABASE_FAULTS.includes(r.scenario) && r.tasks > 0);
  const targets = [`0 lost → ${lost === 0 ? 'met' : `NOT met (${lost})`}`];
  if (limitedExtra !== undefined) targets.push(`no attempt spent on a 429 → ${limitedExtra === 0 ? 'met' : `NOT met (+${limitedExtra})`}`);
  for (const r of database) {
    const misses = [
      r.heartbeatBackS === null || r.heartbeatBackS > 5 ? `heartbeat ${f(r.heartbeatBackS)} s > 5` : '',
      r.healthBackS === null || r.healthBackS > 10 ? `health ${f(r.healthBackS)} s > 10` : '',
      r.drainRatio !== null && r.drainRatio > 1.5 ? `drain ${r.drainRatio.toFixed(2)}× > 1.5` : '',
      r.duplicates > r.inFlight ? `duplicates ${r.duplicates} > in flight ${r.inFlight}` : '',
    ].filter(Boolean);
    targets.push(`${r.scenario}: heartbeat ≤ 5 s, health ≤ 10 s, drain ≤ 1.5× baseline, duplicates ≤ in flight → ${misses.length ? `NOT met (${misses.join(', ')})` : 'met'}`);
  }
  console.log(`\nTargets: ${targets.join('; ')}`);
}

let world: World | undefined;
const rows: Row[] = [];
const hardStop = setTimeout(() => {
  console.error(`[chaos] --timeout ${args.timeout} s reached; stopping`);
  if (rows.length) printTable(rows);
  void stopWorld(world).finally(() => process.exit(2));
}, Number(args.timeout) * 1000);
hardStop.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopWorld(world).finally(() => process.exit(130)));

try {
  log(`logs in ${logDir}`);
  world = await startWorld();
  log(`ready: web ${world.appUrl}, sink :${world.sink.port}, sandbox ${world.sandbox.url}, Postgres: ${world.pg.how}`);
  for (const name of chosen) {
    rows.push(await runScenario(world, name));
    log(`${name}: ${JSON.stringify(rows.at(-1))}`);
  }
  printTable(rows);
  await stopWorld(world);
  const lost = rows.some((r) => r.lost > 0);
  // Kept when something was lost, to see why.
  if (lost) log(`logs kept in ${logDir}`);
  else rmSync(logDir, { recursive: true, force: true });
  process.exit(lost ? 1 : 0);
} catch (error) {
  console.error(`[chaos] ${error instanceof Error ? error.message : String(error)}`);
  await stopWorld(world);
  process.exit(1);
}
