import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { allowedTargets } from '@/lib/allowed-targets';
import { loadConnectionForDelivery, refreshAfterRejection, secretForDelivery, setConnectionStatus } from '@/lib/credentials';
import { bookkeepingDb, db, pipelined, toStatement, withTransaction, type Db, type Tx } from '@/lib/db/client';
import { waitOutLostConnection } from '@/lib/db/lost-connection';
import { mapRow } from '@/lib/db/map-row';
import { storable } from '@/lib/db/storable';
import { describeError } from '@/lib/describe-error';
import { AppError } from '@/lib/errors';
import { outputTasks, taskAttempts, type AttemptOutcome, type OutputTask } from '@/lib/db/schema';
import { excerpt } from '@/lib/integrations/shared/excerpt';
import { getIntegration } from '@/lib/integrations/registry';
import { metrics } from '@/lib/metrics/registry';
import { inSpan, setSpanAttributes, spanEvent, SpanKind, withCarriedContext } from '@/lib/tracing';
import { DeliveryError, type Classification, type DeliveryContext, type Integration, type RequestRecord, type TemplateContext } from '@/lib/integrations/types';
import type { DeliveryJobData } from '@/lib/queue/queues';
import { TemplateError } from '@/lib/templates/engine';
import { RenderBudget } from '@/lib/templates/isolated';
import { backoffMs } from './backoff';
import { failPendingTasksOfConnection } from './connection-lost';
import { releaseDependents } from './dependencies';
import { sendDeadLetter, sendDelivery } from './enqueue';
import { takeDeliveryTokens } from './rate-limits';
import { buildContext, conditionHolds, renderPayload } from './render';
import { groupOf, transitionFragments, transitionWhere } from './state-machine';

export type DeliveryJob = { id: string; data: unknown; retryCount: number; signal: AbortSignal };

type Outcome =
  | { kind: 'succeeded'; result: Record<string, unknown> }
  | { kind: 'failed'; classification: Classification; httpStatus?: number; responseExcerpt?: string; errorClass: string };

const log = (message: string) => console.log(`[deliver] ${message}`);

/** How long a task waits for a person's approval unless it says otherwise (DESIGN §3.4). */
export const APPROVAL_TTL_MS = 24 * 3600_000;

/**
 * Handles one delivery job: checks the task (and its batch) is still due, takes rate-limit tokens,
 * claims it with a guarded update, renders, delivers, records the attempt and settles the outcome
 * (retry with backoff, wait for the provider's reset, fail to the dead-letter queue, release
 * dependents). Only infrastructure errors escape, so pg-boss retries just crashes.
 */
export function processDeliveryJob(job: DeliveryJob): Promise<void> {
  const data = job.data as DeliveryJobData;
  // In the trace of the task's enqueue (the API request, or the attempt that scheduled this retry).
  return withCarriedContext(data.trace, () =>
    inSpan('delivery.job', { 'outpost.task.id': data.taskId, 'outpost.job.retry_count': job.retryCount }, () => deliverJob(job, data), SpanKind.CONSUMER),
  );
}

