import { randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { db, withTransaction, type Tx } from '@/lib/db/client';
import { outputTasks, type OutputTask } from '@/lib/db/schema';
import { conflict, fromZod, notFound } from '@/lib/errors';
import { metrics } from '@/lib/metrics/registry';
import { RenderBudget } from '@/lib/templates/isolated';
import { assertNoCycle, releaseDependents } from './dependencies';
import { cancelDelivery, sendDelivery } from './enqueue';
import { firstTransition, plan, registerCron, unregisterCron, whereOwned } from './placement';
import { definitionColumns, prepareTask } from './prepare';
import { getOwnedTask } from './queries';
import { patchTaskSchema, type CreateTaskInput } from './schemas';
import { transition } from './state-machine';

async function lockOwned(tx: Tx, userId: string, id: string): Promise<OutputTask> {
  const [row] = await tx.db.select().from(outputTasks).where(whereOwned(userId, id)).for('update').limit(1);
  if (!row) throw notFound('Task');
  return row;
}

async function hasOtherMembers(tx: Tx, leaderId: string): Promise<boolean> {
  const rows = await tx.db
    .select({ id: outputTasks.id })
    .from(outputTasks)
    .where(and(eq(outputTasks.batchLeaderId, leaderId), ne(outputTasks.id, leaderId), eq(outputTasks.status, 'queued')))
    .limit(1);
  return rows.length > 0;
}

/** Cancels inside an open transaction (shared by cancel and delete). */
async function cancelLocked(tx: Tx, row: OutputTask): Promise<OutputTask> {
  if (row.status === 'running') {
    // The attempt in flight finishes; the worker then stops instead of retrying.
    const [flagged] = await tx.db.update(outputTasks).set({ cancelRequested: 1, updatedAt: new Date() }).where(eq(outputTasks.id, row.id)).returning();
    return flagged!;
  }
  const cancelled = await transition(tx.db, row.id, 'cancelled', { set: { nextAttemptAt: null } });
  if (!cancelled) throw conflict(`Task is already ${row.status}`);
  if (row.schedule) await unregisterCron(tx, row.id);
  // A batch leader's job also delivers the other members of its window: keep it for them.
  const leadsOthers = row.batchLeaderId === row.id && (await hasOtherMembers(tx, row.id));
  if (!leadsOthers) await cancelDelivery(tx, row);
  await releaseDependents(tx, [row.id]);
  return cancelled;
}

export async function cancelTask(userId: string, id: string): Promise<OutputTask> {
  await assertExists(userId, id);
  return withTransaction(async (tx) => cancelLocked(tx, await lockOwned(tx, userId, id)));
}

/** DELETE /tasks/:id: cancels first (409 while running), then removes the task and its attempts. */
export async function deleteTask(userId: string, id: string): Promise<void> {
  await assertExists(userId, id);
  await withTransaction(async (tx) => {
    const row = await lockOwned(tx, userId, id);
    if (row.status === 'running') throw conflict('Task is running; cancel it and delete it once the attempt has finished');
    if (!['succeeded', 'failed', 'cancelled', 'skipped'].includes(row.status)) await cancelLocked(tx, row);
    await tx.db.delete(outputTasks).where(eq(outputTasks.id, row.id));
  });
}

/** POST /tasks/:id/run: a draft (or a task scheduled for later) runs now; a cron definition fires once now. */
export async function runTask(userId: string, id: string): Promise<OutputTask> {
  await assertExists(userId, id);
  return withTransaction(async (tx) => {
    const row = await lockOwned(tx, userId, id);
    if (row.status === 'scheduled' && row.schedule) {
      const run = await createRunOf(tx, row, `manual:${randomUUID()}`);
      return run ?? row;
    }
    if (row.status === 'scheduled') {
      const queued = await transition(tx.db, row.id, 'queued', { from: ['scheduled'] });
      await sendDelivery(tx, queued!, null);
      return (await reread(tx, row.id))!;
    }
    if (row.status !== 'draft') throw conflict(`Only draft or scheduled tasks can be run; this one is ${row.status}`);
    const placement = await plan(tx, {
      id: row.id,
      userId,
      kind: row.kind,
      connectionId: row.connectionId,
      draft: false,
      schedule: row.schedule,
      runAt: null,
      dependsOn: row.dependsOn,
      batchKey: row.batchKey,
      batchWindowSeconds: row.batchWindowSeconds,
    });
    await applyPlacement(tx, row.id, placement, 'draft');
    return (await reread(tx, row.id))!;
  });
}

/** Moves a draft (run) or re-planned scheduled task (PATCH) to its new placement, with its job. */
async function applyPlacement(
  tx: Tx,
  id: string,
  placement: Awaited<ReturnType<typeof plan>>,
  from: 'draft' | 'scheduled',
  set: Partial<Record<keyof OutputTask, unknown>> = {},
): Promise<void> {
  const moved = await transition(tx.db, id, placement.status, {
    from: [from],
    set: {
      ...set,
      batchLeaderId: placement.batchLeaderId ?? null,
      nextAttemptAt: placement.nextAttemptAt ?? null,
      lastError: placement.lastError ?? null,
    },
  });
  if (!moved) throw conflict('Task changed meanwhile; try again');
  if (moved.status === 'scheduled' && moved.schedule) await registerCron(tx, moved.id, moved.schedule);
  if (placement.send) await sendDelivery(tx, moved, placement.send.startAfter);
  if (moved.status === 'skipped') await releaseDependents(tx, [moved.id]);
}

/** POST /tasks/:id/retry: a failed task is queued again with its attempt count reset. */
export async function retryTask(userId: string, id: string): Promise<OutputTask> {
  await assertExists(userId, id);
  return withTransaction(async (tx) => {
    const row = await lockOwned(tx, userId, id);
    if (row.status !== 'failed') throw conflict(`Only failed tasks can be retried; this one is ${row.status}`);
    const queued = await transition(tx.db, row.id, 'queued', {
      from: ['failed'],
      set: {
        attempts: 0,
        lastError: null,
        result: null,
        finishedAt: null,
        cancelRequested: 0,
        nextAttemptAt: null,
        progress: row.progress,
        // Re-delivered on its own (the rest of its old batch is not re-sent with it).
        batchLeaderId: row.batchLeaderId ? row.id : null,
      },
    });
    await sendDelivery(tx, queued!, null);
    return (await reread(tx, row.id))!;
  });
}

/** PATCH /tasks/:id while draft or scheduled: revalidates the merged task, re-plans its job/schedule. */
export async function patchTask(userId: string, id: string, body: unknown): Promise<OutputTask> {
  const parsed = patchTaskSchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const patch = parsed.data;
  const current = await assertExists(userId, id);
  if (current.status !== 'draft' && current.status !== 'scheduled') {
    throw conflict(`Only draft or scheduled tasks can be edited; this one is ${current.status}`);
  }
  const templateTouched = patch.template !== undefined || patch.templateId !== undefined;
  const has = (key: keyof typeof patch) => Object.prototype.hasOwnProperty.call(patch, key);
  const merged: CreateTaskInput = {
    kind: current.kind,
    input: (has('input') ? patch.input : current.input) as CreateTaskInput['input'],
    name: has('name') ? (patch.name ?? undefined) : (current.name ?? undefined),
    connectionId: has('connectionId') ? patch.connectionId : current.connectionId,
    templateId: templateTouched ? (patch.templateId ?? null) : null,
    // Untouched, the pinned body stays (an id-given template is not re-resolved to a newer version).
    template: templateTouched ? (patch.template ?? null) : current.template,
    config: has('config') ? patch.config : current.config,
    mapping: has('mapping') ? patch.mapping : (current.mapping as CreateTaskInput['mapping']),
    condition: has('condition') ? patch.condition : current.condition,
    runAt: has('runAt') ? patch.runAt : (current.runAt?.toISOString() ?? null),
    schedule: has('schedule') ? patch.schedule : current.schedule,
    dependsOn: patch.dependsOn ?? current.dependsOn,
    batchKey: has('batchKey') ? patch.batchKey : current.batchKey,
    batchWindowSeconds: patch.batchWindowSeconds ?? current.batchWindowSeconds,
    maxAttempts: patch.maxAttempts ?? current.maxAttempts,
    notify: (current.notify as CreateTaskInput['notify']) ?? undefined,
    approval: current.approval === 'required' ? 'required' : 'none',
    approvalExpiresAt: current.approvalExpiresAt?.toISOString(),
  };
  if (merged.runAt && merged.schedule) {
    // Setting one clears the other.
    if (has('runAt')) merged.schedule = null;
    else merged.runAt = null;
  }
  const prepared = await prepareTask(db, userId, merged, new RenderBudget(userId));
  if (!templateTouched) {
    prepared.source.templateId = current.templateId;
    prepared.source.templateVersion = current.templateVersion;
  }
  return withTransaction(async (tx) => {
    const row = await lockOwned(tx, userId, id);
    if (row.status !== 'draft' && row.status !== 'scheduled') throw conflict(`Only draft or scheduled tasks can be edited; this one is ${row.status}`);
    await assertNoCycle(tx, row.id, merged.dependsOn ?? []);
    const fields = definitionColumns(prepared);
    if (row.status === 'draft') {
      await tx.db.update(outputTasks).set({ ...fields, updatedAt: new Date() }).where(eq(outputTasks.id, row.id));
      return (await reread(tx, row.id))!;
    }
    // Scheduled: drop the old job/schedule and plan again from the edited task.
    if (row.schedule) await unregisterCron(tx, row.id);
    await cancelDelivery(tx, row);
    const placement = await plan(tx, {
      id: row.id,
      userId,
      kind: row.kind,
      connectionId: fields.connectionId,
      draft: false,
      schedule: fields.schedule,
      runAt: fields.runAt,
      dependsOn: fields.dependsOn,
      batchKey: fields.batchKey,
      batchWindowSeconds: fields.batchWindowSeconds,
    });
    await applyPlacement(tx, row.id, placement, 'scheduled', { ...fields, jobId: null });
    return (await reread(tx, row.id))!;
  });
}

/**
 * One firing of a cron definition: a copy of it as a run task (queued, job sent), linked by
 * scheduleParentId. `firingKey` makes a re-delivered firing create nothing twice.
 */
export async function createRunOf(tx: Tx, def: OutputTask, firingKey: string): Promise<OutputTask | null> {
  const id = randomUUID();
  const [run] = await tx.db
    .insert(outputTasks)
    .values({
      id,
      userId: def.userId,
      kind: def.kind,
      name: def.name,
      connectionId: def.connectionId,
      templateId: def.templateId,
      templateVersion: def.templateVersion,
      template: def.template,
      input: def.input as object,
      config: def.config,
      mapping: def.mapping,
      condition: def.condition,
      status: 'queued',
      scheduleParentId: def.id,
      maxAttempts: def.maxAttempts,
      // Each run reports to the definition's notify target.
      notify: def.notify,
      approval: def.approval,
      idempotencyKey: `cron:${def.id}:${firingKey}`,
      transitions: firstTransition('queued'),
    })
    .onConflictDoNothing()
    .returning();
  if (!run) return null;
  await sendDelivery(tx, run, null);
  metrics().tasksCreated.inc({ kind: run.kind });
  return (await reread(tx, run.id)) ?? run;
}

async function reread(tx: Tx, id: string): Promise<OutputTask | undefined> {
  const [row] = await tx.db.select().from(outputTasks).where(eq(outputTasks.id, id));
  return row;
}

// A 404 (also for another owner's task) before any transaction is opened.
const assertExists = getOwnedTask;
