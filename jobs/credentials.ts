import { refreshExpiringConnections } from '@/lib/credentials/proactive';
import { scheduledPass } from './scheduled-pass';
import type { JobDefinition } from './types';

export const CREDENTIALS_REFRESH_QUEUE = 'outpost.credentials.refresh';

/** Every minute: refresh OAuth tokens that expire within 15 minutes (lib/credentials/proactive.ts). */
export async function credentialsJobs(): Promise<JobDefinition[]> {
  return [
    scheduledPass(CREDENTIALS_REFRESH_QUEUE, '* * * * *', async () => {
      const report = await refreshExpiringConnections();
      if (report.checked) console.log(`[credentials] proactive refresh: ${JSON.stringify(report)}`);
    }),
  ];
}
