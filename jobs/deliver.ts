import { describeError } from '@/lib/describe-error';
import { env } from '@/lib/env';
import { deliveryKinds } from '@/lib/integrations/registry';
import type { SlotOptions } from '@/lib/queue/dispatcher';
import { deliveryQueue, deliveryQueueOptions, pollingOptions } from '@/lib/queue/queues';
import { processDeliveryJob } from '@/lib/tasks/deliver';
import type { JobDefinition } from './types';

// Delivery waits on sockets, not CPU: each queue keeps OUTPOST_WORKER_CONCURRENCY deliveries in
// flight per worker, refilled one by one (a hanging endpoint holds its own slot only), and at most
// OUTPOST_USER_CONCURRENCY of one user's deliveries are active on a queue across all workers.
// Under a stream of single-task requests every insert NOTIFYs and every finished delivery frees a
// slot: fetching (and completing) on each would move one or two jobs per statement, and the
// fairness fetch costs about the same for one job as for fifty. A quiet queue still fetches on the
// first wake, so a lone task is not delayed.
const QUEUE_SPACING_MS = 25;

function slots(): SlotOptions {
  const e = env();
  return {
    capacity: e.OUTPOST_WORKER_CONCURRENCY,
    maxFetch: Math.min(e.OUTPOST_WORKER_CONCURRENCY, 100),
    groupConcurrency: e.OUTPOST_USER_CONCURRENCY,
    pollingIntervalMs: pollingOptions.pollingIntervalSeconds * 1000,
    heartbeatMs: (deliveryQueueOptions.heartbeatSeconds! * 1000) / 2,
    spacingMs: QUEUE_SPACING_MS,
  };
}

/** One delivery queue per integration kind (deliver.<kind>). */
export async function deliveryJobs(): Promise<JobDefinition[]> {
  return deliveryKinds().map((kind) => ({
    queue: deliveryQueue(kind),
    queueOptions: deliveryQueueOptions,
    slots: slots(),
    async handle(jobs) {
      const results = await Promise.allSettled(jobs.map((job) => processDeliveryJob(job)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      // Infrastructure errors only (delivery outcomes are settled by the engine): let pg-boss retry.
      if (failed) {
        // Said aloud: a task may be left running until the retry recovers it.
        console.error(`[deliver] ${deliveryQueue(kind)}: ${describeError(failed.reason).split('\n')[0]} (pg-boss retries the job)`);
        throw failed.reason;
      }
    },
  }));
}
