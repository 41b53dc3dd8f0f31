import { sql } from 'drizzle-orm';
import type { JobInsert } from 'pg-boss';
import type { Statement, Tx } from '@/lib/db/client';
import { outputTasks } from '@/lib/db/schema';
import { getIntegration } from '@/lib/integrations/registry';
import { taskBoss } from '@/lib/queue/boss-for-tasks';
import { DEAD_LETTER_QUEUE, deliveryQueue, type DeadLetterJobData, type DeliveryJobData } from '@/lib/queue/queues';
import { bossDbFor, recordingBossDb } from '@/lib/queue/tx-adapter';
import { inSpan, traceCarrier } from '@/lib/tracing';

type Deliverable = { id: string; userId: string; kind: string; batchKey: string | null; connectionId: string | null };

function jobData(task: Deliverable, startAfter?: Date | null): DeliveryJobData {
  const direct = !task.batchKey && !task.connectionId && !getIntegration(task.kind)?.rateLimit.perKind;
  const due = Math.max(Date.now(), startAfter?.getTime() ?? 0);
  const carrier = traceCarrier();
  const trace = carrier.traceparent ? { trace: carrier } : {};
  return direct ? { taskId: task.id, direct, due, ...trace } : { taskId: task.id, due, ...trace };
}

/** The owner is the job's group: pg-boss caps the active jobs of one group (OUTPOST_USER_CONCURRENCY). */
const userGroup = (task: Deliverable) => ({ group: { id: task.userId } });

const startAfterOption = (startAfter?: Date | null) => (startAfter && startAfter.getTime() > Date.now() ? { startAfter } : {});

/**
 * Sends the delivery job of a task inside the caller's transaction (task row and job commit
 * together) and remembers the job id on the task so cancelling can cancel the job too. A caller
 * that already wrote `jobId` on the row (a fresh insert) passes it to save the extra update.
 */
export function sendDelivery(tx: Tx, task: Deliverable, startAfter?: Date | null, preassigned?: { jobId: string }): Promise<string> {
  return inSpan('task.enqueue', enqueueAttributes(task, startAfter), () => send(tx, task, startAfter, preassigned));
}

const enqueueAttributes = (task: Deliverable, startAfter?: Date | null) => ({
  'outpost.task.id': task.id,
  'outpost.task.kind': task.kind,
  ...(startAfter ? { 'outpost.job.start_after': startAfter.toISOString() } : {}),
});

async function send(tx: Tx, task: Deliverable, startAfter?: Date | null, preassigned?: { jobId: string }): Promise<string> {
  const boss = await taskBoss();
  const jobId = await boss.send(deliveryQueue(task.kind), jobData(task, startAfter), {
    db: bossDbFor(tx.sql),
    ...userGroup(task),
    ...(preassigned ? { id: preassigned.jobId } : {}),
    ...startAfterOption(startAfter),
  });
  if (!jobId) throw new Error(`pg-boss refused the delivery job of task ${task.id}`);
  if (!preassigned) await tx.db.update(outputTasks).set({ jobId }).where(sql`${outputTasks.id} = ${task.id}`);
  return jobId;
}

/** The job insert sendDelivery would run, as a statement to pipeline with the task's own insert. */
export function deliveryJobStatement(task: Deliverable, jobId: string, startAfter?: Date | null): Promise<Statement> {
  return inSpan('task.enqueue', enqueueAttributes(task, startAfter), async () => {
    const boss = await taskBoss();
    const recorder = recordingBossDb([{ id: jobId }]);
    await boss.send(deliveryQueue(task.kind), jobData(task, startAfter), { db: recorder, id: jobId, ...userGroup(task), ...startAfterOption(startAfter) });
    return recorder.statement();
  });
}

/** Bulk form of sendDelivery (one INSERT per kind), for POST /tasks/batch. */
export async function sendDeliveries(tx: Tx, tasks: (Deliverable & { startAfter?: Date | null })[]): Promise<void> {
  if (tasks.length === 0) return;
  const boss = await taskBoss();
  const byKind = new Map<string, typeof tasks>();
  for (const task of tasks) byKind.set(task.kind, [...(byKind.get(task.kind) ?? []), task]);
  for (const [kind, group] of byKind) {
    const jobs: JobInsert<DeliveryJobData>[] = group.map((task) => ({
      id: crypto.randomUUID(),
      data: jobData(task, task.startAfter),
      ...userGroup(task),
      ...startAfterOption(task.startAfter),
    }));
    await boss.insert(deliveryQueue(kind), jobs, { db: bossDbFor(tx.sql) });
    const ids = group.map((t) => t.id);
    const jobIds = jobs.map((j) => j.id!);
    await tx.db.execute(sql`
      update output_tasks as t set job_id = v.job_id::uuid
      from unnest(${`{${ids.join(',')}}`}::uuid[], ${`{${jobIds.join(',')}}`}::uuid[]) as v(task_id, job_id)
      where t.id = v.task_id`);
  }
}

/** Cancels the pending delivery job of a task, if any (inside the caller's transaction). */
export async function cancelDelivery(tx: Tx, task: { kind: string; jobId: string | null }): Promise<void> {
  if (!task.jobId) return;
  const boss = await taskBoss();
  await boss.cancel(deliveryQueue(task.kind), task.jobId, { db: bossDbFor(tx.sql) });
}

/** A copy of a finally failed task for the dead-letter queue (operators can inspect or redrive). */
export async function sendDeadLetter(tx: Tx, data: DeadLetterJobData): Promise<void> {
  const boss = await taskBoss();
  await boss.send(DEAD_LETTER_QUEUE, data, { db: bossDbFor(tx.sql) });
}