async function deliverJob(job: DeliveryJob, data: DeliveryJobData): Promise<void> {
  // Nothing is sent before the claim, so an outage here is waited out in the slot rather than
  // failing the job (pg-boss would retry it with a growing backoff, a minute or more after the
  // database is back). A try after a lost connection recovers: the claim may have committed
  // without its answer reaching us, leaving the task running under this very job.
  const due = await waitOutLostConnection(
    (tries) => (data.direct ? claimDirect(data.taskId, job, tries > 1) : checkAndClaim(data.taskId, job, tries > 1)),
    { withinMs: OUTAGE_WAIT_MS },
  );
  if (!due) return;
  const { task, integration, connection, claimed, attemptIds } = due;
  const queuedMs = data.due ? Math.max(0, Date.now() - data.due) : null;
  if (queuedMs !== null) metrics().queueLatency.observe({ kind: task.kind }, queuedMs / 1000);
  const taskId = task.id;
  const ids = claimed.map((row) => row.id);
  const primary = claimed.find((row) => row.id === taskId) ?? claimed[0]!;
  setSpanAttributes({ 'outpost.task.kind': task.kind, 'outpost.attempt': primary.attempts, ...(queuedMs !== null ? { 'outpost.queued_ms': queuedMs } : {}) });

  // An attempt that fails before any request is made still shows in the delivery log.
  const settleWithoutRequest = (outcome: Outcome) => settle(task, claimed, { attemptIds, records: [], durationMs: 0 }, outcome);
  if (!integration) return settleWithoutRequest(permanent('unknown_kind', `no integration for kind ${task.kind}`));
  if (task.connectionId && !connection) return settleWithoutRequest(permanent('connection_missing', 'the connection was deleted'));
  if (!task.connectionId && integration.connection === 'required') {
    return settleWithoutRequest(permanent('connection_missing', 'this kind needs a connection'));
  }
  if (connection?.unreadable) {
    return settleWithoutRequest(permanent('connection_unreadable', `the secret of connection "${connection.row.label}" cannot be read: ${connection.unreadable}; reconnect it, then retry the task`));
  }
  if (connection?.row.status === 'needs_reauth') {
    const reason = reconnectMessage(`connection "${connection.row.label}" needs to be reconnected${connection.row.statusReason ? ` (${connection.row.statusReason})` : ''}`);
    return settleWithoutRequest({ kind: 'failed', classification: { type: 'auth_expired', reason }, errorClass: 'auth_expired' });
  }
  if (connection && connection.row.status !== 'active') {
    return settleWithoutRequest(permanent('connection_unusable', `connection "${connection.row.label}" is ${connection.row.status}`));
  }

  let context: TemplateContext;
  let rendered;
  // One budget for the condition and every template of this delivery.
  const budget = new RenderBudget(task.userId);
  const approved = task.approval === 'required' && task.approvedAt !== null && task.approvalPayload !== null;
  if (approved) {
    // What a person approved is sent as it is: no second render, no condition.
    rendered = { payload: task.approvalPayload, errors: [] };
  } else try {
    context = buildContext({
      input: primary.input,
      mapping: task.mapping,
      deps: await dependencyResults(task),
      ...(task.batchKey ? { items: claimed.map((row) => row.input) } : {}),
      task: { id: task.id, name: task.name },
    });
    if (!(await whenRenderFree(() => conditionHolds(task.condition, context, budget)))) {
      await withTransaction(async (tx) => {
        await tx.db.delete(taskAttempts).where(inArray(taskAttempts.id, attemptIds));
        const skipped = await transitionWhere(tx.db, inArray(outputTasks.id, ids), 'skipped', {
          from: ['running'],
          set: { attempts: sql`greatest(0, ${outputTasks.attempts} - 1)`, lastError: { code: 'condition_false', message: 'the condition was false at delivery time' } },
        });
        await releaseDependents(tx, skipped.map((row) => row.id));
        return skipped.length;
      }).then((count) => metrics().tasksFinished.inc({ kind: task.kind, outcome: 'skipped' }, count));
      return;
    }
    rendered = await inSpan('template.render', {}, () => whenRenderFree(() => renderPayload(integration, task.template ?? integration.defaultTemplate, context, task.config, budget)));
  } catch (error) {
    if (error instanceof TemplateError) return settleWithoutRequest(permanent('template_error', error.message));
    throw error;
  }
  if (rendered.errors.length) {
    const message = rendered.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return settleWithoutRequest(permanent('validation_failed', message));
  }
  if (task.approval === 'required' && !approved) return holdForApproval(task, ids, attemptIds, rendered.payload);

  const records: RequestRecord[] = [];
  const tokenIo = { allowedTargets: allowedTargets(), signal: job.signal, record: (request: RequestRecord) => records.push(request) };
  const ctx: DeliveryContext<unknown> = {
    taskId: task.id,
    attempt: primary.attempts,
    progress: primary.progress ?? null,
    saveProgress: async (progress) => {
      // What was posted must be on record before the next post, outage or not (else a retry posts it again).
      await waitOutLostConnection(
        () => db.update(outputTasks).set({ progress: storable(progress) as Record<string, unknown> }).where(inArray(outputTasks.id, ids)),
        { withinMs: OUTAGE_WAIT_MS },
      );
    },
    refreshSecret: async <Secret>(rejected: Secret) => {
      if (!connection) throw new DeliveryError({ type: 'permanent', reason: 'this task has no connection to refresh' });
      return (await refreshAfterRejection(connection, rejected, tokenIo)) as Secret;
    },
    record: (request) => records.push(request),
    allowedTargets: allowedTargets(),
    signal: job.signal,
  };
  const started = performance.now();
  let outcome: Outcome;
  try {
    // A token about to expire is refreshed first (single-flight across workers; logged in this attempt).
    const secret = connection ? await secretForDelivery(connection, tokenIo) : null;
    const result = await integration.deliver(rendered.payload, connection ? { secret, connection: connection.info } : null, ctx, task.config);
    outcome = { kind: 'succeeded', result };
  } catch (error) {
    if (error instanceof DeliveryError) {
      outcome = { kind: 'failed', classification: error.classification, errorClass: error.classification.type, ...error.detail };
    } else {
      // Shown in the attempt log and lastError: never a query's parameters.
      const message = describeError(error).split('\n')[0]!;
      outcome = { kind: 'failed', classification: { type: 'retryable', reason: message }, errorClass: 'unexpected' };
    }
  }
  // The request was made: its outcome is kept until the database takes it, through a restart or a
  // failover, instead of leaving the task running until recovery delivers it a second time.
  const answered = { attemptIds, records, durationMs: Math.round(performance.now() - started) };
  await waitOutLostConnection(() => settle(task, claimed, answered, outcome), {
    withinMs: OUTAGE_WAIT_MS,
    onRetry: (error, tries) => tries === 1 && log(`task ${taskId}: the database is out of reach (${describeError(error).split('\n')[0]}); keeping the outcome until it is back`),
  });
}

