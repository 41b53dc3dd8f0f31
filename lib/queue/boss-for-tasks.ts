import type { PgBoss } from 'pg-boss';
import { deliveryKinds } from '@/lib/integrations/registry';
import { getBoss } from './boss';
import { ensureQueues } from './queues';

/** This process's pg-boss with every Outpost queue created (web: send-only; worker: already running). */
export async function taskBoss(): Promise<PgBoss> {
  const boss = await getBoss(process.env.OUTPOST_PROCESS_NAME === 'outpost-worker' ? 'worker' : 'web');
  await ensureQueues(boss, deliveryKinds());
  return boss;
}
