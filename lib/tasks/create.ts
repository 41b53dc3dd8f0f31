import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { db, pipelinedTransaction, withTransaction } from '@/lib/db/client';
import { insertStatement } from '@/lib/db/insert-statement';
import { mapRow } from '@/lib/db/map-row';
import { outputTasks, type OutputTask } from '@/lib/db/schema';
import { RenderBudget, RenderBudgetExceeded } from '@/lib/templates/isolated';
import { AppError, conflict, fromZod, validationError, zodDetails, type ErrorDetail } from '@/lib/errors';
import { metrics } from '@/lib/metrics/registry';
import { inSpan } from '@/lib/tracing';
import { assertPendingTaskQuota, assertScheduleQuota, assertStoredBytesQuota, taskStoredBytes } from '@/lib/quotas';
import { deliveryJobStatement, sendDeliveries, sendDelivery } from './enqueue';
import { requestHash } from './hash';
import { afterInsert, firstTransition, immediatePlacement, plan, type Placement } from './placement';
import { definitionColumns, prepareTask, type PreparedTask } from './prepare';
import { batchCreateSchema, createTaskSchema, type CreateTaskInput } from './schemas';

export type CreateResult = { task: OutputTask; created: boolean };

function rowValues(userId: string, id: string, p: PreparedTask, placement: Placement, extra: Partial<OutputTask> = {}) {
  return {
    id,
    userId,
    kind: p.input.kind,
    ...definitionColumns(p),
    status: placement.status,
    batchLeaderId: placement.batchLeaderId ?? null,
    nextAttemptAt: placement.nextAttemptAt ?? null,
    lastError: placement.lastError ?? null,
    transitions: firstTransition(placement.status),
    ...(placement.status === 'skipped' ? { finishedAt: new Date() } : {}),
    ...extra,
  };
}

function planInput(userId: string, id: string, p: PreparedTask) {
  return {
    id,
    userId,
    kind: p.input.kind,
    connectionId: p.connection?.id ?? null,
    draft: p.input.draft ?? false,
    schedule: p.input.schedule ?? null,
    runAt: p.input.runAt ? new Date(p.input.runAt) : null,
    dependsOn: p.input.dependsOn ?? [],
    batchKey: p.input.batchKey ?? null,
    batchWindowSeconds: p.input.batchWindowSeconds ?? 60,
  };
}

async function existingByKey(userId: string, key: string, hash: string): Promise<CreateResult | null> {
  const [row] = await db
    .select()
    .from(outputTasks)
    .where(and(eq(outputTasks.userId, userId), eq(outputTasks.idempotencyKey, key)))
    .limit(1);
  if (!row) return null;
  if (row.requestHash !== hash) throw conflict(`Idempotency-Key "${key}" was already used with a different request body`);
  return { task: row, created: false };
}

/** POST /tasks: validates, then writes the task and its job (or schedule) in one transaction. */
export function createTask(userId: string, body: unknown, idempotencyKeyHeader?: string | null): Promise<CreateResult> {
  return inSpan('task.create', {}, async (span) => {
    const result = await createOne(userId, body, idempotencyKeyHeader);
    span.setAttributes({ 'outpost.task.id': result.task.id, 'outpost.task.kind': result.task.kind, 'outpost.task.created': result.created });
    return result;
  });
}

async function createOne(userId: string, body: unknown, idempotencyKeyHeader?: string | null): Promise<CreateResult> {
  const parsed = createTaskSchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const key = idempotencyKeyHeader?.trim() || parsed.data.idempotencyKey || null;
  if (key && key.length > 255) throw validationError([{ path: 'Idempotency-Key', message: 'must be at most 255 characters' }]);
  const hash = key ? requestHash(body) : null;
  if (key) {
    const existing = await existingByKey(userId, key, hash!);
    if (existing) return existing;
  }
  // Before any render work: a full account is refused cheaply.
  await assertTaskQuotas(userId, [parsed.data]);
  const prepared = await prepareTask(db, userId, parsed.data, new RenderBudget(userId));
  if (!key && standsAlone(parsed.data)) return counted({ task: await createStandalone(userId, prepared), created: true });
  const result = await withTransaction(async (tx) => {
    const id = randomUUID();
    const placement = await plan(tx, planInput(userId, id, prepared));
    // The job id is chosen up front so the row is written once, already pointing at its job.
    const jobId = placement.send ? randomUUID() : null;
    const values = rowValues(userId, id, prepared, placement, { idempotencyKey: key, requestHash: hash, jobId });
    const insert = tx.db.insert(outputTasks).values(values).onConflictDoNothing().returning();
    const [row] = await insert;
    if (!row) return null; // lost an idempotency race: the other request's task is the answer
    await afterInsert(tx, row);
    if (placement.send) await sendDelivery(tx, row, placement.send.startAfter, { jobId: jobId! });
    return { task: row, created: true };
  });
  if (result) return counted(result);
  const existing = await existingByKey(userId, key!, hash!);
  if (!existing) throw new AppError('conflict', 'Concurrent request with the same Idempotency-Key; retry');
  return existing;
}

function counted(result: CreateResult): CreateResult {
  if (result.created) metrics().tasksCreated.inc({ kind: result.task.kind });
  return result;
}

