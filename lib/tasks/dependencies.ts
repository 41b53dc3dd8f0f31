import { eq } from 'drizzle-orm';
import type { Tx } from '@/lib/db/client';
import { outputTasks, type TaskStatus } from '@/lib/db/schema';
import { validationError } from '@/lib/errors';
import { sendDelivery } from './enqueue';
import { transition } from './state-machine';

/**
 * Called in the transaction that ends a task: re-evaluates the tasks waiting on it. All
 * dependencies succeeded → queued (job sent); any failed/skipped/cancelled → skipped, which
 * cascades to their own dependents.
 */
export async function releaseDependents(tx: Tx, finishedIds: string[]): Promise<void> {
  let frontier = finishedIds;
  while (frontier.length > 0) {
    // `depends_on <> '{}'` is the dependents index's predicate: without it the index is not used.
    const waiting = await tx.sql<{ id: string; depends_on: string[] }[]>`
      select id, depends_on from output_tasks
      where status = 'waiting' and depends_on <> '{}' and depends_on && ${frontier}::uuid[]
      order by created_at for update`;
    const next: string[] = [];
    for (const task of waiting) {
      const deps = await tx.sql<{ status: TaskStatus }[]>`select status from output_tasks where id = any(${task.depends_on}::uuid[])`;
      // A deleted dependency can never succeed.
      const doomed = deps.length < task.depends_on.length || deps.some((d) => ['failed', 'skipped', 'cancelled'].includes(d.status));
      if (doomed) {
        const row = await transition(tx.db, task.id, 'skipped', {
          from: ['waiting'],
          set: { lastError: { code: 'dependency_failed', message: 'a task it depends on failed, was skipped or cancelled' } },
        });
        if (row) next.push(row.id);
      } else if (deps.every((d) => d.status === 'succeeded')) {
        const [current] = await tx.db.select().from(outputTasks).where(eq(outputTasks.id, task.id));
        const later = current?.runAt && current.runAt.getTime() > Date.now();
        const row = await transition(tx.db, task.id, later ? 'scheduled' : 'queued', { from: ['waiting'] });
        if (row) await sendDelivery(tx, row, later ? row.runAt : null);
      }
    }
    frontier = next;
  }
}

/** Rejects a dependsOn list that would make `taskId` (transitively) depend on itself. */
export async function assertNoCycle(tx: Tx, taskId: string, dependsOn: string[]): Promise<void> {
  if (dependsOn.length === 0) return;
  const selfIndex = dependsOn.indexOf(taskId);
  if (selfIndex >= 0) throw validationError([{ path: `dependsOn[${selfIndex}]`, message: 'a task cannot depend on itself' }]);
  const rows = await tx.sql<{ root: string }[]>`
    with recursive reach(root, id) as (
      select d, d from unnest(${dependsOn}::uuid[]) as d
      union
      select reach.root, dep from reach
        join output_tasks t on t.id = reach.id
        cross join lateral unnest(t.depends_on) as dep
    )
    select distinct root from reach where id = ${taskId}::uuid`;
  if (rows.length) {
    const bad = rows.map((r) => dependsOn.indexOf(r.root));
    throw validationError(bad.map((i) => ({ path: `dependsOn[${i}]`, message: 'would create a dependency cycle' })));
  }
}
