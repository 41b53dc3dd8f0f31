import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveConnection } from '@/lib/credentials';
import { getBoss } from '@/lib/queue/boss';
import { nextBin } from '../../scripts/lib/build-state.mjs';
import { appUrl } from '../support/app';
import { freePort, startProcess, waitFor, type ManagedProcess } from '../support/processes';
import { create, httpTask, newClient, receiver, sandbox, waitForStatus, type Client } from '../engine/helpers';

// Each metric family of issue 21 moves when its event happens: tasks driven through the test's web
// and worker (global setup gives both OUTPOST_METRICS_TOKEN, and the worker a metrics port).
const token = () => process.env.OUTPOST_METRICS_TOKEN!;
const webMetricsUrl = () => `${appUrl()}/api/metrics`;
const workerMetricsUrl = () => `http://127.0.0.1:${process.env.OUTPOST_WORKER_METRICS_PORT}/metrics`;

type Samples = Map<string, number>;

/** Scrapes one endpoint into `name{label="value",…}` → value (labels sorted as exposed). */
async function scrape(url: string): Promise<Samples> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token()}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const samples: Samples = new Map();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const value = (samples: Samples, series: string) => samples.get(series) ?? 0;
/** The sum of every series of `name` whose labels include each of `labels`. */
function sum(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const [series, v] of samples) {
    if (series !== name && !series.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, val]) => series.includes(`${k}="${val}"`))) total += v;
  }
  return total;
}

let client: Client;
let userId: string;
beforeAll(async () => {
  ({ client, userId } = await newClient());
});
afterEach(() => sandbox().clearFaults());

