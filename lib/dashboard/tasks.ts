import 'server-only';
import { and, desc, eq, ilike, ne, or, sql, type SQL } from 'drizzle-orm';
import { EVENT_DELIVERY_KIND } from '@/lib/integrations/event-delivery';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { connections, outputTasks, type TaskStatus } from '@/lib/db/schema';
import { statusIs } from '@/lib/tasks/status-filter';
import { DASHBOARD_PAGE_SIZE, type DashboardFilters } from './filters';

export type LastAttempt = { at: string; outcome: string | null; httpStatus: number | null; errorClass: string | null };

export type DashboardTask = {
  id: string;
  name: string | null;
  kind: string;
  status: TaskStatus;
  connectionId: string | null;
  connectionLabel: string | null;
  attempts: number;
  nextRunAt: string | null;
  schedule: string | null;
  lastAttempt: LastAttempt | null;
  updatedAt: string;
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The owner's tasks narrowed by every filter except those listed in `except`. */
export function filterConditions(userId: string, filters: Partial<DashboardFilters>, except: (keyof DashboardFilters)[] = []): SQL {
  // Event deliveries are listed with their endpoint (Events page), not among the person's tasks.
  const conditions: (SQL | undefined)[] = [eq(outputTasks.userId, userId), ne(outputTasks.kind, EVENT_DELIVERY_KIND)];
  if (filters.status && !except.includes('status')) conditions.push(statusIs(filters.status));
  if (filters.kind && !except.includes('kind')) conditions.push(eq(outputTasks.kind, filters.kind));
  if (filters.connectionId && !except.includes('connectionId')) conditions.push(eq(outputTasks.connectionId, filters.connectionId));
  if (filters.q && !except.includes('q')) {
    const byName = ilike(outputTasks.name, `%${escapeLike(filters.q)}%`);
    // A pasted task id finds its task too.
    conditions.push(z.uuid().safeParse(filters.q).success ? or(byName, eq(outputTasks.id, filters.q)) : byName);
  }
  return and(...conditions)!;
}

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** One page of the filtered tasks, newest first, with their connection and latest attempt. */
export async function listDashboardTasks(userId: string, filters: DashboardFilters): Promise<{ tasks: DashboardTask[]; total: number }> {
  const where = filterConditions(userId, filters);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: outputTasks.id,
        name: outputTasks.name,
        kind: outputTasks.kind,
        status: outputTasks.status,
        connectionId: outputTasks.connectionId,
        connectionLabel: connections.label,
        attempts: outputTasks.attempts,
        runAt: outputTasks.runAt,
        nextAttemptAt: outputTasks.nextAttemptAt,
        schedule: outputTasks.schedule,
        updatedAt: outputTasks.updatedAt,
        lastAttempt: sql<LastAttempt | null>`(
          select jsonb_build_object('at', a.started_at, 'outcome', a.outcome, 'httpStatus', a.http_status, 'errorClass', a.error_class)
          from task_attempts a where a.task_id = ${outputTasks.id} order by a.number desc, a.started_at desc limit 1)`,
      })
      .from(outputTasks)
      .leftJoin(connections, eq(connections.id, outputTasks.connectionId))
      .where(where)
      .orderBy(desc(outputTasks.createdAt), desc(outputTasks.id))
      .limit(DASHBOARD_PAGE_SIZE)
      .offset((filters.page - 1) * DASHBOARD_PAGE_SIZE),
    db.select({ n: sql<number>`count(*)::int` }).from(outputTasks).where(where),
  ]);
  return {
    total: count?.n ?? 0,
    tasks: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      status: r.status,
      connectionId: r.connectionId,
      connectionLabel: r.connectionLabel,
      attempts: r.attempts,
      nextRunAt: iso(r.nextAttemptAt ?? (['scheduled', 'waiting', 'queued', 'retrying'].includes(r.status) ? r.runAt : null)),
      schedule: r.schedule,
      lastAttempt: r.lastAttempt ? { ...r.lastAttempt, at: iso(r.lastAttempt.at)! } : null,
      updatedAt: iso(r.updatedAt)!,
    })),
  };
}

/** Tasks per status under the other filters, so each status chip says what clicking it shows. */
export async function countsByStatus(userId: string, filters: Partial<DashboardFilters>): Promise<Partial<Record<TaskStatus, number>>> {
  const rows = await db
    .select({ status: outputTasks.status, n: sql<number>`count(*)::int` })
    .from(outputTasks)
    .where(filterConditions(userId, filters, ['status']))
    .groupBy(outputTasks.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * A fingerprint of the owner's tasks, polled every 2 s by each open live page, which re-renders only
 * when it moved. Made of three index-backed parts, so it never reads the owner's history:
 * - unfinished tasks: count and latest updated_at (every status change bumps it), through the
 *   partial index on unfinished tasks: as many rows as the owner has in flight, at most the
 *   pending-tasks quota;
 * - the latest finished_at, one probe of (user_id, finished_at): a task finishing, or created
 *   already finished (skipped);
 * - the owner's count of deleted tasks (task_deletions, kept by a trigger): finished rows change in
 *   no other way (a retried one becomes unfinished again).
 * Not a per-user counter bumped on every write: each delivery would then queue at commit behind the
 * same user's other deliveries for that one row lock, on the hot path.
 */
export const tasksStampQuery = (userId: string) => sql`
  select
    (select count(*) || ':' || coalesce(max(updated_at)::text, '') from output_tasks
      where user_id = ${userId} and finished_at is null) as unfinished,
    (select max(finished_at)::text from output_tasks where user_id = ${userId} and finished_at is not null) as finished,
    (select count::text from task_deletions where user_id = ${userId}) as deleted`;

export async function tasksStamp(userId: string): Promise<string> {
  const [row] = await db.execute<{ unfinished: string; finished: string | null; deleted: string | null }>(tasksStampQuery(userId));
  return `${row?.unfinished ?? ''}:${row?.finished ?? ''}:${row?.deleted ?? '0'}`;
}
