import { z } from 'zod';
import { taskEventTypes } from '@/lib/db/schema/events';
import { taskStatuses } from '@/lib/db/schema/tasks';
import { conditionSchema } from '@/lib/templates/condition';
import { mappingSchema } from '@/lib/templates/mapping';
import { validateCron } from './cron';

// The zod schemas the task routes validate with; lib/openapi turns the same objects into the
// OpenAPI document, so the contract cannot drift from the handlers.

const MAX_TEMPLATE_CHARS = 256 * 1024;
export const MAX_DEPENDENCIES = 50;
export const MAX_BATCH_TASKS = 500;

const uuid = z.uuid('must be a UUID');
// null too: a task's input is stored as a value (output_tasks.input is not null), so null is refused with a 400 naming the field, not a 500.
const jsonValue = z.unknown().refine((v) => v !== undefined && v !== null, 'is required: any JSON value but null').describe('Any JSON value but null');
const cron = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(200)
  .superRefine((value, ctx) => {
    const problem = validateCron(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('Cron expression, 5 fields (minute precision) or 6 (leading seconds field), UTC');

const taskFields = {
  name: z.string().trim().min(1).max(200).describe('Optional label; dependent templates see results under deps.<name>'),
  connectionId: uuid.describe('A connection of the same kind owned by the caller'),
  templateId: uuid.describe("A template (the caller's own at its current version, a shared one at its published version, or a starter), pinned: later versions do not change the task"),
  template: z.string().max(MAX_TEMPLATE_CHARS).describe('Inline Liquid template'),
  config: z.record(z.string(), z.unknown()).describe('Per-kind configuration, see GET /integrations'),
  mapping: mappingSchema.describe('Template variable → input path (with optional transform/default)'),
  condition: conditionSchema.describe('A Liquid expression or a structured rule; false at delivery time → skipped'),
  runAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).describe('Deliver at this time'),
  schedule: cron,
  dependsOn: z.array(uuid).max(MAX_DEPENDENCIES).describe('Task ids that must succeed first'),
  batchKey: z.string().trim().min(1).max(200).describe('Tasks with the same key, kind and connection within the window are delivered as one'),
  batchWindowSeconds: z.number().int().min(1).max(3600),
  maxAttempts: z.number().int().min(1).max(20),
};

/** Fields that exclude each other, in create and PATCH alike. */
function refineExclusive(
  task: { template?: string | null; templateId?: string | null; runAt?: string | null; schedule?: string | null },
  ctx: z.RefinementCtx,
): void {
  if (task.template != null && task.templateId != null) {
    ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'give either template or templateId, not both' });
  }
  if (task.runAt != null && task.schedule != null) {
    ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'give either runAt or schedule, not both' });
  }
}

export const createTaskSchema = z
  .object({
    kind: z.string().min(1, 'is required').describe('Integration kind, e.g. http-post'),
    input: jsonValue,
    name: taskFields.name.optional(),
    connectionId: taskFields.connectionId.nullish(),
    templateId: taskFields.templateId.nullish(),
    template: taskFields.template.nullish(),
    config: taskFields.config.optional(),
    mapping: taskFields.mapping.nullish(),
    condition: taskFields.condition.nullish(),
    runAt: taskFields.runAt.nullish(),
    schedule: taskFields.schedule.nullish(),
    dependsOn: taskFields.dependsOn.optional(),
    batchKey: taskFields.batchKey.nullish(),
    batchWindowSeconds: taskFields.batchWindowSeconds.optional(),
    maxAttempts: taskFields.maxAttempts.optional(),
    draft: z.boolean().optional().describe('Create without queueing; start with POST /tasks/{id}/run'),
    approval: z
      .enum(['required', 'none'])
      .optional()
      .describe('"required": after its render the task waits in awaiting_approval until a person approves it in the web app (default: the connection\'s requireApproval)'),
    approvalExpiresAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
      .optional()
      .describe('With approval "required": unanswered by then, the task ends skipped (approval_expired); default 24 h after its render'),
    notify: z
      .object({
        url: z.string().max(2048).url('must be an absolute http(s) URL'),
        events: z.array(z.enum(taskEventTypes)).min(1, 'must name at least one event').optional().describe('Default: every event'),
      })
      .strict()
      .optional()
      .describe("This task's events (task.succeeded, task.failed…) are also POSTed here, unsigned, with Standard Webhooks ids (DESIGN §3.4)"),
    idempotencyKey: z.string().min(1).max(255).optional().describe('Same as the Idempotency-Key header'),
  })
  .strict()
  .superRefine((task, ctx) => {
    refineExclusive(task, ctx);
    if (task.schedule != null && task.dependsOn?.length) {
      ctx.addIssue({ code: 'custom', path: ['dependsOn'], message: 'a scheduled (cron) task cannot depend on other tasks' });
    }
    if (task.schedule != null && task.batchKey != null) {
      ctx.addIssue({ code: 'custom', path: ['batchKey'], message: 'a scheduled (cron) task cannot be batched' });
    }
  });
