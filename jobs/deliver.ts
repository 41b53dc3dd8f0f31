import { integrationKinds } from '@/lib/integrations/registry';
import { deliveryQueue, deliveryQueueOptions, pollingOptions } from '@/lib/queue/queues';
import { processDeliveryJob } from '@/lib/tasks/deliver';
import type { JobDefinition } from './types';

// Several jobs per fetch, delivered concurrently: one slow endpoint does not hold up the rest.
const BATCH_SIZE = Number(process.env.OUTPOST_DELIVERY_BATCH_SIZE ?? 4);

/** One delivery queue per integration kind (deliver.<kind>). */
export async function deliveryJobs(): Promise<JobDefinition[]> {
  return integrationKinds().map((kind) => ({
    queue: deliveryQueue(kind),
    queueOptions: deliveryQueueOptions,
    workOptions: { ...pollingOptions, batchSize: BATCH_SIZE, burstWhenBatchFull: true },
    async handle(jobs) {
      const results = await Promise.allSettled(jobs.map((job) => processDeliveryJob(job)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      // Infrastructure errors only (delivery outcomes are settled by the engine): let pg-boss retry.
      if (failed) throw failed.reason;
    },
  }));
}
