import os from 'node:os';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { workerHeartbeats } from '@/lib/db/schema';
import { startWorker } from '../support/app';
import type { ManagedProcess } from '../support/processes';
import { httpTask, newClient, receiver, sandbox, TERMINAL, waitForStatus, type Client } from './helpers';

/** Worker processes of this test run on this machine other than `pid` that are alive (from their heartbeats). */
async function otherLiveWorkerPids(pid: number): Promise<number[]> {
  const rows = await db
    .select({ pid: workerHeartbeats.pid })
    .from(workerHeartbeats)
    .where(and(eq(workerHeartbeats.hostname, os.hostname()), isNull(workerHeartbeats.stoppedAt), ne(workerHeartbeats.pid, pid)));
  const alive = (p: number) => {
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  };
  const pids = rows.map((r) => r.pid).filter(alive);
  expect(pids.length).toBeGreaterThan(0);
  return pids;
}

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
    await sandbox().fault({ target: 'http', path: target.path, type: 'hang', ms: 4_000, times: 'always' });
    // The test run's own worker consumes the same queues: paused, it cannot take these jobs, so the
    // worker about to be killed holds every one of them.
    const others = await otherLiveWorkerPids(worker.child.pid!);
    for (const pid of others) process.kill(pid, 'SIGSTOP');
    let tasks: { id: string }[];
    try {
      const res = await client.post('/tasks/batch', { tasks: Array.from({ length: 6 }, (_, n) => httpTask(target.url, { input: { title: 'k', n } })) });
      expect(res.status).toBe(201);
      tasks = res.body.data;
      // All six are in flight on the doomed worker (the sandbox holds their requests open).
      await sandbox().waitForRequests({ path: target.path }, { count: 6, timeoutMs: 20_000 });
      worker.kill('SIGKILL');
      await worker.exited;
    } finally {
      for (const pid of others) process.kill(pid, 'SIGCONT');
    }
    for (const task of tasks) expect((await waitForStatus(client, task.id, TERMINAL, 90_000)).status).toBe('succeeded');
    for (const task of tasks) {
      const attempts = (await client.get(`/tasks/${task.id}/attempts`)).body.data;
      expect(attempts.map((a: { outcome: string; errorClass: string | null }) => [a.outcome, a.errorClass])).toEqual([
        ['retryable', 'interrupted'],
        ['succeeded', null],
      ]);
    }
    // The repeated request carries the same webhook-id: the receiver can drop the duplicate.
    const ids = (await sandbox().requests({ path: target.path })).map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids)).toEqual(new Set(tasks.map((t) => `task_${t.id}`)));
  }, 120_000);
});
