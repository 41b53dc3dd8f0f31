import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';

export type ActivityBucket = { hour: string; delivered: number; failed: number };

/**
 * Delivery attempts of the owner's tasks per hour over the last 24 hours: `delivered` are attempts
 * that succeeded, `failed` every finished attempt that did not (it may have been retried since).
 * Always 24 buckets, oldest first, so the chart's axis does not jump.
 */
export async function deliveryActivity(userId: string): Promise<ActivityBucket[]> {
  const rows = await db.execute<{ hour: string; delivered: number; failed: number }>(sql`
    with hours as (
      select generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()), interval '1 hour') as hour
    ),
    attempts as (
      select date_trunc('hour', a.started_at) as hour, a.outcome
      from task_attempts a join output_tasks t on t.id = a.task_id
      where t.user_id = ${userId} and a.started_at >= date_trunc('hour', now()) - interval '23 hours' and a.outcome is not null
    )
    select to_char(h.hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"') as hour,
           count(a.outcome) filter (where a.outcome = 'succeeded')::int as delivered,
           count(a.outcome) filter (where a.outcome <> 'succeeded')::int as failed
    from hours h left join attempts a on a.hour = h.hour
    group by h.hour order by h.hour`);
  return [...rows].map((r) => ({ hour: r.hour, delivered: Number(r.delivered), failed: Number(r.failed) }));
}
