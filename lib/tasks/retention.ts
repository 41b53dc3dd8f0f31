import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';

export type PurgeOptions = {
  /** Tasks that finished before this are deleted (default: OUTPOST_RETENTION_DAYS ago). */
  before?: Date;
  /** Tasks per transaction: small, so no statement holds many locks or runs long. */
  batchSize?: number;
  /** Pause between batches, leaving the database to deliveries. */
  pauseMs?: number;
  /** Stop after this long; the next run continues where this one stopped. */
  budgetMs?: number;
  /** Only this owner's tasks (tests). */
  userId?: string;
};

export type PurgeReport = { deleted: number; batches: number; ms: number; finished: boolean };

export function retentionCutoff(now = new Date()): Date {
  return new Date(now.getTime() - env().OUTPOST_RETENTION_DAYS * 86_400_000);
}

/**
 * Deletes finished tasks (their attempts go with them: ON DELETE CASCADE) that finished before the
 * cutoff, oldest first, in small batches. Kept while still needed: a finished task an unfinished
 * task depends on (its result is rendered into the dependent), and a cron definition while runs
 * of it remain. Rows another transaction holds are skipped, never waited for.
 */
export async function purgeFinishedTasks(options: PurgeOptions = {}): Promise<PurgeReport> {
  const before = options.before ?? retentionCutoff();
  const batchSize = options.batchSize ?? 500;
  const pauseMs = options.pauseMs ?? 50;
  const budgetMs = options.budgetMs ?? 5 * 60_000;
  const owner = options.userId ? sql`and t.user_id = ${options.userId}` : sql``;
  const started = performance.now();
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const rows = await db.transaction(async (tx) => {
      // A delivery never waits on the purge: locks are skipped, and a statement that would wait is cut short.
      await tx.execute(sql`set local lock_timeout = '2s'`);
      return tx.execute<{ id: string }>(sql`
        with doomed as (
          select t.id from output_tasks t
          where t.finished_at is not null and t.finished_at < ${before.toISOString()}::timestamptz ${owner}
            and not exists (
              select 1 from output_tasks d
              where d.depends_on <> '{}' and d.depends_on @> array[t.id] and d.finished_at is null)
            and (t.schedule is null or not exists (
              select 1 from output_tasks r where r.schedule_parent_id = t.id))
          order by t.finished_at
          limit ${batchSize}
          for update of t skip locked
        )
        delete from output_tasks where id in (select id from doomed)
        returning id`);
    });
    batches++;
    deleted += rows.length;
    const finished = rows.length < batchSize;
    if (finished || performance.now() - started > budgetMs) {
      return { deleted, batches, ms: Math.round(performance.now() - started), finished };
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
