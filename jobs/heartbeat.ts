import os from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { describeError } from '@/lib/describe-error';
import { workerHeartbeats } from '@/lib/db/schema';

export const HEARTBEAT_INTERVAL_MS = 5_000;

/** Writes this worker's heartbeat row every few seconds; /api/health reads it. */
export function startHeartbeat(workerId: string): { stop(): Promise<void> } {
  const startedAt = new Date();
  const beat = () =>
    db
      .insert(workerHeartbeats)
      .values({ id: workerId, hostname: os.hostname(), pid: process.pid, startedAt, lastSeenAt: new Date() })
      .onConflictDoUpdate({ target: workerHeartbeats.id, set: { lastSeenAt: sql`now()`, stoppedAt: null } })
      .catch((error: unknown) => console.error('[worker] heartbeat failed:', describeError(error).split('\n')[0]));
  void beat();
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await db.update(workerHeartbeats).set({ stoppedAt: new Date() }).where(eq(workerHeartbeats.id, workerId)).catch(() => {});
    },
  };
}
