import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/lib/db/client';
import { outputTasks } from '@/lib/db/schema';
import { releaseDependents } from './dependencies';
import { sendDeadLetter } from './enqueue';
import { transitionWhere } from './state-machine';

/**
 * A connection that needs to be reconnected: its queued and retrying tasks fail now with
 * `auth_expired` (each keeps its message and can be retried by hand after the reconnect) instead of
 * each spending an attempt to learn the same thing. Scheduled and waiting tasks fail the same way
 * when they come due, unless the connection was reconnected by then.
 */
export async function failPendingTasksOfConnection(tx: Tx, connectionId: string, message: string): Promise<number> {
  const failed = await transitionWhere(tx.db, and(eq(outputTasks.connectionId, connectionId))!, 'failed', {
    from: ['queued', 'retrying'],
    set: { lastError: { code: 'auth_expired', message }, nextAttemptAt: null },
  });
  for (const row of failed) await sendDeadLetter(tx, { taskId: row.id, reason: 'permanent' });
  await releaseDependents(tx, failed.map((row) => row.id));
  return failed.length;
}
