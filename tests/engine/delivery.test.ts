import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { outputTasks } from '@/lib/db/schema';
import { systemResolver, useResolver } from '@/lib/http';
import { processDeliveryJob } from '@/lib/tasks/deliver';
import { create, httpTask, newClient, receiver, sandbox, waitForStatus, type Client } from './helpers';

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});
afterEach(async () => {
  await sandbox().clearFaults();
});

describe('delivery to the HTTP receiver', () => {
  it('delivers the rendered body and reports status, attempts and result', async () => {
    const target = receiver();
    const task = await create(client, httpTask(target.url, { input: { title: 'Launch', n: 3 } }));
    expect(task.status).toBe('queued');
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, lastError: null });
    expect(done.result.externalId).toEqual(expect.any(String));
    const [request] = await sandbox().requests({ path: target.path });
    expect(request?.body).toEqual({ title: 'Launch', n: 3 });
    const attempts = await client.get(`/tasks/${task.id}/attempts`);
    expect(attempts.body.data).toHaveLength(1);
    expect(attempts.body.data[0]).toMatchObject({ number: 1, outcome: 'succeeded', httpStatus: 200 });
  });

  it('retries 503s and succeeds on the third attempt', async () => {
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'server_error', status: 503, times: 2 });
    const task = await create(client, httpTask(target.url));
    const done = await waitForStatus(client, task.id, ['succeeded', 'failed'], 40_000);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 3 });
    const attempts = (await client.get(`/tasks/${task.id}/attempts`)).body.data;
    expect(attempts.map((a: any) => a.outcome)).toEqual(['retryable', 'retryable', 'succeeded']);
  });

  it('sends the same webhook-id on every attempt of a task, unsigned, with a fresh webhook-timestamp', async () => {
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'server_error', status: 503, times: 1 });
    const task = await create(client, httpTask(target.url));
    expect(await waitForStatus(client, task.id, ['succeeded', 'failed'], 40_000)).toMatchObject({ status: 'succeeded', attempts: 2 });
    const requests = await sandbox().requests({ path: target.path });
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual([`task_${task.id}`, `task_${task.id}`]);
    for (const r of requests) expect(Number(r.headers['webhook-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 120);
    expect(requests[0]!.headers['webhook-signature']).toBeUndefined();
    // Another task, another id.
    const other = await create(client, httpTask(target.url));
    await waitForStatus(client, other.id);
    const last = (await sandbox().requests({ path: target.path })).at(-1)!;
    expect(last.headers['webhook-id']).toBe(`task_${other.id}`);
  });

  it('waits for Retry-After on 429 without consuming an attempt', async () => {
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'rate_limit', retryAfterSeconds: 2, times: 1 });
    const task = await create(client, httpTask(target.url));
    const done = await waitForStatus(client, task.id, ['succeeded', 'failed'], 20_000);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    const requests = await sandbox().requests({ path: target.path });
    expect(requests).toHaveLength(2);
    const gap = Date.parse(requests[1]!.at) - Date.parse(requests[0]!.at);
    expect(gap).toBeGreaterThanOrEqual(1_950);
  });

  it('fails at once on a 400', async () => {
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'status', status: 400, body: { error: 'bad' }, times: 'always' });
    const task = await create(client, httpTask(target.url));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1 });
    expect(done.lastError).toMatchObject({ code: 'permanent' });
  });

  it('fails when every attempt fails, and POST /retry delivers it', async () => {
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'server_error', status: 500, times: 2 });
    const task = await create(client, httpTask(target.url, { maxAttempts: 2 }));
    const failed = await waitForStatus(client, task.id, ['succeeded', 'failed'], 30_000);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
    const retried = await client.post(`/tasks/${task.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });
});

describe('SSRF guard', () => {
  const refused = [
    'http://127.0.0.1/hook',
    'http://localhost:8080/hook',
    'http://[::1]/hook',
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::ffff:127.0.0.1]/hook',
  ];
  for (const url of refused) {
    it(`refuses ${url} at create time naming config.url`, async () => {
      const res = await client.post('/tasks', httpTask(url));
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: any) => d.path)).toContain('config.url');
    });
  }

  it('fails for good when a host name resolves to loopback', async () => {
    // A name under the reserved .test domain that this test's resolver maps to loopback, so the
    // check runs on every machine. The test worker cannot see that resolver, so the task is parked
    // an hour out and its delivery job is run here, through the same engine code the worker runs.
    const host = 'loopback.outpost.test';
    useResolver(async (name) => (name === host ? ['127.0.0.1'] : systemResolver(name)));
    try {
      const task = await create(client, httpTask(`http://${host}:9/hook`, { runAt: new Date(Date.now() + 3600_000).toISOString() }));
      const [row] = await db.select({ jobId: outputTasks.jobId }).from(outputTasks).where(eq(outputTasks.id, task.id));
      await processDeliveryJob({ id: row!.jobId!, data: { taskId: task.id, direct: true }, retryCount: 0, signal: new AbortController().signal });
      const done = await waitForStatus(client, task.id);
      expect(done).toMatchObject({ status: 'failed', attempts: 1 });
      expect(done.lastError.message).toMatch(/loopback\.outpost\.test resolves to 127\.0\.0\.1, a loopback/);
    } finally {
      useResolver(null);
    }
  });

  it('fails for good when the target redirects to loopback', async () => {
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'status', status: 302, headers: { location: 'http://127.0.0.1:9/x' }, times: 'always' });
    const task = await create(client, httpTask(target.url));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1 });
    expect(done.lastError.message).toMatch(/redirect/i);
  });
});
