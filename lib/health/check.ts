import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';

export const WORKER_STALE_AFTER_SECONDS = 30;

type Check = { ok: boolean; detail?: string } & Record<string, unknown>;
export type HealthReport = { ok: boolean; checks: { database: Check; queue: Check; worker: Check } };

async function safely(run: () => Promise<Check>): Promise<Check> {
  try {
    return await run();
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message.split('\n')[0] : 'unavailable' };
  }
}

export async function checkHealth(): Promise<HealthReport> {
  const database = await safely(async () => {
    await db.execute(sql`select 1`);
    return { ok: true };
  });
  const queue = database.ok
    ? await safely(async () => {
        const rows = await db.execute<{ version: number }>(sql`select version from pgboss.version limit 1`);
        return rows.length ? { ok: true, schemaVersion: Number(rows[0]!.version) } : { ok: false, detail: 'pg-boss schema not installed' };
      })
    : { ok: false, detail: 'database unavailable' };
  const worker = database.ok
    ? await safely(async () => {
        const rows = await db.execute<{ alive: number; last_seen: string | null }>(sql`
          select count(*) filter (where stopped_at is null and last_seen_at > now() - make_interval(secs => ${WORKER_STALE_AFTER_SECONDS}))::int as alive,
                 max(last_seen_at)::text as last_seen
          from worker_heartbeats`);
        const alive = Number(rows[0]?.alive ?? 0);
        return {
          ok: alive > 0,
          workers: alive,
          lastHeartbeatAt: rows[0]?.last_seen ?? null,
          ...(alive ? {} : { detail: `no worker heartbeat in the last ${WORKER_STALE_AFTER_SECONDS}s` }),
        };
      })
    : { ok: false, detail: 'database unavailable' };
  return { ok: database.ok && queue.ok && worker.ok, checks: { database, queue, worker } };
}
