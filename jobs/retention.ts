import { pollingOptions } from '@/lib/queue/queues';
import { purgeFinishedTasks } from '@/lib/tasks/retention';
import type { JobDefinition } from './types';

export const RETENTION_QUEUE = 'outpost.retention';

/** Every hour: delete finished tasks older than OUTPOST_RETENTION_DAYS, in small batches (lib/tasks/retention.ts). */
export async function retentionJobs(): Promise<JobDefinition[]> {
  return [
    {
      queue: RETENTION_QUEUE,
      // One pass at a time, on one worker; a pass cut short by its budget continues next hour.
      queueOptions: { retryLimit: 0, expireInSeconds: 15 * 60, policy: 'singleton' },
      workOptions: pollingOptions,
      schedule: { cron: '23 * * * *' },
      async handle() {
        const report = await purgeFinishedTasks();
        if (report.deleted) console.log(`[retention] deleted ${report.deleted} finished task(s) in ${report.batches} batch(es), ${report.ms} ms${report.finished ? '' : ' (more next run)'}`);
      },
    },
  ];
}
