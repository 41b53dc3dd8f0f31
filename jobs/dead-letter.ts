import { DEAD_LETTER_QUEUE, deadLetterQueueOptions } from '@/lib/queue/queues';
import { processDeadLetter } from '@/lib/tasks/dead-letter';
import type { JobDefinition } from './types';

export async function deadLetterJobs(): Promise<JobDefinition[]> {
  return [
    {
      queue: DEAD_LETTER_QUEUE,
      queueOptions: deadLetterQueueOptions,
      workOptions: { pollingIntervalSeconds: 5, notifyPollingIntervalSeconds: 5 },
      async handle(jobs) {
        for (const job of jobs) await processDeadLetter(job);
      },
    },
  ];
}
