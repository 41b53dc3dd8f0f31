import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { outputTasks, taskAttempts, type TaskStatus } from '@/lib/db/schema';
import { purgeFinishedTasks } from '@/lib/tasks/retention';
import { createUserWithKey } from '../support/app';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

let userId: string;
beforeAll(async () => {
  ({ userId } = await createUserWithKey());
});

async function task(status: TaskStatus, finishedDaysAgo: number | null, extra: Partial<typeof outputTasks.$inferInsert> = {}): Promise<string> {
  const id = randomUUID();
  await db.insert(outputTasks).values({
    id,
    userId,
    kind: 'http-post',
    input: {},
    status,
    createdAt: daysAgo(Math.max(finishedDaysAgo ?? 0, 0) + 1),
    finishedAt: finishedDaysAgo === null ? null : daysAgo(finishedDaysAgo),
    ...extra,
  });
  return id;
}

async function existing(ids: string[]): Promise<Set<string>> {
  const rows = await db.select({ id: outputTasks.id }).from(outputTasks).where(inArray(outputTasks.id, ids));
  return new Set(rows.map((r) => r.id));
}

const purge = () => purgeFinishedTasks({ userId, batchSize: 10, pauseMs: 0 });

describe('retention (OUTPOST_RETENTION_DAYS, default 30)', () => {
  it('deletes finished tasks older than the retention period with their attempts, and keeps newer or unfinished ones', async () => {
    const old = await task('succeeded', 40);
    const oldFailed = await task('failed', 31);
    const recent = await task('succeeded', 10);
    const waitingLong = await task('scheduled', null, { runAt: new Date(Date.now() + DAY) });
    await db.insert(taskAttempts).values([
      { taskId: old, number: 1, startedAt: daysAgo(40), finishedAt: daysAgo(40), outcome: 'retryable' },
      { taskId: old, number: 2, startedAt: daysAgo(40), finishedAt: daysAgo(40), outcome: 'succeeded' },
    ]);
    await purge();
    expect(await existing([old, oldFailed, recent, waitingLong])).toEqual(new Set([recent, waitingLong]));
    expect(await db.select().from(taskAttempts).where(eq(taskAttempts.taskId, old))).toHaveLength(0);
  });

  it('keeps an old finished task while a task that depends on it is still waiting', async () => {
    const dependency = await task('succeeded', 45);
    const dependent = await task('waiting', null, { dependsOn: [dependency] });
    await purge();
    expect(await existing([dependency, dependent])).toEqual(new Set([dependency, dependent]));
    // Once the dependent has finished (and is old too), both go.
    await db.update(outputTasks).set({ status: 'succeeded', finishedAt: daysAgo(35) }).where(eq(outputTasks.id, dependent));
    await purge();
    expect(await existing([dependency, dependent])).toEqual(new Set());
  });

  it('keeps a cancelled cron definition until its runs are gone', async () => {
    const definition = await task('cancelled', 60, { schedule: '0 * * * *' });
    const run = await task('succeeded', 59, { scheduleParentId: definition });
    await purge();
    expect(await existing([definition, run])).toEqual(new Set([definition]));
    await purge();
    expect(await existing([definition])).toEqual(new Set());
  });

  it('works in small batches and reports what it did', async () => {
    const ids = [];
    for (let i = 0; i < 25; i++) ids.push(await task('succeeded', 40 + i));
    const report = await purge();
    expect(report).toMatchObject({ deleted: 25, finished: true });
    expect(report.batches).toBeGreaterThanOrEqual(3);
    expect(await existing(ids)).toEqual(new Set());
  });
});
