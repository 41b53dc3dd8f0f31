import { forgetOldSignInAddresses } from '@/lib/auth/sign-in-limits';
import { deleteFullBuckets } from '@/lib/rate-limit/token-bucket';
import type { JobDefinition } from './types';

export const LIMIT_CLEANUP_QUEUE = 'outpost.limit-cleanup';

/** Maintenance: rate-limit rows that have refilled, and sign-in addresses long unused. */
export async function limitCleanupJobs(): Promise<JobDefinition[]> {
  return [
    {
      queue: LIMIT_CLEANUP_QUEUE,
      queueOptions: { policy: 'singleton', retryLimit: 1 },
      schedule: { cron: '*/10 * * * *' },
      workOptions: { pollingIntervalSeconds: 1 },
      async handle() {
        const buckets = await deleteFullBuckets();
        const addresses = await forgetOldSignInAddresses();
        if (buckets || addresses) console.log(`[limit-cleanup] removed ${buckets} refilled limit row(s), ${addresses} old sign-in address(es)`);
      },
    },
  ];
}