describe('/api/metrics and the worker metrics port', () => {
  it('refuse a scrape without the token', async () => {
    expect((await fetch(webMetricsUrl())).status).toBe(401);
    expect((await fetch(webMetricsUrl(), { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    expect((await fetch(workerMetricsUrl())).status).toBe(401);
  });

  it('count created, finished and attempted tasks, their durations and queue waits', async () => {
    const [web0, worker0] = [await scrape(webMetricsUrl()), await scrape(workerMetricsUrl())];
    const retried = receiver();
    const refused = receiver();
    await sandbox().fault({ target: 'http', path: retried.path, type: 'server_error', status: 503, times: 1 });
    await sandbox().fault({ target: 'http', path: refused.path, type: 'status', status: 400, body: { error: 'bad' }, times: 'always' });
    const ok = await create(client, httpTask(retried.url));
    const bad = await create(client, httpTask(refused.url));
    expect((await waitForStatus(client, ok.id)).status).toBe('succeeded');
    expect((await waitForStatus(client, bad.id)).status).toBe('failed');
    const [web1, worker1] = [await scrape(webMetricsUrl()), await scrape(workerMetricsUrl())];
    const kind = { kind: 'http-post' };
    const moved = (samples0: Samples, samples1: Samples, name: string, labels: Record<string, string> = {}) => sum(samples1, name, labels) - sum(samples0, name, labels);

    expect(moved(web0, web1, 'outpost_tasks_created_total', kind)).toBe(2);
    expect(moved(worker0, worker1, 'outpost_tasks_finished_total', { ...kind, outcome: 'succeeded' })).toBe(1);
    expect(moved(worker0, worker1, 'outpost_tasks_finished_total', { ...kind, outcome: 'failed' })).toBe(1);
    expect(moved(worker0, worker1, 'outpost_delivery_attempts_total', { ...kind, outcome: 'retryable' })).toBe(1);
    expect(moved(worker0, worker1, 'outpost_delivery_attempts_total', { ...kind, outcome: 'succeeded', error_class: 'none' })).toBe(1);
    expect(moved(worker0, worker1, 'outpost_delivery_attempts_total', { ...kind, outcome: 'permanent' })).toBe(1);
    expect(moved(worker0, worker1, 'outpost_delivery_duration_seconds_count', kind)).toBe(3);
    expect(moved(worker0, worker1, 'outpost_delivery_queue_latency_seconds_count', kind)).toBe(3);
    // The retry waited its backoff (300 ms in tests) in the queue: the latency sum says so.
    expect(moved(worker0, worker1, 'outpost_delivery_queue_latency_seconds_sum', kind)).toBeGreaterThan(0);
  });

  it('count waits for an empty rate-limit bucket', async () => {
    const conn = await client.post('/connections', { kind: 'http-post', label: 'limited', secret: {}, rateLimit: { perSecond: 1 } });
    expect(conn.status).toBe(201);
    const before = await scrape(workerMetricsUrl());
    const target = receiver();
    const tasks = await Promise.all([1, 2, 3].map(() => create(client, httpTask(target.url, { connectionId: conn.body.id }))));
    for (const task of tasks) expect((await waitForStatus(client, task.id)).status).toBe('succeeded');
    const after = await scrape(workerMetricsUrl());
    expect(sum(after, 'outpost_rate_limit_waits_total', { kind: 'http-post' }) - sum(before, 'outpost_rate_limit_waits_total', { kind: 'http-post' })).toBeGreaterThanOrEqual(1);
  });

  it('shows a delivery in flight on the worker running it', async () => {
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'hang', ms: 3000, times: 1 });
    const task = await create(client, httpTask(target.url));
    await waitForStatus(client, task.id, ['running']);
    const during = await scrape(workerMetricsUrl());
    expect(sum(during, 'outpost_deliveries_in_flight')).toBeGreaterThanOrEqual(1);
    await waitForStatus(client, task.id);
  });

  it('counts token refreshes by outcome', async () => {
    // Refreshed wherever it happens first (the web checks a pasted connection, the worker delivers).
    const both = async () => [await scrape(webMetricsUrl()), await scrape(workerMetricsUrl())];
    const labels = { kind: 'twitter-thread', outcome: 'refreshed' };
    const refreshes = (samples: Samples[]) => samples.reduce((total, s) => total + sum(s, 'outpost_token_refreshes_total', labels), 0);
    const before = await both();
    // An X connection as the connect flow stores it, its access token already expired.
    const issued = await sandbox().issueXTokens({ username: `m_${randomUUID().slice(0, 8)}`, expired: true });
    const { connection } = await saveConnection(userId, {
      kind: 'twitter-thread',
      label: `X ${issued.user.username}`,
      externalAccountId: issued.user.id,
      secret: { accessToken: issued.accessToken, refreshToken: issued.refreshToken!, expiresAt: issued.expiresAt },
      hint: `@${issued.user.username}`,
      metadata: { username: issued.user.username, userId: issued.user.id },
      tokenExpiresAt: new Date(issued.expiresAt),
      oauthProvider: 'x',
    });
    const task = await create(client, { kind: 'twitter-thread', connectionId: connection.id, input: { text: 'Metrics say hello.' }, template: '{{ input.text }}' });
    expect((await waitForStatus(client, task.id)).status).toBe('succeeded');
    expect(refreshes(await both()) - refreshes(before)).toBe(1);
  });

  it('counts render threads ended for overrunning, and exposes the render queue', async () => {
    const before = await scrape(webMetricsUrl());
    // Sorting four million numbers never yields to the cooperative limits: the hard deadline ends the thread.
    const runaway = `{% assign a = (1..4000000)${' | reverse | sort'.repeat(4)} %}`;
    const res = await client.post('/preview', { kind: 'http-post', config: { url: receiver().url }, input: {}, template: runaway });
    expect(res.status).toBe(400);
    const after = await scrape(webMetricsUrl());
    expect(value(after, 'outpost_render_thread_terminations_total') - value(before, 'outpost_render_thread_terminations_total')).toBe(1);
    expect(after.has('outpost_render_queue_length')).toBe(true);
  });

  it('reports queue depth and the age of the oldest due job, from Postgres', async () => {
    // A queue no worker consumes: its job stays due.
    const queue = `metrics-probe-${randomUUID().slice(0, 8)}`;
    const boss = await getBoss('web');
    await boss.createQueue(queue);
    const series = (name: string) => `${name}{queue="${queue}"}`;
    expect(value(await scrape(webMetricsUrl()), series('outpost_queue_depth'))).toBe(0);
    await boss.send(queue, {});
    await boss.send(queue, {});
    await new Promise((r) => setTimeout(r, 1100));
    const after = await scrape(webMetricsUrl());
    expect(value(after, series('outpost_queue_depth'))).toBe(2);
    expect(value(after, series('outpost_queue_oldest_job_age_seconds'))).toBeGreaterThanOrEqual(1);
    await boss.deleteQueue(queue);
  });

  it('reports how long ago a worker last beat', async () => {
    const samples = await scrape(webMetricsUrl());
    expect(samples.has('outpost_worker_heartbeat_age_seconds')).toBe(true);
    const age = value(samples, 'outpost_worker_heartbeat_age_seconds');
    expect(age).toBeLessThan(30);
  });

  it('exposes event-loop lag on both', async () => {
    for (const url of [webMetricsUrl(), workerMetricsUrl()]) {
      const samples = await scrape(url);
      expect(samples.has('nodejs_eventloop_lag_seconds')).toBe(true);
      expect(value(samples, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    }
  });
});

describe('/api/metrics without OUTPOST_METRICS_TOKEN', () => {
  let web: ManagedProcess;
  let origin: string;
  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    web = startProcess(
      'web-no-metrics',
      process.execPath,
      [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
      { ...process.env, NODE_ENV: 'production', PORT: String(port), OUTPOST_METRICS_TOKEN: '' },
      process.env.OUTPOST_TEST_LOG_DIR ?? path.join('/tmp', 'outpost-test-logs'),
    );
    await waitFor(async () => (await fetch(`${origin}/api/v1/openapi.json`).catch(() => null))?.ok, { timeoutMs: 60_000, what: 'the web server without metrics' });
  }, 90_000);
  afterAll(() => web?.stop());

  it('answers 404, token or not', async () => {
    expect((await fetch(`${origin}/api/metrics`)).status).toBe(404);
    expect((await fetch(`${origin}/api/metrics`, { headers: { authorization: `Bearer ${token()}` } })).status).toBe(404);
  });
});
