import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, httpTask, newClient, receiver as sandboxReceiver, waitForStatus, type Client } from '../engine/helpers';
import { startReceiver, type Answer, type Received } from '../hostile/receiver';
import { waitFor } from '../support/processes';

// Task events (DESIGN §3.4): event endpoints receive Standard Webhooks requests the engine delivers.

let receiver: Awaited<ReturnType<typeof startReceiver>>;
const answers = new Map<string, (req: Received, n: number) => Answer>();
beforeAll(async () => {
  receiver = await startReceiver(0, (req) => {
    const path = req.url.split('?')[0]!;
    const n = receiver.received.filter((r) => r.url.split('?')[0] === path).length;
    return answers.get(path)?.(req, n) ?? { status: 200, body: '{"ok":true}' };
  });
});
afterAll(() => receiver?.close());

/** A fresh path on the local receiver (an allowed target in tests, like the sandbox). */
function hook(answer?: (req: Received, n: number) => Answer): { path: string; url: string } {
  const path = `/events/${randomUUID()}`;
  if (answer) answers.set(path, answer);
  return { path, url: `${receiver.url}${path}` };
}

const at = (path: string) => receiver.received.filter((r) => r.url === path);

async function endpoint(client: Client, url: string, events = ['task.succeeded', 'task.failed']) {
  const res = await client.post('/event-endpoints', { url, events, description: 'test' });
  if (res.status !== 201) throw new Error(`POST /event-endpoints → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string; url: string; events: string[] };
}

async function eventsAt(path: string, count: number): Promise<Received[]> {
  return waitFor(async () => (at(path).length >= count ? at(path) : null), { timeoutMs: 30_000, intervalMs: 100, what: `${count} request(s) at ${path}` });
}

/** Verifies like a receiver would, with the standardwebhooks package and the secret shown at create. */
function verify(secret: string, req: Received): any {
  return new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
}

describe('event endpoints', () => {
  let client: Client;
  beforeAll(async () => {
    ({ client } = await newClient());
  });

  it('show the whsec_ secret once, at create; list, read, change and delete like any resource', async () => {
    const target = hook();
    const created = await endpoint(client, target.url);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(created).toMatchObject({ url: target.url, events: ['task.succeeded', 'task.failed'], description: 'test', enabled: true });
    const listed = await client.get('/event-endpoints');
    expect(listed.body.data.map((e: any) => e.id)).toContain(created.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    const read = await client.get(`/event-endpoints/${created.id}`);
    expect(read.body).not.toHaveProperty('secret');
    const patched = await client.patch(`/event-endpoints/${created.id}`, { events: ['task.cancelled'] });
    expect(patched.body.events).toEqual(['task.cancelled']);
    // Its secret is kept in a connection of an internal kind the person never sees.
    expect((await client.get('/connections')).body.data).toEqual([]);
    expect((await client.del(`/event-endpoints/${created.id}`)).status).toBe(204);
    expect((await client.get(`/event-endpoints/${created.id}`)).status).toBe(404);
  });

  it('refuse a private or loopback URL like any delivery target, naming url', async () => {
    for (const url of ['http://127.0.0.1:9/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest', 'http://[::1]/hook']) {
      const res = await client.post('/event-endpoints', { url, events: ['task.succeeded'] });
      expect(res.status, url).toBe(400);
      expect(res.body.error.details[0].path, url).toBe('url');
    }
    const bad = await client.post('/event-endpoints', { url: 'not a url', events: ['task.nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path).sort()).toEqual(['events[0]', 'url']);
    // A task's own notify target is checked the same way.
    const task = await client.post('/tasks', { ...httpTask(sandboxReceiver().url), notify: { url: 'http://127.0.0.1:9/hook' } });
    expect(task.status).toBe(400);
    expect(task.body.error.details[0].path).toBe('notify.url');
  });

  it("another user's endpoint cannot be read, changed, deleted or resent", async () => {
    const mine = await endpoint(client, hook().url);
    const { client: stranger } = await newClient();
    expect((await stranger.get(`/event-endpoints/${mine.id}`)).status).toBe(404);
    expect((await stranger.patch(`/event-endpoints/${mine.id}`, { enabled: false })).status).toBe(404);
    expect((await stranger.del(`/event-endpoints/${mine.id}`)).status).toBe(404);
    expect((await stranger.get(`/event-endpoints/${mine.id}/deliveries`)).status).toBe(404);
    expect((await client.get(`/event-endpoints/${mine.id}`)).status).toBe(200);
  });
});

describe('event delivery', () => {
  let client: Client;
  beforeAll(async () => {
    ({ client } = await newClient());
  });

  it('sends task.succeeded and task.failed for its user, signed and verifiable with standardwebhooks', async () => {
    const target = hook();
    const ep = await endpoint(client, target.url);
    const ok = await create(client, httpTask(sandboxReceiver().url, { name: 'good' }));
    // A 400 is permanent: the task fails at once.
    const refused = hook(() => ({ status: 400, body: 'no' }));
    const bad = await create(client, httpTask(refused.url, { name: 'bad' }));
    expect((await waitForStatus(client, ok.id)).status).toBe('succeeded');
    expect((await waitForStatus(client, bad.id)).status).toBe('failed');

    const received = await eventsAt(target.path, 2);
    const events = received.map((req) => ({ req, event: verify(ep.secret, req) }));
    const byType = Object.fromEntries(events.map((e) => [e.event.type, e]));
    expect(Object.keys(byType).sort()).toEqual(['task.failed', 'task.succeeded']);
    const succeeded = byType['task.succeeded']!;
    expect(succeeded.event).toMatchObject({ type: 'task.succeeded', createdAt: expect.any(String), data: { task: { id: ok.id, name: 'good', status: 'succeeded', kind: 'http-post' } } });
    // The task as GET /tasks/:id reads it, without input.
    const read = (await client.get(`/tasks/${ok.id}`)).body;
    const { input: _input, ...withoutInput } = read;
    expect(succeeded.event.data.task).toEqual({ ...withoutInput, updatedAt: expect.any(String) });
    expect(succeeded.event.data.task).not.toHaveProperty('input');
    expect(byType['task.failed']!.event.data.task).toMatchObject({ id: bad.id, status: 'failed', lastError: { code: 'permanent' } });
    for (const { req } of events) {
      expect(req.headers['webhook-id']).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(req.headers['content-type']).toMatch(/^application\/json/);
    }
    // Tampering is detected: the signature covers the body.
    expect(() => verify(ep.secret, { ...succeeded.req, body: succeeded.req.body.replace('good', 'evil') })).toThrow();
    // Deliveries are listed with the endpoint, not among the person's tasks.
    const deliveries = (await client.get(`/event-endpoints/${ep.id}/deliveries`)).body.data;
    expect(deliveries.map((d: any) => d.type).sort()).toEqual(['task.failed', 'task.succeeded']);
    const tasks = (await client.get('/tasks')).body.data;
    expect(tasks.map((t: any) => t.kind)).not.toContain('event-delivery');
  });

  it('retries after a 503 with the same webhook-id, and logs both attempts', async () => {
    const target = hook((_req, n) => (n === 1 ? { status: 503, body: 'busy' } : { status: 204 }));
    const ep = await endpoint(client, target.url, ['task.succeeded']);
    const task = await create(client, httpTask(sandboxReceiver().url));
    await waitForStatus(client, task.id);
    const [first, second] = await eventsAt(target.path, 2);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(verify(ep.secret, first!)).toEqual(verify(ep.secret, second!));
    const delivery = await waitFor(
      async () => (await client.get(`/event-endpoints/${ep.id}/deliveries`)).body.data.find((d: any) => d.status === 'succeeded'),
      { timeoutMs: 10_000, what: 'the delivery to succeed' },
    );
    expect(delivery).toMatchObject({ eventId: first!.headers['webhook-id'], type: 'task.succeeded', taskId: task.id, attempts: 2 });
    const attempts = (await client.get(`/tasks/${delivery.id}/attempts`)).body.data;
    expect(attempts.map((a: any) => [a.outcome, a.httpStatus])).toEqual([
      ['retryable', 503],
      ['succeeded', 204],
    ]);

    // Resend: a new delivery of the same event, same webhook-id, still verifiable.
    const resent = await client.post(`/event-endpoints/${ep.id}/deliveries/${delivery.id}/resend`);
    expect(resent.status).toBe(201);
    const third = (await eventsAt(target.path, 3))[2]!;
    expect(third.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(verify(ep.secret, third)).toEqual(verify(ep.secret, first!));
  });

  it("another user's tasks never reach it", async () => {
    const target = hook();
    await endpoint(client, target.url, ['task.succeeded', 'task.failed', 'task.cancelled', 'task.skipped']);
    const { client: other } = await newClient();
    const theirs = await create(other, httpTask(sandboxReceiver().url));
    const theirsCancelled = await create(other, httpTask(sandboxReceiver().url, { runAt: new Date(Date.now() + 3600_000).toISOString() }));
    await other.post(`/tasks/${theirsCancelled.id}/cancel`);
    await waitForStatus(other, theirs.id);
    // Then one of ours: once its event is in, theirs would have been too.
    const mine = await create(client, httpTask(sandboxReceiver().url));
    await waitForStatus(client, mine.id);
    const received = await eventsAt(target.path, 1);
    await new Promise((r) => setTimeout(r, 1000));
    const ids = at(target.path).map((req) => JSON.parse(req.body).data.task.id);
    expect(ids).toEqual([mine.id]);
    expect(received).toHaveLength(1);
  });

  it('sends task.cancelled from a cancel through the API, only for the events subscribed', async () => {
    const target = hook();
    const ep = await endpoint(client, target.url, ['task.cancelled']);
    const later = await create(client, httpTask(sandboxReceiver().url, { runAt: new Date(Date.now() + 3600_000).toISOString() }));
    const done = await create(client, httpTask(sandboxReceiver().url));
    await waitForStatus(client, done.id);
    expect((await client.post(`/tasks/${later.id}/cancel`)).status).toBe(200);
    const [req] = await eventsAt(target.path, 1);
    expect(verify(ep.secret, req!)).toMatchObject({ type: 'task.cancelled', data: { task: { id: later.id, status: 'cancelled' } } });
    await new Promise((r) => setTimeout(r, 1000));
    expect(at(target.path)).toHaveLength(1);
  });

  it("a task's own notify target gets its events, with Standard Webhooks ids", async () => {
    const target = hook();
    const task = await create(client, { ...httpTask(sandboxReceiver().url), notify: { url: target.url, events: ['task.succeeded'] } });
    await waitForStatus(client, task.id);
    const [req] = await eventsAt(target.path, 1);
    expect(req!.headers['webhook-id']).toMatch(/^evt_/);
    expect(req!.headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(JSON.parse(req!.body)).toMatchObject({ type: 'task.succeeded', data: { task: { id: task.id, status: 'succeeded' } } });
  });

  it('a paused endpoint gets nothing', async () => {
    const target = hook();
    const ep = await endpoint(client, target.url, ['task.succeeded']);
    await client.patch(`/event-endpoints/${ep.id}`, { enabled: false });
    const task = await create(client, httpTask(sandboxReceiver().url));
    await waitForStatus(client, task.id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(at(target.path)).toEqual([]);
  });
});
