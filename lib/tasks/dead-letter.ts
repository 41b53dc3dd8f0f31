import { inArray } from 'drizzle-orm';
import { withTransaction } from '@/lib/db/client';
import { outputTasks } from '@/lib/db/schema';
import type { DeadLetterJobData } from '@/lib/queue/queues';
import { releaseDependents } from './dependencies';
import { transitionWhere } from './state-machine';

/**
 * Dead letters come from two places: the engine's copy of a task it failed (nothing left to do),
 * and pg-boss giving up on a delivery job whose handler kept crashing or whose workers kept dying
 * (the task is then still open: it is failed here so it shows up with a retry button).
 */
export async function processDeadLetter(job: { data: unknown }): Promise<void> {
  const data = job.data as Partial<DeadLetterJobData>;
  if (!data?.taskId || data.reason) {
    if (data?.taskId) console.warn(`[dead-letter] task ${data.taskId} failed (${data.reason})`);
    return;
  }
  await withTransaction(async (tx) => {
    const failed = await transitionWhere(tx.db, inArray(outputTasks.id, [data.taskId!]), 'failed', {
      from: ['queued', 'retrying', 'running'],
      set: { lastError: { code: 'worker_crashed', message: 'delivery crashed repeatedly; see worker logs' } },
    });
    await releaseDependents(tx, failed.map((r) => r.id));
    if (failed.length) console.warn(`[dead-letter] task ${data.taskId} failed after repeated crashes`);
  });
}
