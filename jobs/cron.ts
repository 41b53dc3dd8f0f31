import { CRON_QUEUE, cronQueueOptions, pollingOptions } from '@/lib/queue/queues';
import { processCronJob } from '@/lib/tasks/cron-firing';
import type { JobDefinition } from './types';

/** pg-boss cron firings of scheduled task definitions; each creates a run task. */
export async function cronJobs(): Promise<JobDefinition[]> {
  return [
    {
      queue: CRON_QUEUE,
      queueOptions: cronQueueOptions,
      workOptions: pollingOptions,
      async handle(jobs) {
        for (const job of jobs) await processCronJob(job);
      },
    },
  ];
}