/** How long a delivery waits for an unreachable database (to claim, or to record its outcome) before the job is left to recovery. */
const OUTAGE_WAIT_MS = 10 * 60_000;
/**
 * DESIGN §3.4: the rendered payload is frozen on the task, which waits in awaiting_approval (the
 * attempt is given back: nothing was sent). A delivery job at the expiry time ends it skipped if no
 * one answered; approving re-queues it with a job of its own, so that one is then superseded.
 */
async function holdForApproval(task: OutputTask, ids: string[], attemptIds: string[], payload: unknown): Promise<void> {
  const expiresAt = task.approvalExpiresAt ?? new Date(Date.now() + APPROVAL_TTL_MS);
  await withTransaction(async (tx) => {
    await tx.db.delete(taskAttempts).where(inArray(taskAttempts.id, attemptIds));
    const held = await transitionWhere(tx.db, inArray(outputTasks.id, ids), 'awaiting_approval', {
      from: ['running'],
      set: { attempts: sql`greatest(0, ${outputTasks.attempts} - 1)`, approvalPayload: storable(payload), approvalExpiresAt: expiresAt, nextAttemptAt: expiresAt },
    });
    if (held.length) await sendDelivery(tx, task, expiresAt);
  });
}

/** The expiry job of a task nobody approved in time: skipped, with reason approval_expired. */
async function expireApproval(taskId: string, jobId: string): Promise<void> {
  await withTransaction(async (tx) => {
    const expired = await transitionWhere(
      tx.db,
      and(eq(outputTasks.id, taskId), eq(outputTasks.jobId, jobId), sql`${outputTasks.approvalExpiresAt} <= now()`)!,
      'skipped',
      { from: ['awaiting_approval'], set: { nextAttemptAt: null, lastError: { code: 'approval_expired', message: 'nobody approved it before it expired' } } },
    );
    await releaseDependents(tx, expired.map((row) => row.id));
  });
}

/** An auth_expired reason that tells the person what to do. */
function reconnectMessage(reason: string): string {
  return /reconnect/i.test(reason) && /retry/i.test(reason) ? reason : `${reason}; reconnect the connection, then retry the task`;
}

/**
 * A worker runs hundreds of deliveries at once while the render pool queues only a few dozen renders
 * per owner: a full pool is backpressure, so the delivery waits in its slot (the task stays claimed)
 * instead of failing its job. Anything else, or a pool still full after a minute, is thrown.
 */
async function whenRenderFree<T>(render: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + 60_000;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
    try {
      return await render();
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'unavailable') || Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
    }
  }
}

function permanent(errorClass: string, reason: string): Outcome {
  return { kind: 'failed', classification: { type: 'permanent', reason }, errorClass };
}

type Claimed = {
  task: OutputTask;
  integration: Integration | undefined;
  connection: Awaited<ReturnType<typeof loadConnectionForDelivery>>;
  claimed: OutputTask[];
  attemptIds: string[];
};

