import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tasksStamp, tasksStampQuery } from '@/lib/dashboard/tasks';
import { db } from '@/lib/db/client';
import { outputTasks, users, type TaskStatus } from '@/lib/db/schema';
import { purgeFinishedTasks } from '@/lib/tasks/retention';
import { createUserWithKey } from '../support/app';

const DAY = 86_400_000;

async function insertTask(userId: string, status: TaskStatus, finishedAt: Date | null = null): Promise<string> {
  const [row] = await db.insert(outputTasks).values({ userId, kind: 'http-post', input: {}, status, finishedAt }).returning({ id: outputTasks.id });
  return row!.id;
}

// Each write commits at a later now(), as in production; a pause keeps two writes' timestamps apart.
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the live pages\' task fingerprint (/api/ui/tasks-stamp)', () => {
  let userId: string;
  let otherId: string;
  beforeAll(async () => {
    ({ userId } = await createUserWithKey());
    ({ userId: otherId } = await createUserWithKey());
  });

  it('moves on every change the dashboard shows, and only then', async () => {
    const stamps = [await tasksStamp(userId)];
    const moved = async () => {
      await tick();
      const next = await tasksStamp(userId);
      const changed = next !== stamps.at(-1);
      stamps.push(next);
      return changed;
    };

    expect(await moved()).toBe(false);
    const a = await insertTask(userId, 'queued');
    expect(await moved()).toBe(true); // created
    const b = await insertTask(userId, 'queued');
    expect(await moved()).toBe(true);
    await db.update(outputTasks).set({ status: 'running', updatedAt: sql`now()` }).where(eq(outputTasks.id, a));
    expect(await moved()).toBe(true); // a status change of a task in flight
    await db.update(outputTasks).set({ status: 'succeeded', updatedAt: sql`now()`, finishedAt: sql`now()` }).where(eq(outputTasks.id, a));
    expect(await moved()).toBe(true); // finished
    await insertTask(userId, 'skipped', new Date());
    expect(await moved()).toBe(true); // created finished (condition false)

    await insertTask(otherId, 'queued');
    await db.update(outputTasks).set({ status: 'cancelled', updatedAt: sql`now()`, finishedAt: sql`now()` }).where(eq(outputTasks.id, b));
    expect(await moved()).toBe(true);
    await insertTask(otherId, 'succeeded', new Date());
    expect(await moved()).toBe(false); // someone else's tasks

    // Finished tasks that are not the latest finish (rows made as they would stand weeks later).
    const old = await insertTask(userId, 'succeeded', new Date(Date.now() - 40 * DAY));
    await insertTask(userId, 'failed', new Date(Date.now() - 41 * DAY));
    const failed = await insertTask(userId, 'failed', new Date(Date.now() - DAY));
    await moved();
    // Deleted (DELETE /tasks/:id), or purged by retention.
    await db.delete(outputTasks).where(eq(outputTasks.id, old));
    expect(await moved()).toBe(true);
    expect(await purgeFinishedTasks({ userId, pauseMs: 0 })).toMatchObject({ deleted: 1 });
    expect(await moved()).toBe(true);
    // Retried: the failed task becomes unfinished again.
    await db.update(outputTasks).set({ status: 'queued', updatedAt: sql`now()`, finishedAt: null }).where(eq(outputTasks.id, failed));
    expect(await moved()).toBe(true);
    expect(await moved()).toBe(false);
  });

  describe('with 100,000 finished tasks of one user', () => {
    let bigId: string;
    beforeAll(async () => {
      ({ userId: bigId } = await createUserWithKey());
      await db.execute(sql`
        insert into output_tasks (user_id, kind, input, status, created_at, updated_at, finished_at)
        select ${bigId}, 'http-post', '{}'::jsonb, 'succeeded', t, t, t
        from generate_series(1, 100000) g, lateral (select now() - g * interval '1 second' as t) at`);
      await db.execute(sql`insert into output_tasks (user_id, kind, input, status) select ${bigId}, 'http-post', '{}'::jsonb, 'queued' from generate_series(1, 20)`);
      await db.execute(sql`analyze output_tasks`);
    }, 120_000);
    afterAll(async () => {
      await db.delete(users).where(eq(users.id, bigId));
    }, 120_000);

    it('reads a few index pages, never the history', async () => {
      const [row] = await db.execute<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        sql`explain (analyze, buffers, format json) ${tasksStampQuery(bigId)}`,
      );
      const nodes = flatten(row!['QUERY PLAN'][0].Plan);
      expect(nodes.filter((n) => n['Node Type'].includes('Seq Scan'))).toEqual([]);
      // The latest finish comes from (user_id, finished_at), or from finished_at alone walked backwards
      // when this user owns most of the table (as here); either stops at the first row.
      const indexes = nodes.flatMap((n) => n['Index Name'] ?? []);
      expect(indexes).toContain('output_tasks_unfinished_idx');
      expect(indexes).toContain('task_deletions_pkey');
      expect(indexes.filter((i) => !['output_tasks_unfinished_idx', 'task_deletions_pkey'].includes(i))).toEqual([
        expect.stringMatching(/^output_tasks_(user_)?finished_idx$/),
      ]);
      const root = row!['QUERY PLAN'][0].Plan;
      // The whole user is ~1,000 pages of heap; the fingerprint touches a handful.
      expect((root['Shared Hit Blocks'] ?? 0) + (root['Shared Read Blocks'] ?? 0)).toBeLessThan(50);
      expect(await tasksStamp(bigId)).toMatch(/^20:/);
    });
  });
});

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number; Plans?: PlanNode[] };
const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];
