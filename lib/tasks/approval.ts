import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, withTransaction, type Tx } from '@/lib/db/client';
import { storable } from '@/lib/db/storable';
import { outputTasks, type OutputTask } from '@/lib/db/schema';
import { AppError, conflict, fromZod, notFound, validationError } from '@/lib/errors';
import { getIntegration } from '@/lib/integrations/registry';
import { releaseDependents } from './dependencies';
import { cancelDelivery, sendDelivery } from './enqueue';
import { whereOwned } from './placement';
import { approveTaskSchema, rejectTaskSchema } from './schemas';
import { transition } from './state-machine';

// A person in the loop (DESIGN §3.4): a task awaiting approval is released (as held, or as edited)
// or refused. Callers make sure a person is asking: an API key cannot approve.

/** Said to an API key holder who tries. */
export const PERSON_MUST_APPROVE = 'A person must approve or reject this task: sign in to Outpost and answer it on its task page or on the Approvals page; an API key cannot.';

async function lockAwaiting(tx: Tx, userId: string, id: string): Promise<OutputTask> {
  if (!z.uuid().safeParse(id).success) throw notFound('Task');
  const [row] = await tx.db.select().from(outputTasks).where(whereOwned(userId, id)).for('update').limit(1);
  if (!row) throw notFound('Task');
  if (row.status !== 'awaiting_approval') throw conflict(`Only a task awaiting approval can be answered; this one is ${row.status}`);
  return row;
}

type JsonKind = 'array' | 'null' | 'object' | 'string' | 'number' | 'boolean';
const kindOf = (value: unknown): JsonKind => (Array.isArray(value) ? 'array' : value === null ? 'null' : (typeof value as JsonKind));

/**
 * An edit keeps the held payload's shape: the same fields with values of the same types (arrays may
 * grow or shrink, elements typed like the held ones). Only the content a person can see changes.
 */
function shapeIssues(held: unknown, edited: unknown, path: string): { path: string; message: string }[] {
  const want = kindOf(held);
  const got = kindOf(edited);
  if (want !== got) return [{ path, message: `must be ${want === 'array' ? 'an array' : `a ${want}`}, like the payload held for approval` }];
  if (want === 'array') {
    const sample = (held as unknown[])[0];
    if (sample === undefined) return [];
    return (edited as unknown[]).flatMap((item, i) => shapeIssues(sample, item, `${path}[${i}]`));
  }
  if (want === 'object') {
    const a = held as Record<string, unknown>;
    const b = edited as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      !(key in a) ? [{ path: `${path}.${key}`, message: 'is not a field of this payload' }] : !(key in b) ? [{ path: `${path}.${key}`, message: 'is required' }] : shapeIssues(a[key], b[key], `${path}.${key}`),
    );
  }
  return [];
}

/** Checks an edited payload against the provider's limits, exactly as a rendered one is. */
export function checkEditedPayload(task: OutputTask, edited: unknown): void {
  const shape = shapeIssues(task.approvalPayload, edited, 'payload');
  if (shape.length) throw validationError(shape);
  const integration = getIntegration(task.kind);
  if (!integration) throw new AppError('conflict', `No integration for kind ${task.kind}`);
  const issues = integration.validate(edited, task.config);
  if (issues.length) throw validationError(issues.map((i) => ({ path: `payload${i.path === 'template' ? '' : `.${i.path}`}`, message: i.message })));
}

/** Approves: the task is queued with the payload held (or `payload`, re-validated) frozen for delivery. */
export async function approveTask(userId: string, id: string, body: unknown): Promise<OutputTask> {
  const parsed = approveTaskSchema.safeParse(body ?? {});
  if (!parsed.success) throw fromZod(parsed.error);
  return withTransaction(async (tx) => {
    const row = await lockAwaiting(tx, userId, id);
    if (parsed.data.payload !== undefined) checkEditedPayload(row, parsed.data.payload);
    const payload = parsed.data.payload !== undefined ? storable(parsed.data.payload) : row.approvalPayload;
    const queued = await transition(tx.db, row.id, 'queued', {
      from: ['awaiting_approval'],
      set: { approvalPayload: payload, approvedAt: sql`now()`, nextAttemptAt: null },
    });
    if (!queued) throw conflict('The task changed meanwhile; reload it');
    await sendDelivery(tx, queued);
    return queued;
  });
}

/** Rejects with a reason: cancelled, the reason kept as its lastError. */
export async function rejectTask(userId: string, id: string, body: unknown): Promise<OutputTask> {
  const parsed = rejectTaskSchema.safeParse(body ?? {});
  if (!parsed.success) throw fromZod(parsed.error);
  return withTransaction(async (tx) => {
    const row = await lockAwaiting(tx, userId, id);
    const cancelled = await transition(tx.db, row.id, 'cancelled', {
      from: ['awaiting_approval'],
      set: { nextAttemptAt: null, lastError: { code: 'rejected', message: parsed.data.reason } },
    });
    if (!cancelled) throw conflict('The task changed meanwhile; reload it');
    await cancelDelivery(tx, row);
    await releaseDependents(tx, [row.id]);
    return cancelled;
  });
}

/** Approves several tasks as held (no edits); each one on its own, so one stale task fails alone. */
export async function approveTasks(userId: string, ids: string[]): Promise<{ approved: string[]; failed: { id: string; message: string }[] }> {
  const approved: string[] = [];
  const failed: { id: string; message: string }[] = [];
  for (const id of ids) {
    try {
      approved.push((await approveTask(userId, id, {})).id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failed.push({ id, message: error.message });
    }
  }
  return { approved, failed };
}

/** The caller's tasks awaiting approval, oldest first (the first to expire). */
export async function listAwaitingApproval(userId: string, limit = 100): Promise<OutputTask[]> {
  return db
    .select()
    .from(outputTasks)
    .where(and(eq(outputTasks.userId, userId), eq(outputTasks.status, 'awaiting_approval'), sql`${outputTasks.finishedAt} is null`))
    .orderBy(outputTasks.createdAt)
    .limit(limit);
}

export async function countAwaitingApproval(userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outputTasks)
    .where(and(eq(outputTasks.userId, userId), eq(outputTasks.status, 'awaiting_approval'), sql`${outputTasks.finishedAt} is null`));
  return row?.n ?? 0;
}