/** A task nothing limits (see DeliveryJobData.direct): claimed without reading it first. */
async function claimDirect(taskId: string, job: DeliveryJob, afterLostConnection: boolean): Promise<Claimed | null> {
  const recovering = job.retryCount > 0 || afterLostConnection;
  const superseded = or(isNull(outputTasks.jobId), eq(outputTasks.jobId, job.id));
  const { claimed, attemptIds } = await claimRows(bookkeepingDb(), and(eq(outputTasks.id, taskId), superseded)!, taskId, recovering);
  const task = claimed[0];
  if (!task) {
    // Nothing to claim: perhaps this is the expiry job of a task awaiting approval.
    await expireApproval(taskId, job.id);
    return null;
  }
  return { task, integration: getIntegration(task.kind), connection: null, claimed, attemptIds };
}

/** Reads the task (and its batch), takes rate-limit tokens, then claims it. */
async function checkAndClaim(taskId: string, job: DeliveryJob, afterLostConnection: boolean): Promise<Claimed | null> {
  const group = await db.select().from(outputTasks).where(groupOf(taskId));
  const task = group.find((row) => row.id === taskId);
  if (!task) return null;
  // Superseded (PATCH re-planned it, a rate limit re-sent it): only the latest job acts.
  if (task.jobId && task.jobId !== job.id) return null;
  // A running task is recovered from a dead worker when pg-boss re-delivers its job, or when that
  // recovery had to wait for a rate-limit token and was re-sent as this (the task's current) job.
  const recovering = (job.retryCount > 0 || task.jobId === job.id || afterLostConnection) && group.some((row) => row.status === 'running');
  const due = group.some((row) => ['queued', 'retrying', 'scheduled'].includes(row.status));
  if (task.status === 'awaiting_approval') {
    await expireApproval(task.id, job.id);
    return null;
  }
  if (!due && !recovering) return null;

  const integration = getIntegration(task.kind);
  const connection = task.connectionId ? await loadConnectionForDelivery(task.connectionId) : null;
  if (integration) {
    const waitMs = await takeDeliveryTokens(integration, connection?.row ?? null);
    if (waitMs !== null) {
      // Limited by our own buckets: come back when a token frees; no attempt is consumed.
      metrics().rateLimitWaits.inc({ kind: task.kind });
      spanEvent('rate_limit.wait', { 'outpost.wait_ms': waitMs });
      await withTransaction((tx) => sendDelivery(tx, task, new Date(Date.now() + waitMs)));
      return null;
    }
  }
  const { claimed, attemptIds } = await claim(task, recovering);
  if (claimed.length === 0) return null;
  return { task, integration, connection, claimed, attemptIds };
}

/**
 * Guarded claim of the task and its batch members, then their attempt rows. A batch claims under
 * its window's lock in one transaction; a single task needs none (were the worker to die between
 * the two statements, the re-delivery simply claims it again).
 */
async function claim(task: OutputTask, recovering: boolean): Promise<{ claimed: OutputTask[]; attemptIds: string[] }> {
  if (!task.batchKey) return claimRows(bookkeepingDb(), groupOf(task.id), task.id, recovering);
  return withTransaction(async (tx) => {
    const lockKey = `batch:${task.userId}:${task.kind}:${task.connectionId ?? '-'}:${task.batchKey}`;
    await tx.sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
    return claimRows(tx.db, groupOf(task.id), task.id, recovering);
  });
}

/**
 * One statement: the guarded transition to running, the attempt rows opened for what was claimed
 * and, when pg-boss re-delivered a crashed worker's job, that worker's attempts closed as interrupted.
 * A single task's claim runs on the bookkeeping pool (lib/db/client.ts): the settle that follows
 * is durable, and a claim lost with a crashed Postgres is an interrupted delivery.
 */
async function claimRows(database: Db, target: SQL, taskId: string, recovering: boolean): Promise<{ claimed: OutputTask[]; attemptIds: string[] }> {
  const { set, guard } = transitionFragments('running', recovering ? ['queued', 'retrying', 'scheduled', 'running'] : ['queued', 'retrying', 'scheduled']);
  const rows = await database.execute<Record<string, unknown>>(sql`
    with claimed as (
      update output_tasks set ${set}, attempts = attempts + 1, next_attempt_at = null
      where ${target} and ${guard}
      returning *
    ), closed as (
      update task_attempts set finished_at = now(), outcome = 'retryable', error_class = 'interrupted',
        error_message = 'the worker stopped during this attempt'
      where ${recovering}::boolean and finished_at is null and task_id in (select id from claimed)
      returning id
    ), opened as (
      insert into task_attempts (task_id, number, started_at)
      select id, attempts, now() from claimed
      returning id, task_id
    )
    select claimed.*, opened.id as attempt_id_opened, (select count(*) from closed)::int as attempts_closed
    from claimed join opened on opened.task_id = claimed.id
    order by claimed.created_at, claimed.id`);
  const closed = Number(rows[0]?.attempts_closed ?? 0);
  if (closed) log(`task ${taskId}: closed ${closed} interrupted attempt(s)`);
  return {
    claimed: rows.map((row) => mapRow(outputTasks, row)),
    attemptIds: rows.map((row) => String(row.attempt_id_opened)),
  };
}

