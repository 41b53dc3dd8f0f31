import type { PgBoss } from 'pg-boss';
import { integrationKinds } from '@/lib/integrations/registry';
import { getBoss } from './boss';
import { ensureQueues } from './queues';

/** This process's pg-boss with every Outpost queue created (web: send-only; worker: already running). */
export async function taskBoss(): Promise<PgBoss> {
  const boss = await getBoss(process.env.OUTPOST_PROCESS_NAME === 'outpost-worker' ? 'worker' : 'web');
  await ensureQueues(boss, integrationKinds());
  return boss;
}
