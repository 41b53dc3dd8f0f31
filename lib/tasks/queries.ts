import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { EVENT_DELIVERY_KIND } from '@/lib/integrations/event-delivery';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { outputTasks, taskAttempts, type OutputTask, type TaskAttempt } from '@/lib/db/schema';
import { notFound, validationError } from '@/lib/errors';
import type { ListTasksQuery } from './schemas';
import { statusIs } from './status-filter';

export async function getOwnedTask(userId: string, id: string): Promise<OutputTask> {
  if (!z.uuid().safeParse(id).success) throw notFound('Task');
  const [row] = await db
    .select()
    .from(outputTasks)
    .where(and(eq(outputTasks.id, id), eq(outputTasks.userId, userId)))
    .limit(1);
  if (!row) throw notFound('Task');
  return row;
}

/** Which of these task ids are the user's (the rest: someone else's, deleted, or made up). */
export async function ownedTaskIds(userId: string, ids: string[]): Promise<Set<string>> {
  const valid = [...new Set(ids)].filter((id) => z.uuid().safeParse(id).success);
  if (valid.length === 0) return new Set();
  const rows = await db
    .select({ id: outputTasks.id })
    .from(outputTasks)
    .where(and(eq(outputTasks.userId, userId), inArray(outputTasks.id, valid)));
  return new Set(rows.map((r) => r.id));
}

// The cursor names the last row seen; comparing against that row's own created_at keeps Postgres's
// microsecond precision (a timestamp round-tripped through JS would lose it).
function encodeCursor(row: OutputTask): string {
  return Buffer.from(row.id).toString('base64url');
}

function decodeCursor(raw: string): string {
  const id = Buffer.from(raw, 'base64url').toString('utf8');
  if (z.uuid().safeParse(id).success) return id;
  throw validationError([{ path: 'cursor', message: 'is not a cursor returned by this API' }]);
}

/** The statement behind listTasks (its plan is tested: tests/tasks/status-filter.test.ts). */
export function listTasksStatement(userId: string, query: ListTasksQuery) {
  // Event deliveries belong to their endpoint (GET /event-endpoints/:id/deliveries), not this list.
  const filters: (SQL | undefined)[] = [eq(outputTasks.userId, userId), ne(outputTasks.kind, EVENT_DELIVERY_KIND)];
  if (query.status) filters.push(statusIs(query.status));
  if (query.kind) filters.push(eq(outputTasks.kind, query.kind));
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    filters.push(
      sql`(${outputTasks.createdAt}, ${outputTasks.id}) < (select c.created_at, c.id from output_tasks c where c.id = ${after} and c.user_id = ${userId})`,
    );
  }
  return db
    .select()
    .from(outputTasks)
    .where(and(...filters))
    .orderBy(desc(outputTasks.createdAt), desc(outputTasks.id))
    .limit(query.limit + 1);
}

/** Newest first; the cursor is opaque (created_at + id of the last row). */
export async function listTasks(userId: string, query: ListTasksQuery): Promise<{ data: OutputTask[]; nextCursor: string | null }> {
  const rows = await listTasksStatement(userId, query);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

export async function listAttempts(userId: string, taskId: string): Promise<TaskAttempt[]> {
  await getOwnedTask(userId, taskId);
  return db.select().from(taskAttempts).where(eq(taskAttempts.taskId, taskId)).orderBy(asc(taskAttempts.startedAt), asc(taskAttempts.number));
}
