import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { create, httpTask, newClient, receiver, sandbox, waitForStatus, type Client } from './helpers';

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});
afterEach(async () => {
  await sandbox().clearFaults();
});

describe('scheduling', () => {
  it('delivers a task with runAt no earlier than its time', async () => {
    const target = receiver();
    // Far enough ahead that a slow request on a busy machine still finds it in the future.
    const runAt = new Date(Date.now() + 8_000);
    const task = await create(client, httpTask(target.url, { runAt: runAt.toISOString() }));
    expect(task.status).toBe('scheduled');
    const done = await waitForStatus(client, task.id, ['succeeded', 'failed'], 30_000);
    expect(done.status).toBe('succeeded');
    const [request] = await sandbox().requests({ path: target.path });
    expect(Date.parse(request!.at)).toBeGreaterThanOrEqual(runAt.getTime() - 50);
  });

  it('a cron schedule creates run tasks until the definition is cancelled', async () => {
    const target = receiver();
    const name = `cron-${randomUUID().slice(0, 8)}`;
    const def = await create(client, httpTask(target.url, { name, schedule: '*/2 * * * * *' }));
    expect(def).toMatchObject({ status: 'scheduled', schedule: '*/2 * * * * *' });
    const run = await waitFor(
      async () => {
        const list = await client.get('/tasks?limit=50');
        return list.body.data.find((t: any) => t.name === name && t.id !== def.id && t.status === 'succeeded');
      },
      { timeoutMs: 20_000, intervalMs: 250, what: 'a run task of the cron definition' },
    );
    expect(run.schedule).toBeNull();
    expect(await sandbox().requests({ path: target.path })).not.toHaveLength(0);
    const cancelled = await client.post(`/tasks/${def.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('cancels a scheduled task before it runs', async () => {
    const target = receiver();
    const task = await create(client, httpTask(target.url, { runAt: new Date(Date.now() + 2_000).toISOString() }));
    const res = await client.post(`/tasks/${task.id}/cancel`);
    expect(res).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await client.get(`/tasks/${task.id}`)).body.status).toBe('cancelled');
    expect(await sandbox().requests({ path: target.path })).toHaveLength(0);
    expect((await client.post(`/tasks/${task.id}/cancel`)).status).toBe(409);
  });
});

describe('batching', () => {
  it('delivers five tasks with one batch key as one request with five items', async () => {
    const target = receiver();
    const batchKey = randomUUID();
    const template = '{"count": {{ items | size }}, "titles": [{% for item in items %}{{ item.title | json }}{% unless forloop.last %},{% endunless %}{% endfor %}]}';
    const tasks = [];
    for (let i = 0; i < 5; i++) {
      tasks.push(await create(client, httpTask(target.url, { batchKey, batchWindowSeconds: 2, template, input: { title: `t${i}` } })));
    }
    for (const task of tasks) expect(await waitForStatus(client, task.id, ['succeeded', 'failed'], 15_000)).toMatchObject({ status: 'succeeded' });
    const requests = await sandbox().requests({ path: target.path });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body).toEqual({ count: 5, titles: ['t0', 't1', 't2', 't3', 't4'] });
    const results = await Promise.all(tasks.map(async (t) => (await client.get(`/tasks/${t.id}`)).body.result.externalId));
    expect(new Set(results).size).toBe(1);
  });
});

describe('dependencies', () => {
  it('B waits for A and renders with its result', async () => {
    const targetA = receiver();
    const targetB = receiver();
    const a = await create(client, httpTask(targetA.url, { name: 'first', runAt: new Date(Date.now() + 1_000).toISOString() }));
    const b = await create(client, httpTask(targetB.url, { dependsOn: [a.id], template: '{"previous": {{ deps.first.externalId | json }}}' }));
    expect(b.status).toBe('waiting');
    const doneA = await waitForStatus(client, a.id);
    const doneB = await waitForStatus(client, b.id);
    expect(doneB.status).toBe('succeeded');
    const [request] = await sandbox().requests({ path: targetB.path });
    expect(request!.body).toEqual({ previous: doneA.result.externalId });
  });

  it('B is skipped when A fails', async () => {
    const targetA = receiver();
    await sandbox().fault({ target: 'http', path: targetA.path, type: 'status', status: 400, times: 'always' });
    const a = await create(client, httpTask(targetA.url, { runAt: new Date(Date.now() + 1_000).toISOString() }));
    const b = await create(client, httpTask(receiver().url, { dependsOn: [a.id] }));
    expect((await waitForStatus(client, a.id)).status).toBe('failed');
    expect(await waitForStatus(client, b.id)).toMatchObject({ status: 'skipped', lastError: { code: 'dependency_failed' } });
  });

  it("rejects unknown and other owners' task ids without revealing them", async () => {
    const other = await newClient();
    const theirs = await create(other.client, { ...httpTask(receiver().url), draft: true });
    const res = await client.post('/tasks', httpTask(receiver().url, { dependsOn: [randomUUID(), theirs.id] }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'dependsOn[0]', message: 'no such task' },
      { path: 'dependsOn[1]', message: 'no such task' },
    ]);
  });

  it('rejects a cycle made through PATCH', async () => {
    const a = await create(client, { ...httpTask(receiver().url), draft: true });
    const b = await create(client, { ...httpTask(receiver().url), draft: true, dependsOn: [a.id] });
    const res = await client.patch(`/tasks/${a.id}`, { dependsOn: [b.id] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('dependsOn[0]');
  });
});

describe('idempotency and the API contract', () => {
  it('the same Idempotency-Key and body return the first task; another body is a 409', async () => {
    const key = randomUUID();
    const body = httpTask(receiver().url, { draft: true });
    const first = await client.post('/tasks', body, { 'idempotency-key': key });
    const again = await client.post('/tasks', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const different = await client.post('/tasks', { ...body, input: { title: 'other', n: 2 } }, { 'idempotency-key': key });
    expect(different.status).toBe(409);
  });

  it("another user's task is a 404", async () => {
    const other = await newClient();
    const task = await create(client, { ...httpTask(receiver().url), draft: true });
    expect((await other.client.get(`/tasks/${task.id}`)).status).toBe(404);
    expect((await other.client.post(`/tasks/${task.id}/cancel`)).status).toBe(404);
    expect((await other.client.get(`/tasks/not-a-uuid`)).status).toBe(404);
  });

  it('names every bad field, never a 500', async () => {
    const res = await client.post('/tasks', { kind: 'http-post', config: { url: 'nope', timeoutMs: 5 }, maxAttempts: 0 });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: any) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['input', 'maxAttempts']));
    const json = await client.post('/tasks', httpTask(receiver().url, { template: '{"a": {{ input.title }}}' }));
    expect(json.status).toBe(400);
    expect(json.body.error.details[0].path).toBe('template');
  });

  it('creates a batch in order and lists newest first with a cursor', async () => {
    const target = receiver();
    const res = await client.post('/tasks/batch', { tasks: [0, 1, 2].map((n) => httpTask(target.url, { input: { title: `b${n}`, n } })) });
    expect(res.status).toBe(201);
    expect(res.body.data.map((t: any) => t.input.n)).toEqual([0, 1, 2]);
    const bad = await client.post('/tasks/batch', { tasks: [httpTask(target.url), { kind: 'http-post' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path)).toContain('tasks[1].input');
    const page1 = await client.get('/tasks?limit=2');
    expect(page1.body.data).toHaveLength(2);
    const page2 = await client.get(`/tasks?limit=2&cursor=${page1.body.nextCursor}`);
    const ids = [...page1.body.data, ...page2.body.data].map((t: any) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('previews without delivering', async () => {
    const target = receiver();
    const res = await client.post('/preview', { kind: 'http-post', config: { url: target.url }, input: { title: 'P' }, template: '{"t": {{ input.title | json }}}' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ payload: { body: '{"t": "P"}' }, validation: { ok: true, errors: [] }, wouldRun: true });
    expect(await sandbox().requests({ path: target.path })).toHaveLength(0);
  });
});
