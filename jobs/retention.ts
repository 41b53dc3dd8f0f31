import { purgeFinishedTasks } from '@/lib/tasks/retention';
import { scheduledPass } from './scheduled-pass';
import type { JobDefinition } from './types';

export const RETENTION_QUEUE = 'outpost.retention';

/**
 * Every hour: delete finished tasks older than OUTPOST_RETENTION_DAYS, in small batches
 * (lib/tasks/retention.ts); a pass cut short by its budget continues next hour.
 */
export async function retentionJobs(): Promise<JobDefinition[]> {
  return [
    scheduledPass(RETENTION_QUEUE, '23 * * * *', async () => {
      const report = await purgeFinishedTasks();
      if (report.deleted) console.log(`[retention] deleted ${report.deleted} finished task(s) in ${report.batches} batch(es), ${report.ms} ms${report.finished ? '' : ' (more next run)'}`);
    }),
  ];
}
