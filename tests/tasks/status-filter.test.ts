import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, rawSql } from '@/lib/db/client';
import { outputTasks, taskStatuses, type TaskStatus } from '@/lib/db/schema';
import { listTasks, listTasksStatement } from '@/lib/tasks/queries';
import { allowedFrom, terminalStatuses, transition } from '@/lib/tasks/state-machine';
import { api, createUserWithKey } from '../support/app';

// An owner with a long history (HISTORY finished tasks, as retention leaves up to 30 days of them)
// and a few unfinished tasks newer than all of it, interleaved with newer finished ones.
const HISTORY = 30_000;
const unfinished: Partial<Record<TaskStatus, string[]>> = {};
let userId: string;
let apiKey: string;

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Rows Removed by Filter'?: number; Plans?: PlanNode[] };
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** The plan Postgres runs for listTasks, with what each node actually read. */
async function planOf(query: Parameters<typeof listTasksStatement>[1]): Promise<PlanNode[]> {
  const { sql, params } = listTasksStatement(userId, query).toSQL();
  const [row] = await rawSql().unsafe(`explain (analyze, format json) ${sql}`, params as never[]);
  return nodes((row!['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan);
}

async function insertTask(status: TaskStatus, ageSeconds: number): Promise<string> {
  const at = new Date(Date.now() - ageSeconds * 1000);
  const [row] = await db
    .insert(outputTasks)
    .values({ userId, kind: 'http-post', input: {}, status, createdAt: at, finishedAt: terminalStatuses.includes(status) ? at : null })
    .returning({ id: outputTasks.id });
  return row!.id;
}

beforeAll(async () => {
  ({ userId, apiKey } = await createUserWithKey());
  await rawSql()`
    insert into output_tasks (user_id, kind, input, status, attempts, created_at, updated_at, finished_at)
    select ${userId}, 'http-post', '{}', 'succeeded', 1, now() - interval '1 day' - g * interval '1 second',
           now() - interval '1 day', now() - interval '1 day'
    from generate_series(1, ${HISTORY}) as g`;
  let age = 1000;
  for (const status of taskStatuses) {
    for (let i = 0; i < 3; i++) {
      const id = await insertTask(status, age--);
      if (!terminalStatuses.includes(status)) (unfinished[status] ??= []).unshift(id);
    }
  }
  // The planner's view of a table with many finished rows per owner (autovacuum may not have run).
  await rawSql()`analyze output_tasks`;
});

afterAll(async () => {
  await db.delete(outputTasks).where(eq(outputTasks.userId, userId));
});

describe('listing tasks by status', () => {
  it("reads an unfinished status from the unfinished-tasks index, not through the owner's history", async () => {
    for (const status of ['queued', 'running', 'draft'] as const) {
      const plan = await planOf({ status, limit: 20 });
      expect(plan.map((n) => n['Index Name']), status).toContain('output_tasks_unfinished_idx');
      const filtered = plan.reduce((sum, n) => sum + (n['Rows Removed by Filter'] ?? 0), 0);
      expect(filtered, `${status}: rows read and thrown away`).toBeLessThan(100);
    }
  });

  it('pages with a cursor through the same index', async () => {
    const first = await listTasks(userId, { status: 'queued', limit: 2 });
    expect(first.data.map((t) => t.id)).toEqual(unfinished.queued!.slice(0, 2));
    const plan = await planOf({ status: 'queued', limit: 2, cursor: first.nextCursor! });
    expect(plan.map((n) => n['Index Name'])).toContain('output_tasks_unfinished_idx');
    const second = await listTasks(userId, { status: 'queued', limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ data: [expect.objectContaining({ id: unfinished.queued![2] })], nextCursor: null });
  });

  it('returns, for every status, exactly the rows a plain status match returns (over HTTP)', async () => {
    for (const status of taskStatuses) {
      const expected = await rawSql()`
        select id from output_tasks where user_id = ${userId} and status = ${status} order by created_at desc, id desc limit 5`;
      const res = await api(apiKey).get(`/tasks?status=${status}&limit=5`);
      expect(res.status, status).toBe(200);
      expect(res.body.data.map((t: { id: string }) => t.id), status).toEqual(expected.map((r) => r.id));
    }
  });
});

describe('finished_at follows the status (what the unfinished-tasks index relies on)', () => {
  it('is set on every edge into a terminal status and null on every edge into another one', async () => {
    for (const [to, froms] of Object.entries(allowedFrom) as [TaskStatus, readonly TaskStatus[]][]) {
      for (const from of froms) {
        const id = await insertTask(from, 0);
        const moved = await transition(db, id, to);
        expect(moved?.status, `${from} → ${to}`).toBe(to);
        expect(moved?.finishedAt === null, `${from} → ${to}: finished_at ${String(moved?.finishedAt)}`).toBe(!terminalStatuses.includes(to));
      }
    }
  });
});
