import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../support/app';
import type { ManagedProcess } from '../support/processes';
import { httpTask, newClient, receiver, sandbox, waitForStatus, type Client } from './helpers';

let client: Client;
const extra: ManagedProcess[] = [];
beforeAll(async () => {
  ({ client } = await newClient());
});
afterEach(async () => {
  await Promise.all(extra.splice(0).map((w) => w.stop()));
  await sandbox().clearFaults();
});

describe('several worker processes', () => {
  it('share a per-connection limit of 2/s: 20 tasks take at least ~9 s', async () => {
    const conn = await client.post('/connections', { kind: 'http-post', label: 'limited', secret: {}, rateLimit: { perSecond: 2 } });
    expect(conn.status).toBe(201);
    expect(conn.body.metadata).toMatchObject({ rateLimitPerSecond: 2 });
    extra.push(await startWorker());
    const target = receiver();
    const res = await client.post('/tasks/batch', {
      tasks: Array.from({ length: 20 }, (_, n) => httpTask(target.url, { connectionId: conn.body.id, input: { title: 'x', n } })),
    });
    expect(res.status).toBe(201);
    for (const task of res.body.data) expect((await waitForStatus(client, task.id, ['succeeded', 'failed'], 40_000)).status).toBe('succeeded');
    expect(await sandbox().requests({ path: target.path })).toHaveLength(20);
    // Claim times (taken right after the token), not arrivals: a cold worker's first renders can
    // bunch its first few requests together without the limiter having let more through.
    const claims: number[] = [];
    for (const task of res.body.data) claims.push(...(await client.get(`/tasks/${task.id}/attempts`)).body.data.map((a: { startedAt: string }) => Date.parse(a.startedAt)));
    claims.sort((a, b) => a - b);
    expect(claims).toHaveLength(20);
    expect(claims.at(-1)! - claims[0]!).toBeGreaterThanOrEqual(8_500);
  }, 60_000);

  it('loses no task when a worker is SIGKILLed mid-delivery', async () => {
    const worker = await startWorker();
    extra.push(worker);
    const target = receiver();
    // Slow deliveries, so both workers hold some in flight when one dies.
    await sandbox().fault({ target: 'http', path: target.path, type: 'hang', ms: 1_500, times: 'always' });
    const res = await client.post('/tasks/batch', {
      tasks: Array.from({ length: 16 }, (_, n) => httpTask(target.url, { input: { title: 'k', n } })),
    });
    expect(res.status).toBe(201);
    await new Promise((r) => setTimeout(r, 700));
    worker.kill('SIGKILL');
    await worker.exited;
    const finals = [];
    for (const task of res.body.data) finals.push(await waitForStatus(client, task.id, ['succeeded', 'failed', 'cancelled', 'skipped'], 90_000));
    expect(finals.map((t) => t.status)).toEqual(Array(16).fill('succeeded'));
  }, 120_000);
});
