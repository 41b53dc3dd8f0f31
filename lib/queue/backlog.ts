import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';

export type QueueBacklog = { queue: string; depth: number; oldestSeconds: number; active: number };

/**
 * Per pg-boss queue: jobs due and not yet started, how long the oldest of them has been due, and
 * jobs running. Reads pg-boss's job table directly (its getQueues() counts are a cache refreshed by
 * the monitor, and have no age); `state < 'active'` is the predicate of its fetch index.
 */
export async function queueBacklog(): Promise<QueueBacklog[]> {
  const rows = await db.execute<{ queue: string; depth: number; oldest: number; active: number }>(sql`
    select q.name as queue,
      count(j.id) filter (where j.state < 'active')::int as depth,
      coalesce(extract(epoch from now() - min(j.start_after) filter (where j.state < 'active')), 0)::float8 as oldest,
      count(j.id) filter (where j.state = 'active')::int as active
    from pgboss.queue q
    left join pgboss.job j on j.name = q.name and j.state <= 'active' and j.start_after <= now()
    group by q.name
    order by q.name`);
  return rows.map((row) => ({ queue: row.queue, depth: Number(row.depth), oldestSeconds: Math.max(0, Number(row.oldest)), active: Number(row.active) }));
}