export type CreateTaskInput = z.output<typeof createTaskSchema>;

export const approveTaskSchema = z
  .object({ payload: jsonValue.optional().describe('The held payload, edited; re-validated against the provider\'s limits. Left out: the held payload as it is') })
  .strict();
export const rejectTaskSchema = z.object({ reason: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters') }).strict();

export const batchCreateSchema = z
  .object({ tasks: z.array(z.unknown()).min(1, 'must hold at least one task').max(MAX_BATCH_TASKS, `at most ${MAX_BATCH_TASKS} tasks`) })
  .strict();
/** The documented shape of the batch body (each element is validated with createTaskSchema). */
export const batchCreateDocSchema = z.object({ tasks: z.array(createTaskSchema).min(1).max(MAX_BATCH_TASKS) });

export const patchTaskSchema = z
  .object({
    name: taskFields.name.nullish(),
    input: jsonValue.optional(),
    connectionId: taskFields.connectionId.nullish(),
    templateId: taskFields.templateId.nullish(),
    template: taskFields.template.nullish(),
    config: taskFields.config.optional(),
    mapping: taskFields.mapping.nullish(),
    condition: taskFields.condition.nullish(),
    runAt: taskFields.runAt.nullish(),
    schedule: taskFields.schedule.nullish(),
    dependsOn: taskFields.dependsOn.optional(),
    batchKey: taskFields.batchKey.nullish(),
    batchWindowSeconds: taskFields.batchWindowSeconds.optional(),
    maxAttempts: taskFields.maxAttempts.optional(),
  })
  .strict()
  .superRefine((patch, ctx) => {
    refineExclusive(patch, ctx);
  });
export type PatchTaskInput = z.output<typeof patchTaskSchema>;

export const listTasksQuerySchema = z
  .object({
    status: z.enum(taskStatuses).optional(),
    kind: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be an integration kind, e.g. http-post')
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  })
  .strict();
export type ListTasksQuery = z.output<typeof listTasksQuerySchema>;

export const previewSchema = z
  .object({
    kind: z.string().min(1, 'is required'),
    connectionId: taskFields.connectionId.nullish(),
    templateId: taskFields.templateId.nullish(),
    template: taskFields.template.nullish(),
    input: jsonValue,
    config: taskFields.config.optional(),
    mapping: taskFields.mapping.nullish(),
    condition: taskFields.condition.nullish(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.template != null && body.templateId != null) {
      ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'give either template or templateId, not both' });
    }
  });
export type PreviewInput = z.output<typeof previewSchema>;

// Response shapes (documentation only; the handlers build them with toTaskView).
const errorInfo = z.object({ code: z.string(), message: z.string() });
export const taskViewSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  name: z.string().nullable(),
  status: z.enum(taskStatuses),
  connectionId: z.uuid().nullable(),
  templateId: z.uuid().nullable(),
  templateVersion: z.number().int().nullable().describe('The version of templateId the task renders (pinned at create)'),
  template: z.string().nullable(),
  input: z.unknown(),
  config: z.record(z.string(), z.unknown()),
  mapping: z.record(z.string(), z.unknown()).nullable(),
  condition: conditionSchema.nullable(),
  runAt: z.iso.datetime().nullable(),
  schedule: z.string().nullable(),
  dependsOn: z.array(z.uuid()),
  batchKey: z.string().nullable(),
  batchWindowSeconds: z.number().int(),
  maxAttempts: z.number().int(),
  attempts: z.number().int(),
  result: z.record(z.string(), z.unknown()).nullable(),
  lastError: errorInfo.nullable(),
  approval: z.enum(['required']).nullable().describe('"required": held for a person after its render'),
  approvalPayload: z.unknown().describe('In awaiting_approval (and once approved): exactly what will be sent'),
  approvalExpiresAt: z.iso.datetime().nullable().describe('Unanswered by then, the task ends skipped (approval_expired)'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const taskListSchema = z.object({ data: z.array(taskViewSchema), nextCursor: z.string().nullable() });
export const attemptViewSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  durationMs: z.number().int().nullable(),
  outcome: z.enum(['succeeded', 'retryable', 'rate_limited', 'auth_expired', 'permanent']).nullable(),
  httpStatus: z.number().int().nullable(),
  request: z.unknown(),
  responseExcerpt: z.string().nullable(),
  errorClass: z.string().nullable(),
  errorMessage: z.string().nullable(),
  retryAfterMs: z.number().int().nullable(),
});
export const attemptListSchema = z.object({ data: z.array(attemptViewSchema) });
export const previewResultSchema = z.object({
  payload: z.unknown(),
  validation: z.object({ ok: z.boolean(), errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
  wouldRun: z.boolean(),
});
export const batchResultSchema = z.object({ data: z.array(taskViewSchema) });
