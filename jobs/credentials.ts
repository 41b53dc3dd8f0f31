import { refreshExpiringConnections } from '@/lib/credentials/proactive';
import { pollingOptions } from '@/lib/queue/queues';
import type { JobDefinition } from './types';

export const CREDENTIALS_REFRESH_QUEUE = 'outpost.credentials.refresh';

/** Every minute: refresh OAuth tokens that expire within 15 minutes (lib/credentials/proactive.ts). */
export async function credentialsJobs(): Promise<JobDefinition[]> {
  return [
    {
      queue: CREDENTIALS_REFRESH_QUEUE,
      // One pass at a time is plenty; a pass that dies is simply the next minute's work.
      queueOptions: { retryLimit: 0, expireInSeconds: 15 * 60, policy: 'singleton' },
      workOptions: pollingOptions,
      schedule: { cron: '* * * * *' },
      async handle() {
        const report = await refreshExpiringConnections();
        if (report.checked) console.log(`[credentials] proactive refresh: ${JSON.stringify(report)}`);
      },
    },
  ];
}
