import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { rawSql } from '@/lib/db/client';
import { processDeliveryJob } from '@/lib/tasks/deliver';
import { create, httpTask, newClient, receiver, sandbox, type Client } from './helpers';

// Found by `npm run chaos` (SIGKILL mid-run): a task a dead worker left `running`, whose recovery
// had to wait for a rate-limit token, was re-sent as a fresh job — which then took the task for
// someone else's and left it running forever.

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});

describe('recovery of a dead worker’s task', () => {
  it('delivers a task left running once the job re-sent to wait for a token comes', async () => {
    const conn = await client.post('/connections', { kind: 'http-post', label: 'limited', secret: {}, rateLimit: { perSecond: 1 } });
    expect(conn.status).toBe(201);
    const target = receiver();
    // Far in the future, so the test harness's own worker leaves it alone.
    const task = await create(client, httpTask(target.url, { connectionId: conn.body.id, runAt: new Date(Date.now() + 3600_000).toISOString() }));

    // What a SIGKILLed worker leaves once its job was recovered and re-sent to wait for a token:
    // the task running with the dead worker's attempt open, its job id the re-sent job's.
    const resent = randomUUID();
    const sql = rawSql();
    await sql`update output_tasks set status = 'running', attempts = 1, job_id = ${resent}, next_attempt_at = null where id = ${task.id}`;
    await sql`insert into task_attempts (task_id, number, started_at) values (${task.id}, 1, now())`;

    await processDeliveryJob({ id: resent, data: { taskId: task.id }, retryCount: 0, signal: new AbortController().signal });

    expect((await client.get(`/tasks/${task.id}`)).body).toMatchObject({ status: 'succeeded', attempts: 2 });
    const attempts = (await client.get(`/tasks/${task.id}/attempts`)).body.data;
    expect(attempts.map((a: { outcome: string; errorClass: string | null }) => [a.outcome, a.errorClass])).toEqual([
      ['retryable', 'interrupted'],
      ['succeeded', null],
    ]);
    expect(await sandbox().requests({ path: target.path })).toHaveLength(1);
  });
});