/** Results of the tasks this one depends on, by id and by name. */
async function dependencyResults(task: OutputTask): Promise<Record<string, unknown>> {
  if (task.dependsOn.length === 0) return {};
  const rows = await db
    .select({ id: outputTasks.id, name: outputTasks.name, result: outputTasks.result })
    .from(outputTasks)
    .where(inArray(outputTasks.id, task.dependsOn));
  const deps: Record<string, unknown> = {};
  for (const row of rows) {
    deps[row.id] = row.result;
    if (row.name) deps[row.name] = row.result;
  }
  return deps;
}

type AttemptLog = { attemptIds: string[]; records: RequestRecord[]; durationMs: number };

function attemptOutcome(outcome: Outcome): AttemptOutcome {
  return outcome.kind === 'succeeded' ? 'succeeded' : outcome.classification.type;
}

/** Records the attempt and moves the group to its next status, all in one transaction. */
async function settle(leader: OutputTask, claimed: OutputTask[], answered: AttemptLog | null, rawOutcome: Outcome): Promise<void> {
  // A provider's answer that Postgres cannot store as is (a NUL, a lone surrogate) is stored
  // escaped: a failed write here would retry a delivery that already happened.
  const attempt = answered && { ...answered, records: storable(answered.records) };
  const outcome = storable(rawOutcome);
  const ids = claimed.map((row) => row.id);
  const primary = claimed.find((row) => row.id === leader.id) ?? claimed[0]!;
  const cancelRequested = claimed.some((row) => row.cancelRequested > 0);
  const connectionId = leader.connectionId;
  if (attempt) countAttempt(leader.kind, claimed.length, attempt, outcome);
  if (outcome.kind === 'succeeded' && attempt) {
    await settleSuccess(ids, attempt, outcome.result);
    metrics().tasksFinished.inc({ kind: leader.kind, outcome: 'succeeded' }, ids.length);
    return;
  }
  const finished = await withTransaction(async (tx): Promise<{ outcome: string; count: number } | null> => {
    if (attempt) await recordAttempt(tx, attempt, outcome);
    const where = inArray(outputTasks.id, ids);

    if (outcome.kind === 'succeeded') {
      const done = await transitionWhere(tx.db, where, 'succeeded', {
        from: ['running'],
        set: { result: outcome.result, lastError: null, cancelRequested: 0 },
      });
      await releaseDependents(tx, done.map((r) => r.id));
      return { outcome: 'succeeded', count: done.length };
    }
    const { classification } = outcome;
    const lastError = {
      code: classification.type === 'auth_expired' ? 'auth_expired' : outcome.errorClass,
      message: classification.type === 'auth_expired' ? reconnectMessage(classification.reason) : classification.reason,
    };
    // The flag may have been set after the claim: read it again before deciding to retry.
    const [flag] = await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outputTasks)
      .where(and(inArray(outputTasks.id, ids), sql`${outputTasks.cancelRequested} > 0`));
    const cancelled = cancelRequested || (flag?.n ?? 0) > 0;
    if (cancelled) {
      const stopped = await transitionWhere(tx.db, where, 'cancelled', { from: ['running'], set: { lastError } });
      await releaseDependents(tx, stopped.map((r) => r.id));
      return { outcome: 'cancelled', count: stopped.length };
    }
    if (classification.type === 'rate_limited') {
      const at = new Date(Date.now() + classification.retryAfterMs);
      await transitionWhere(tx.db, where, 'retrying', {
        from: ['running'],
        // The provider's limit is not the task's fault: the attempt is given back.
        set: { attempts: sql`greatest(0, ${outputTasks.attempts} - 1)`, nextAttemptAt: at, lastError },
      });
      await sendDelivery(tx, leader, at);
      return null;
    }
    if (classification.type === 'retryable' && primary.attempts < primary.maxAttempts) {
      const at = new Date(Date.now() + backoffMs(primary.attempts));
      await transitionWhere(tx.db, where, 'retrying', { from: ['running'], set: { nextAttemptAt: at, lastError } });
      await sendDelivery(tx, leader, at);
      return null;
    }
    if (connectionId && classification.type === 'auth_expired') {
      await setConnectionStatus(connectionId, 'needs_reauth', classification.reason);
      await failPendingTasksOfConnection(tx, connectionId, reconnectMessage(classification.reason));
    }
    if (connectionId && classification.type === 'permanent' && classification.connectionBroken) {
      await setConnectionStatus(connectionId, 'broken', classification.reason);
    }
    const failed = await transitionWhere(tx.db, where, 'failed', { from: ['running'], set: { lastError } });
    for (const row of failed) {
      await sendDeadLetter(tx, { taskId: row.id, reason: classification.type === 'retryable' ? 'exhausted' : 'permanent' });
    }
    await releaseDependents(tx, failed.map((r) => r.id));
    return { outcome: 'failed', count: failed.length };
  });
  if (finished) metrics().tasksFinished.inc({ kind: leader.kind, outcome: finished.outcome }, finished.count);
}

