import 'server-only';
import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
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
  const conditions: (SQL | undefined)[] = [eq(outputTasks.userId, userId)];
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
 * A fingerprint of the owner's tasks: changes whenever a task is created, deleted or changes
 * status/attempts (every such write bumps updated_at). The dashboard polls it and re-renders only
 * when it moved.
 */
export async function tasksStamp(userId: string): Promise<string> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`, latest: sql<string | null>`max(${outputTasks.updatedAt})::text` })
    .from(outputTasks)
    .where(eq(outputTasks.userId, userId));
  return `${row?.n ?? 0}:${row?.latest ?? ''}`;
}
