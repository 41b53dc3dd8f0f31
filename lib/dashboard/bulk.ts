import 'server-only';
import { and, inArray, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { outputTasks, type TaskStatus } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { cancelTask, retryTask } from '@/lib/tasks';
import type { DashboardFilters } from './filters';
import { filterConditions } from './tasks';

export const BULK_LIMIT = 500;

export type BulkCommand = 'retry' | 'cancel';

/** Which statuses each command applies to; the rest of the filtered set is left alone. */
export const bulkEligible: Record<BulkCommand, readonly TaskStatus[]> = {
  retry: ['failed'],
  cancel: ['draft', 'scheduled', 'waiting', 'queued', 'retrying', 'running'],
};

export type BulkResult = { done: number; skipped: number; remaining: number };

function eligibleWhere(userId: string, command: BulkCommand, filters: Partial<DashboardFilters>) {
  return and(filterConditions(userId, filters), inArray(outputTasks.status, [...bulkEligible[command]]));
}

export async function countEligible(userId: string, command: BulkCommand, filters: Partial<DashboardFilters>): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outputTasks).where(eligibleWhere(userId, command, filters));
  return row?.n ?? 0;
}

/**
 * Retries or cancels the filtered set through the same per-task commands as the API (so every
 * state rule holds), at most BULK_LIMIT tasks per call. A task that changed state meanwhile is
 * counted as skipped, not an error.
 */
export async function runBulkCommand(userId: string, command: BulkCommand, filters: Partial<DashboardFilters>): Promise<BulkResult> {
  const rows = await db
    .select({ id: outputTasks.id })
    .from(outputTasks)
    .where(eligibleWhere(userId, command, filters))
    .orderBy(outputTasks.createdAt)
    .limit(BULK_LIMIT + 1);
  const batch = rows.slice(0, BULK_LIMIT);
  const run = command === 'retry' ? retryTask : cancelTask;
  let done = 0;
  let skipped = 0;
  for (const { id } of batch) {
    try {
      await run(userId, id);
      done += 1;
    } catch (error) {
      if (error instanceof AppError && (error.code === 'conflict' || error.code === 'not_found')) skipped += 1;
      else throw error;
    }
  }
  const remaining = rows.length > BULK_LIMIT ? await countEligible(userId, command, filters) : 0;
  return { done, skipped, remaining };
}