/** The per-user quotas a create must fit under: tasks to deliver, and cron definitions. */
async function assertTaskQuotas(userId: string, inputs: CreateTaskInput[]): Promise<void> {
  const schedules = inputs.filter((i) => i.schedule).length;
  await assertPendingTaskQuota(db, userId, inputs.length - schedules);
  await assertScheduleQuota(db, userId, schedules);
  await assertStoredBytesQuota(db, userId, inputs.reduce((sum, i) => sum + taskStoredBytes(i.input, i.template), 0));
}

/** A task with no draft, schedule, dependencies or batch: nothing to lock or look up first. */
function standsAlone(input: CreateTaskInput): boolean {
  return !input.draft && !input.schedule && !input.batchKey && (input.dependsOn?.length ?? 0) === 0;
}

/** The common case in one round trip: BEGIN, the task row, its job and COMMIT, pipelined. */
async function createStandalone(userId: string, prepared: PreparedTask): Promise<OutputTask> {
  const id = randomUUID();
  const jobId = randomUUID();
  const placement = immediatePlacement(prepared.input.runAt ? new Date(prepared.input.runAt) : null);
  const values = rowValues(userId, id, prepared, placement, { jobId });
  const job = await deliveryJobStatement(values, jobId, placement.send.startAfter);
  const [rows] = await pipelinedTransaction([insertStatement(outputTasks, values), job]);
  return mapRow(outputTasks, rows![0]!);
}

/**
 * POST /tasks/batch: every task is validated first (400 naming tasks[i].field for all bad ones),
 * then all are written in one transaction with their jobs inserted in bulk. All the batch's
 * templates share one render budget: once it is spent, validation stops and the 400 names the
 * task whose template used it up.
 */
export function createTasks(userId: string, body: unknown): Promise<OutputTask[]> {
  return inSpan('task.create_batch', {}, async (span) => {
    const created = await createMany(userId, body);
    span.setAttribute('outpost.task.count', created.length);
    return created;
  });
}

async function createMany(userId: string, body: unknown): Promise<OutputTask[]> {
  const outer = batchCreateSchema.safeParse(body);
  if (!outer.success) throw fromZod(outer.error);
  const details: ErrorDetail[] = [];
  const inputs: (CreateTaskInput | null)[] = outer.data.tasks.map((raw, i) => {
    const parsed = createTaskSchema.safeParse(raw);
    if (!parsed.success) {
      details.push(...zodDetails(parsed.error, `tasks[${i}]`));
      return null;
    }
    if (parsed.data.idempotencyKey) {
      details.push({ path: `tasks[${i}].idempotencyKey`, message: 'is not supported in a batch; send the Idempotency-Key header on POST /tasks/batch instead' });
      return null;
    }
    return parsed.data;
  });
  const prepared: (PreparedTask | null)[] = [];
  const budget = new RenderBudget(userId);
  for (const [i, input] of inputs.entries()) {
    if (!input) {
      prepared.push(null);
      continue;
    }
    try {
      prepared.push(await prepareTask(db, userId, input, budget, `tasks[${i}].`));
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed') details.push(...error.details);
      else throw error;
      prepared.push(null);
    }
    if (budget.exhausted && i < inputs.length - 1) {
      // The rest stay unchecked, so the batch cannot be written: say where checking stopped.
      const exceeded = new RenderBudgetExceeded(budget.totalMs).message;
      if (!details.some((d) => d.message === exceeded)) {
        const next = inputs[i + 1];
        details.push({ path: `tasks[${i + 1}].${next?.templateId ? 'templateId' : 'template'}`, message: exceeded });
      }
      break;
    }
  }
  if (details.length) throw validationError(details);
  const ready = prepared as PreparedTask[];
  await assertTaskQuotas(userId, ready.map((p) => p.input));

  const created = await withTransaction(async (tx) => {
    const ids = ready.map(() => randomUUID());
    const placements: Placement[] = [];
    for (const [i, p] of ready.entries()) placements.push(await plan(tx, planInput(userId, ids[i]!, p), `tasks[${i}].`));
    const rows: OutputTask[] = [];
    // Chunks keep each INSERT well under Postgres's parameter limit.
    for (let start = 0; start < ready.length; start += 100) {
      const values = ready.slice(start, start + 100).map((p, j) => rowValues(userId, ids[start + j]!, p, placements[start + j]!));
      rows.push(...(await tx.db.insert(outputTasks).values(values).returning()));
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    const bulk: (OutputTask & { startAfter: Date | null })[] = [];
    for (const [i, id] of ids.entries()) {
      const row = byId.get(id)!;
      const placement = placements[i]!;
      await afterInsert(tx, row);
      if (placement.send) bulk.push({ ...row, startAfter: placement.send.startAfter });
    }
    await sendDeliveries(tx, bulk);
    // Re-read: job ids were written after the insert.
    const final = new Map((await tx.db.select().from(outputTasks).where(inArray(outputTasks.id, ids))).map((r) => [r.id, r]));
    return ids.map((id) => final.get(id)!);
  });
  for (const task of created) metrics().tasksCreated.inc({ kind: task.kind });
  return created;
}
