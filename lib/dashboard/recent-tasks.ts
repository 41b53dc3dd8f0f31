import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { outputTasks } from '@/lib/db/schema';

export async function recentTasks(userId: string, limit = 20) {
  return db
    .select({
      id: outputTasks.id,
      name: outputTasks.name,
      kind: outputTasks.kind,
      status: outputTasks.status,
      attempts: outputTasks.attempts,
      updatedAt: outputTasks.updatedAt,
    })
    .from(outputTasks)
    .where(eq(outputTasks.userId, userId))
    .orderBy(desc(outputTasks.createdAt))
    .limit(limit);
}

export async function taskCountsByStatus(userId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: outputTasks.status, count: sql<number>`count(*)::int` })
    .from(outputTasks)
    .where(eq(outputTasks.userId, userId))
    .groupBy(outputTasks.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.count]));
}
