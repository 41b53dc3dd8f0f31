import { pollingOptions } from '@/lib/queue/queues';
import type { JobDefinition } from './types';

/**
 * A maintenance pass on a cron schedule, one at a time on one worker (singleton). A pass that fails
 * or dies is not retried: the next scheduled one does its work.
 */
export function scheduledPass(queue: string, cron: string, run: () => Promise<void>): JobDefinition {
  return {
    queue,
    queueOptions: { retryLimit: 0, expireInSeconds: 15 * 60, policy: 'singleton' },
    workOptions: pollingOptions,
    schedule: { cron },
    handle: run,
  };
}
