import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { outputTasks, type TaskStatus } from '@/lib/db/schema';
import { terminalStatuses } from './state-machine';

/**
 * `status = $1` for a list filter. No index may cover `status` (a delivery changes it, and status
 * updates must stay HOT), so an unfinished status also says what it implies: `finished_at is null`
 * (the state machine sets finished_at exactly when a task reaches a terminal status, and a retry
 * clears it). That lets the partial index of unfinished tasks by owner and age serve the list instead
 * of the owner's whole history; the rows are the same.
 */
export function statusIs(status: TaskStatus): SQL {
  const byStatus = eq(outputTasks.status, status);
  return terminalStatuses.includes(status) ? byStatus : and(byStatus, isNull(outputTasks.finishedAt))!;
}
