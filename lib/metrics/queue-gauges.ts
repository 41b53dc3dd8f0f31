import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { queueBacklog } from '@/lib/queue/backlog';
import { gaugeOnScrape } from './registry';

/** Queue depth and oldest due job per queue, and the workers' heartbeats, read from Postgres at each scrape. */
export function registerQueueGauges(): void {
  let pending: ReturnType<typeof queueBacklog> | null = null;
  // Both gauges are read in one scrape: one query serves the pair.
  const backlog = () => (pending ??= queueBacklog().finally(() => setTimeout(() => (pending = null), 1000).unref()));
  gaugeOnScrape('outpost_queue_depth', 'Jobs due and not yet started, per queue', ['queue'], async () =>
    (await backlog()).map((q) => ({ labels: { queue: q.queue }, value: q.depth })),
  );
  gaugeOnScrape('outpost_queue_oldest_job_age_seconds', 'How long the oldest due job has waited, per queue (0 when none)', ['queue'], async () =>
    (await backlog()).map((q) => ({ labels: { queue: q.queue }, value: q.oldestSeconds })),
  );
  // The alert that no worker runs: a gauge the web serves, since a dead worker serves nothing.
  gaugeOnScrape('outpost_worker_heartbeat_age_seconds', 'Seconds since the freshest heartbeat of any running worker', [], async () => {
    const [row] = await db.execute<{ age: number | null }>(
      sql`select extract(epoch from now() - max(last_seen_at))::float8 as age from worker_heartbeats where stopped_at is null`,
    );
    return row?.age == null ? [] : [{ labels: {}, value: Math.max(0, Number(row.age)) }];
  });
}
