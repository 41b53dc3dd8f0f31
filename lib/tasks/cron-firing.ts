import { eq } from 'drizzle-orm';
import { withTransaction } from '@/lib/db/client';
import { outputTasks } from '@/lib/db/schema';
import type { CronJobData } from '@/lib/queue/queues';
import { createRunOf } from './actions';
import { unregisterCron } from './placement';

/** One pg-boss cron firing: the definition (if still scheduled) spawns a run task. */
export async function processCronJob(job: { id: string; data: unknown }): Promise<void> {
  const { taskId } = job.data as CronJobData;
  await withTransaction(async (tx) => {
    const [def] = await tx.db.select().from(outputTasks).where(eq(outputTasks.id, taskId)).for('share');
    if (!def || def.status !== 'scheduled' || !def.schedule) {
      // Deleted or cancelled definitions should not fire again.
      if (!def || def.status !== 'scheduled') await unregisterCron(tx, taskId);
      return;
    }
    await createRunOf(tx, def, job.id);
  });
}

