import { env } from '@/lib/env';
import { integrationKinds } from '@/lib/integrations/registry';
import { deliveryQueue, deliveryQueueOptions, pollingOptions } from '@/lib/queue/queues';
import { processDeliveryJob } from '@/lib/tasks/deliver';
import type { JobDefinition } from './types';

// OUTPOST_WORKER_CONCURRENCY deliveries in flight per queue, fetched by a few pollers in batches:
// fewer pollers means fewer fetch queries (each NOTIFY wakes every poller), and more than one
// keeps a slow endpoint in one batch from holding up all the others.
function workShape() {
  const concurrency = env().OUTPOST_WORKER_CONCURRENCY;
  const pollers = Math.min(env().OUTPOST_DELIVERY_POLLERS, concurrency);
  return { localConcurrency: pollers, batchSize: Math.ceil(concurrency / pollers) };
}

/** One delivery queue per integration kind (deliver.<kind>). */
export async function deliveryJobs(): Promise<JobDefinition[]> {
  return integrationKinds().map((kind) => ({
    queue: deliveryQueue(kind),
    queueOptions: deliveryQueueOptions,
    workOptions: { ...pollingOptions, ...workShape(), burstWhenBatchFull: true },
    async handle(jobs) {
      const results = await Promise.allSettled(jobs.map((job) => processDeliveryJob(job)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      // Infrastructure errors only (delivery outcomes are settled by the engine): let pg-boss retry.
      if (failed) throw failed.reason;
    },
  }));
}
