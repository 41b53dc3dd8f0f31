import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { WORKER_STALE_AFTER_SECONDS } from '@/lib/health/check';
import { queueBacklog, type QueueBacklog } from '@/lib/queue/backlog';

// What the instance's operators see on /system: read from Postgres, so every web instance shows
// the same picture whichever one answers.

export type WorkerRow = { id: string; hostname: string; pid: number; startedAt: Date; lastSeenAt: Date; stoppedAt: Date | null; alive: boolean };
export type MinuteCount = { minute: Date; succeeded: number; failed: number };
export type FailureClass = { errorClass: string; tasks: number };
export type EmptyBucket = { key: string; secondsToToken: number };
export type SystemOverview = {
  workers: WorkerRow[];
  queues: QueueBacklog[];
  perMinute: MinuteCount[];
  failures: FailureClass[];
  emptyBuckets: EmptyBucket[];
};

/** Workers seen in the last day (a stopped one says so), newest first. */
async function workers(): Promise<WorkerRow[]> {
  const rows = await db.execute<{ id: string; hostname: string; pid: number; started_at: string; last_seen_at: string; stopped_at: string | null; alive: boolean }>(sql`
    select id, hostname, pid, started_at, last_seen_at, stopped_at,
      stopped_at is null and last_seen_at > now() - make_interval(secs => ${WORKER_STALE_AFTER_SECONDS}) as alive
    from worker_heartbeats
    where last_seen_at > now() - interval '1 day'
    order by alive desc, last_seen_at desc
    limit 100`);
  return rows.map((r) => ({
    id: r.id,
    hostname: r.hostname,
    pid: Number(r.pid),
    startedAt: new Date(r.started_at),
    lastSeenAt: new Date(r.last_seen_at),
    stoppedAt: r.stopped_at ? new Date(r.stopped_at) : null,
    alive: Boolean(r.alive),
  }));
}

/** Tasks finished per minute over the last hour (output_tasks_finished_idx). */
async function perMinute(): Promise<MinuteCount[]> {
  const rows = await db.execute<{ minute: string; succeeded: number; failed: number }>(sql`
    select date_trunc('minute', finished_at) as minute,
      count(*) filter (where status = 'succeeded')::int as succeeded,
      count(*) filter (where status = 'failed')::int as failed
    from output_tasks
    where finished_at is not null and finished_at > now() - interval '1 hour'
    group by 1 order by 1`);
  return rows.map((r) => ({ minute: new Date(r.minute), succeeded: Number(r.succeeded), failed: Number(r.failed) }));
}

/** Tasks that failed for good in the last 24 h, by the class of their last error. */
async function failures(): Promise<FailureClass[]> {
  const rows = await db.execute<{ error_class: string | null; tasks: number }>(sql`
    select last_error->>'code' as error_class, count(*)::int as tasks
    from output_tasks
    where finished_at is not null and finished_at > now() - interval '1 day' and status = 'failed'
    group by 1 order by 2 desc`);
  return rows.map((r) => ({ errorClass: r.error_class ?? 'unknown', tasks: Number(r.tasks) }));
}

/**
 * Token buckets with less than one token now. Sign-in and sign-up keys name a client address:
 * only their kind is shown.
 */
async function emptyBuckets(): Promise<EmptyBucket[]> {
  const rows = await db.execute<{ key: string; seconds: number }>(sql`
    select key, (1 - now_tokens) / refill_per_second as seconds
    from (
      select key, refill_per_second,
        tokens + extract(epoch from clock_timestamp() - updated_at) * refill_per_second as now_tokens
      from rate_limit_buckets
      where refill_per_second > 0
    ) b
    where now_tokens < 1
    order by seconds desc
    limit 100`);
  return rows.map((r) => ({ key: displayedKey(r.key), secondsToToken: Math.max(0, Number(r.seconds)) }));
}

function displayedKey(key: string): string {
  const [scope, kind] = key.split(':');
  return scope === 'signin' || scope === 'signup' ? `${scope}:${kind}:…` : key;
}

export async function systemOverview(): Promise<SystemOverview> {
  const [w, queues, minutes, failed, empty] = await Promise.all([workers(), queueBacklog(), perMinute(), failures(), emptyBuckets()]);
  return { workers: w, queues, perMinute: minutes, failures: failed, emptyBuckets: empty };
}