/** One attempt per task of the delivery (a batch delivers several in one), and its duration. */
function countAttempt(kind: string, tasks: number, attempt: AttemptLog, outcome: Outcome): void {
  const { attempts, deliveryDuration } = metrics();
  const errorClass = outcome.kind === 'succeeded' ? 'none' : outcome.errorClass;
  attempts.inc({ kind, outcome: attemptOutcome(outcome), error_class: errorClass }, tasks);
  // An attempt that failed before any request (no connection, a bad template) took no delivery time.
  if (attempt.records.length || outcome.kind === 'succeeded') deliveryDuration.observe({ kind }, attempt.durationMs / 1000);
}

/**
 * The common case in two statements sent in one round trip: one closes the attempts and marks the
 * tasks succeeded, the next (a fresh snapshot, so it sees a dependent created while the first
 * waited on our row lock) looks for tasks waiting on them, released in a transaction of their own.
 */
async function settleSuccess(ids: string[], attempt: AttemptLog, result: Record<string, unknown>): Promise<void> {
  const last = attempt.records.at(-1);
  const { set, guard } = transitionFragments('succeeded', ['running']);
  const idList = sql`array[${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}]`;
  const attemptList = sql`array[${sql.join(attempt.attemptIds.map((id) => sql`${id}::uuid`), sql`, `)}]`;
  const settled = toStatement(sql`
    with attempts as (
      update task_attempts set finished_at = now(), duration_ms = ${attempt.durationMs}, outcome = 'succeeded',
        http_status = ${last?.status ?? null}, request = ${JSON.stringify(attempt.records)}::jsonb,
        response_excerpt = ${excerpt(last?.responseExcerpt ?? '') || null}
      where id = any(${attemptList})
    )
    update output_tasks set ${set}, result = ${JSON.stringify(result)}::jsonb, last_error = null, cancel_requested = 0
    where id = any(${idList}) and ${guard}`);
  // `depends_on <> '{}'` is the dependents index's predicate: without it the index is not used.
  const waiting = toStatement(sql`select exists(select 1 from output_tasks where status = 'waiting' and depends_on <> '{}' and depends_on && ${idList}) as waiting`);
  const [, found] = await pipelined([settled, waiting]);
  if (found?.[0]?.waiting) await withTransaction((tx) => releaseDependents(tx, ids));
}

async function recordAttempt(tx: Tx, attempt: AttemptLog, outcome: Outcome): Promise<void> {
  const last = attempt.records.at(-1);
  const failed = outcome.kind === 'failed' ? outcome : null;
  await tx.db
    .update(taskAttempts)
    .set({
      finishedAt: new Date(),
      durationMs: attempt.durationMs,
      outcome: attemptOutcome(outcome),
      httpStatus: failed?.httpStatus ?? last?.status ?? null,
      request: attempt.records,
      responseExcerpt: excerpt(failed?.responseExcerpt ?? last?.responseExcerpt ?? '') || null,
      errorClass: failed?.errorClass ?? null,
      errorMessage: failed ? excerpt(failed.classification.reason, 1024) : null,
      retryAfterMs: failed?.classification.type === 'rate_limited' ? failed.classification.retryAfterMs : null,
    })
    .where(inArray(taskAttempts.id, attempt.attemptIds));
}

