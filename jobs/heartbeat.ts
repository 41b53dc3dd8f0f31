import os from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { describeError } from '@/lib/describe-error';
import { workerHeartbeats } from '@/lib/db/schema';

export const HEARTBEAT_INTERVAL_MS = 5_000;
/** After a failed beat (the database restarting, a failover) the next one is tried this soon. */
const RETRY_AFTER_FAILURE_MS = 500;

/** Writes this worker's heartbeat row every few seconds; /api/health reads it. */
export function startHeartbeat(workerId: string): { stop(): Promise<void> } {
  const startedAt = new Date();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failing = false;
  const beat = async () => {
    try {
      await db
        .insert(workerHeartbeats)
        .values({ id: workerId, hostname: os.hostname(), pid: process.pid, startedAt, lastSeenAt: new Date() })
        .onConflictDoUpdate({ target: workerHeartbeats.id, set: { lastSeenAt: sql`now()`, stoppedAt: null } });
      if (failing) console.log('[worker] heartbeat written again');
      failing = false;
    } catch (error) {
      if (!failing) console.error('[worker] heartbeat failed:', describeError(error).split('\n')[0]);
      failing = true;
    }
    if (!stopped) timer = setTimeout(() => void beat(), failing ? RETRY_AFTER_FAILURE_MS : HEARTBEAT_INTERVAL_MS);
  };
  void beat();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await db.update(workerHeartbeats).set({ stoppedAt: new Date() }).where(eq(workerHeartbeats.id, workerId)).catch(() => {});
    },
  };
}
