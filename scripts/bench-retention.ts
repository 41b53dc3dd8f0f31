// `npm run bench:retention [-- --rows 1000000]`: create and list latencies with an empty task table
// and with ROWS old finished tasks (one generate_series insert, each with an attempt), then the
// retention job purging them while deliveries keep flowing (their latency measured meanwhile).
// Loopback only; starts a worker and a local sink, uses its own database, exits by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dropDatabase, ensureDatabase, withDatabase } from './lib/database.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, samples: { type: 'string', default: '200' } } });
const ROWS = Number(args.rows);
const SAMPLES = Number(args.samples);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

async function main() {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('bench:retention: DATABASE_URL is not set (run through `npm run bench:retention`)');
  const name = `outpost_bench_retention_${Date.now()}`;
  await ensureDatabase(adminUrl, name);
  let worker: ChildProcess | undefined;
  const url = withDatabase(adminUrl, name);
  try {
    const { runMigrations } = await import('@/lib/db/migrate');
    const { installQueueSchema } = await import('@/lib/queue/boss');
    await runMigrations(url);
    await installQueueSchema(url);

    const arrivals = new Map<string, number>();
    const sink = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        try {
          arrivals.set((JSON.parse(body) as { k: string }).k, now());
        } catch {
          // not ours
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"sink"}');
      });
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const sinkPort = (sink.address() as net.AddressInfo).port;

    const env = {
      ...process.env,
      DATABASE_URL: url,
      OUTPOST_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      OUTPOST_ALLOWED_TARGETS: `127.0.0.1:${sinkPort}`,
      OUTPOST_SANDBOX: 'false',
    };
    Object.assign(process.env, env);
    worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'jobs/worker.ts')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });

    const { ensureUser } = await import('@/lib/auth/users');
    const { createTask } = await import('@/lib/tasks/create');
    const { listTasks } = await import('@/lib/tasks/queries');
    const { purgeFinishedTasks } = await import('@/lib/tasks/retention');
    const { rawSql, closeDb } = await import('@/lib/db/client');
    const sql = rawSql();
    const user = await ensureUser(`bench-retention-${Date.now()}@example.test`);
    const body = (k: string) => ({ kind: 'http-post', config: { url: `http://127.0.0.1:${sinkPort}/sink` }, input: { k }, template: '{"k": {{ input.k | json }}}' });

    /** Create (one by one), then list: latencies of each, and create → arrival of the deliveries. */
    async function measure(tag: string) {
      const create: number[] = [];
      const sent = new Map<string, number>();
      for (let i = 0; i < SAMPLES; i++) {
        const k = `${tag}-${i}`;
        const t0 = now();
        await createTask(user.id, body(k));
        create.push(now() - t0);
        sent.set(k, t0);
      }
      const list: number[] = [];
      const listQueued: number[] = [];
      for (let i = 0; i < SAMPLES / 2; i++) {
        let t0 = now();
        await listTasks(user.id, { limit: 20 } as never);
        list.push(now() - t0);
        t0 = now();
        await listTasks(user.id, { limit: 20, status: 'queued' } as never);
        listQueued.push(now() - t0);
      }
      const deadline = Date.now() + 120_000;
      while ([...sent.keys()].some((k) => !arrivals.has(k)) && Date.now() < deadline) await sleep(50);
      const delivery = [...sent].map(([k, t]) => (arrivals.get(k) ?? NaN) - t);
      return { create, list, listQueued, delivery };
    }

    // Warm-up (JIT, pools, the worker's first renders), not measured.
    const warm = Array.from({ length: 50 }, (_, i) => `warm-${i}`);
    for (const k of warm) await createTask(user.id, body(k));
    while (!warm.every((k) => arrivals.has(k))) await sleep(50);

    const empty = await measure('empty');

    console.log(`[bench:retention] inserting ${ROWS.toLocaleString()} old finished tasks and their attempts…`);
    let t0 = now();
    await sql`
      insert into output_tasks (user_id, kind, input, status, attempts, created_at, updated_at, finished_at)
      select ${user.id}, 'http-post', jsonb_build_object('n', g), 'succeeded', 1,
             now() - interval '60 days' - g * interval '1 second', now() - interval '60 days' - g * interval '1 second',
             now() - interval '60 days' - g * interval '1 second'
      from generate_series(1, ${ROWS}) as g`;
    await sql`
      insert into task_attempts (task_id, number, started_at, finished_at, outcome, http_status)
      select id, 1, finished_at, finished_at, 'succeeded', 200 from output_tasks where user_id = ${user.id} and finished_at < now() - interval '59 days'`;
    // As a table in steady state would be: vacuumed, and no autovacuum or checkpoint of the bulk
    // insert running under the measurement.
    await sql`vacuum (analyze) output_tasks`;
    await sql`vacuum (analyze) task_attempts`;
    await sql`checkpoint`.catch(() => {});
    const insertSeconds = (now() - t0) / 1000;
    const full = await measure('full');

    // The purge, with a steady stream of deliveries (20 tasks/s) whose latency is measured meanwhile.
    const during: number[] = [];
    const sentDuring = new Map<string, number>();
    let purging = true;
    const stream = (async () => {
      for (let i = 0; purging; i++) {
        const k = `during-${i}`;
        sentDuring.set(k, now());
        await createTask(user.id, body(k));
        await sleep(50);
      }
    })();
    t0 = now();
    const report = await purgeFinishedTasks({ budgetMs: 60 * 60_000 });
    const purgeSeconds = (now() - t0) / 1000;
    purging = false;
    await stream;
    const deadline = Date.now() + 120_000;
    while ([...sentDuring.keys()].some((k) => !arrivals.has(k)) && Date.now() < deadline) await sleep(50);
    for (const [k, t] of sentDuring) during.push((arrivals.get(k) ?? NaN) - t);
    const [{ left }] = (await sql`select count(*)::int as left from output_tasks where user_id = ${user.id} and finished_at < now() - interval '59 days'`) as unknown as [{ left: number }];
    const [{ attemptsLeft }] = (await sql`select count(*)::int as "attemptsLeft" from task_attempts a where not exists (select 1 from output_tasks t where t.id = a.task_id)`) as unknown as [{ attemptsLeft: number }];

    const fmt = (n: number) => (Number.isNaN(n) ? '—' : n.toFixed(1));
    const rows: string[][] = [
      ['create (createTask)', fmt(pct(empty.create, 50)), fmt(pct(empty.create, 95)), fmt(pct(full.create, 50)), fmt(pct(full.create, 95)), (pct(full.create, 50) / pct(empty.create, 50)).toFixed(2)],
      ['list newest 20', fmt(pct(empty.list, 50)), fmt(pct(empty.list, 95)), fmt(pct(full.list, 50)), fmt(pct(full.list, 95)), (pct(full.list, 50) / pct(empty.list, 50)).toFixed(2)],
      ['list ?status=queued', fmt(pct(empty.listQueued, 50)), fmt(pct(empty.listQueued, 95)), fmt(pct(full.listQueued, 50)), fmt(pct(full.listQueued, 95)), (pct(full.listQueued, 50) / pct(empty.listQueued, 50)).toFixed(2)],
      ['create → delivered', fmt(pct(empty.delivery, 50)), fmt(pct(empty.delivery, 95)), fmt(pct(full.delivery, 50)), fmt(pct(full.delivery, 95)), (pct(full.delivery, 50) / pct(empty.delivery, 50)).toFixed(2)],
    ];
    const header = ['ms', 'empty p50', 'empty p95', `${ROWS.toLocaleString()} old p50`, `${ROWS.toLocaleString()} old p95`, 'p50 ratio'];
    const table = (h: string[], body: string[][]) => {
      const widths = h.map((c, i) => Math.max(c.length, ...body.map((r) => r[i]!.length)));
      const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
      console.log(line(h));
      console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
      for (const r of body) console.log(line(r));
    };
    console.log(`\nOutpost retention bench: ${ROWS.toLocaleString()} finished tasks 60+ days old (+ one attempt each), inserted in ${insertSeconds.toFixed(0)} s; ${SAMPLES} samples per figure, same user\n`);
    table(header, rows);
    console.log('');
    table(
      ['purge', 'deleted', 'batches', 'seconds', 'tasks/s', 'old tasks left', 'orphan attempts', 'deliveries meanwhile', 'their p50 ms', 'p95 ms', 'max ms'],
      [[
        'retention job (500/batch, 50 ms pause)',
        String(report.deleted),
        String(report.batches),
        purgeSeconds.toFixed(0),
        (report.deleted / purgeSeconds).toFixed(0),
        String(left),
        String(attemptsLeft),
        String(during.length),
        fmt(pct(during, 50)),
        fmt(pct(during, 95)),
        fmt(Math.max(...during)),
      ]],
    );
    console.log(`\nTarget: create and list p50 within 1.25× of the empty table; deliveries keep flowing during the purge.`);
    await closeDb();
    sink.close();
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker!.once('exit', r));
    }
    await dropDatabase(adminUrl, name).catch(() => {});
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
