import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { connections } from './connections';
import type { Condition } from '@/lib/templates/condition';

export const taskStatuses = [
  'draft',
  'scheduled',
  'waiting',
  'queued',
  'running',
  'retrying',
  // Rendered, held until a person approves (DESIGN §3.4).
  'awaiting_approval',
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export type TaskTransition = { from: TaskStatus | null; to: TaskStatus; at: string };

export const outputTasks = pgTable(
  'output_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    name: text('name'),
    connectionId: uuid('connection_id').references(() => connections.id, { onDelete: 'set null' }),
    templateId: uuid('template_id'),
    templateVersion: integer('template_version'),
    template: text('template'),
    input: jsonb('input').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    // A Liquid expression (a JSON string) or a structured rule (an object): see lib/templates/condition.ts.
    condition: jsonb('condition').$type<Condition>(),
    status: text('status').$type<TaskStatus>().notNull(),
    runAt: timestamp('run_at', { withTimezone: true }),
    schedule: text('schedule'),
    // A cron task is a definition; each firing creates a run task pointing back at it.
    scheduleParentId: uuid('schedule_parent_id'),
    dependsOn: uuid('depends_on').array().notNull().default(sql`'{}'::uuid[]`),
    batchKey: text('batch_key'),
    batchWindowSeconds: integer('batch_window_seconds').notNull().default(60),
    // Tasks delivered together as one batch share the id of the task that delivered them.
    batchLeaderId: uuid('batch_leader_id'),
    maxAttempts: integer('max_attempts').notNull().default(8),
    attempts: integer('attempts').notNull().default(0),
    // POST /tasks `notify`: this task's own event target (DESIGN §3.4).
    notify: jsonb('notify').$type<{ url: string; events?: string[] }>(),
    // Approval (DESIGN §3.4): 'required' holds the task after its render; the payload held (or the
    // one a person edited) is what delivery sends, byte for byte, once approved.
    approval: text('approval').$type<'required'>(),
    approvalPayload: jsonb('approval_payload'),
    approvalExpiresAt: timestamp('approval_expires_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    result: jsonb('result'),
    lastError: jsonb('last_error').$type<{ code: string; message: string } | null>(),
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    cancelRequested: integer('cancel_requested').notNull().default(0),
    transitions: jsonb('transitions').$type<TaskTransition[]>().notNull().default([]),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    // The pg-boss job that will deliver this task next (cancelled with the task).
    jobId: uuid('job_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('output_tasks_user_created_idx').on(t.userId, t.createdAt, t.id),
    // No index covers `status` (or any column a delivery changes), so status updates can be HOT.
    index('output_tasks_batch_idx').on(t.userId, t.kind, t.batchKey).where(sql`batch_key is not null`),
    // Deliveries look a task up together with its batch members (id = $1 or batch_leader_id = $1).
    index('output_tasks_batch_leader_idx').on(t.batchLeaderId).where(sql`batch_leader_id is not null`),
    // Only tasks with dependencies: a GIN index holding every task makes each "who waits on these?"
    // lookup after a delivery scan the whole pending list of fresh inserts.
    index('output_tasks_depends_idx').using('gin', t.dependsOn).where(sql`depends_on <> '{}'`),
    uniqueIndex('output_tasks_idempotency_idx').on(t.userId, t.idempotencyKey),
    // finished_at changes once (when a task ends), so a claim stays a HOT update. Unfinished tasks by
    // owner, newest first: the pending-tasks quota counts them and a list filtered by an unfinished
    // status (lib/tasks/status-filter.ts) pages through them without reading the owner's history.
    index('output_tasks_unfinished_idx').on(t.userId, t.createdAt, t.id).where(sql`finished_at is null`),
    // Finished tasks by age: the retention job deletes the oldest in small batches.
    index('output_tasks_finished_idx').on(t.finishedAt).where(sql`finished_at is not null`),
    // The owner's latest finish, for the live pages' fingerprint (tasksStamp in lib/dashboard/tasks.ts). finished_at
    // is indexed already, so this adds no non-HOT update, only one index entry per finished task.
    index('output_tasks_user_finished_idx').on(t.userId, t.finishedAt).where(sql`finished_at is not null`),
    // Runs of a cron definition (the retention job keeps a definition while runs of it remain).
    index('output_tasks_schedule_parent_idx').on(t.scheduleParentId).where(sql`schedule_parent_id is not null`),
  ],
);

// Tasks deleted per owner, counted by a statement trigger on output_tasks (drizzle/0011): a deletion
// is the one change to a user's tasks the fingerprint cannot see in the rows that remain. Deletes are
// rare and off the delivery path (API/UI delete, retention), so this row's lock never slows a delivery.
export const taskDeletions = pgTable('task_deletions', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  count: bigint('count', { mode: 'number' }).notNull().default(0),
});

export const attemptOutcomes = ['succeeded', 'retryable', 'rate_limited', 'auth_expired', 'permanent'] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

export const taskAttempts = pgTable(
  'task_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => outputTasks.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    outcome: text('outcome').$type<AttemptOutcome>(),
    httpStatus: integer('http_status'),
    request: jsonb('request'),
    responseExcerpt: text('response_excerpt'),
    errorClass: text('error_class'),
    errorMessage: text('error_message'),
    retryAfterMs: integer('retry_after_ms'),
  },
  (t) => [index('task_attempts_task_idx').on(t.taskId, t.startedAt)],
);

export type OutputTask = typeof outputTasks.$inferSelect;
export type TaskAttempt = typeof taskAttempts.$inferSelect;
