import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/lib/db/client';
import { outputTasks, type OutputTask, type TaskStatus } from '@/lib/db/schema';
import { validationError } from '@/lib/errors';
import { taskBoss } from '@/lib/queue/boss-for-tasks';
import { CRON_QUEUE, type CronJobData } from '@/lib/queue/queues';
import { bossDbFor } from '@/lib/queue/tx-adapter';

/** What the status of a new (or re-planned) task is, and which job it needs. */
export type Placement = {
  status: TaskStatus;
  /** Send a delivery job (startAfter when set). */
  send?: { startAfter: Date | null };
  batchLeaderId?: string | null;
  nextAttemptAt?: Date | null;
  lastError?: { code: string; message: string } | null;
};

type DepState = 'ready' | 'blocked' | 'doomed';

/**
 * Locks the dependencies (FOR SHARE: a dependency finishing concurrently waits for this
 * transaction, then sees the new dependent) and reports whether they are all done.
 */
export async function dependencyState(tx: Tx, userId: string, dependsOn: string[], prefix = ''): Promise<DepState> {
  if (dependsOn.length === 0) return 'ready';
  const rows = await tx.sql<{ id: string; status: TaskStatus }[]>`
    select id, status from output_tasks where user_id = ${userId} and id = any(${dependsOn}::uuid[]) for share`;
  const byId = new Map(rows.map((r) => [r.id, r.status]));
  const missing = dependsOn.map((id, i) => ({ id, i })).filter(({ id }) => !byId.has(id));
  if (missing.length) {
    throw validationError(missing.map(({ i }) => ({ path: `${prefix}dependsOn[${i}]`, message: 'no such task' })));
  }
  const statuses = [...byId.values()];
  if (statuses.some((s) => s === 'failed' || s === 'skipped' || s === 'cancelled')) return 'doomed';
  return statuses.every((s) => s === 'succeeded') ? 'ready' : 'blocked';
}

/** Finds the open batch window for this key, or opens one led by `selfId`. */
export async function batchPlacement(
  tx: Tx,
  task: { id: string; userId: string; kind: string; connectionId: string | null; batchKey: string; batchWindowSeconds: number },
): Promise<Placement> {
  const lockKey = `batch:${task.userId}:${task.kind}:${task.connectionId ?? '-'}:${task.batchKey}`;
  // One leader per open window: joiners and the leader's claim serialize on this lock.
  await tx.sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
  const [leader] = await tx.sql<{ id: string }[]>`
    select id from output_tasks
    where user_id = ${task.userId} and kind = ${task.kind} and batch_key = ${task.batchKey}
      and connection_id is not distinct from ${task.connectionId}::uuid
      and status = 'queued' and batch_leader_id = id and next_attempt_at > clock_timestamp()
    order by created_at desc limit 1`;
  if (leader) return { status: 'queued', batchLeaderId: leader.id };
  const [row] = await tx.sql<{ closes: Date }[]>`select clock_timestamp() + make_interval(secs => ${task.batchWindowSeconds}) as closes`;
  const closes = new Date(row!.closes);
  return { status: 'queued', batchLeaderId: task.id, nextAttemptAt: closes, send: { startAfter: closes } };
}

export async function registerCron(tx: Tx, taskId: string, cron: string): Promise<void> {
  const boss = await taskBoss();
  const data: CronJobData = { taskId };
  await boss.schedule(CRON_QUEUE, cron, data, { key: taskId, tz: 'UTC', db: bossDbFor(tx.sql) });
}

export async function unregisterCron(tx: Tx, taskId: string): Promise<void> {
  const boss = await taskBoss();
  await boss.unschedule(CRON_QUEUE, taskId, { db: bossDbFor(tx.sql) });
}

export type PlanInput = {
  id: string;
  userId: string;
  kind: string;
  connectionId: string | null;
  draft: boolean;
  schedule: string | null;
  runAt: Date | null;
  dependsOn: string[];
  batchKey: string | null;
  batchWindowSeconds: number;
};

/** The initial status of a task: draft, cron definition, waiting on deps, delayed, batched or queued now. */
export async function plan(tx: Tx, task: PlanInput, prefix = ''): Promise<Placement> {
  if (task.draft) {
    await dependencyState(tx, task.userId, task.dependsOn, prefix);
    return { status: 'draft' };
  }
  if (task.schedule) return { status: 'scheduled' };
  const deps = await dependencyState(tx, task.userId, task.dependsOn, prefix);
  if (deps === 'doomed') {
    return { status: 'skipped', lastError: { code: 'dependency_failed', message: 'a task it depends on failed, was skipped or cancelled' } };
  }
  if (deps === 'blocked') return { status: 'waiting' };
  if (task.batchKey) return batchPlacement(tx, { ...task, batchKey: task.batchKey });
  return immediatePlacement(task.runAt);
}

/** A task with nothing to wait for: queued now, or scheduled for a `runAt` still ahead. */
export function immediatePlacement(runAt: Date | null): Placement & { send: { startAfter: Date | null } } {
  if (runAt && runAt.getTime() > Date.now() + 250) return { status: 'scheduled', send: { startAfter: runAt } };
  return { status: 'queued', send: { startAfter: null } };
}

/** Writes a placement on a freshly inserted row (status already set at insert) for cron tasks. */
export async function afterInsert(tx: Tx, row: OutputTask): Promise<void> {
  if (row.status === 'scheduled' && row.schedule) await registerCron(tx, row.id, row.schedule);
}

export const firstTransition = (to: TaskStatus) => [{ from: null, to, at: new Date().toISOString() }];

export function whereOwned(userId: string, id: string) {
  return and(eq(outputTasks.id, id), eq(outputTasks.userId, userId));
}

