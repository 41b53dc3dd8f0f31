import { z } from 'zod';
import { createConnectLink, createConnectLinkSchema, connectLinkSchema } from '@/lib/connect/links';
import { connectionViewSchema, listConnections } from '@/lib/credentials';
import { fromZod } from '@/lib/errors';
import { describeIntegrations } from '@/lib/integrations/describe';
import {
  cancelTask,
  createTask,
  getOwnedTask,
  listTasks,
  listTasksQuerySchema,
  previewResultSchema,
  previewSchema,
  previewTask,
  retryTask,
  taskListSchema,
  taskViewSchema,
  toTaskView,
  createTaskSchema,
} from '@/lib/tasks';
import { listTemplates, listTemplatesQuerySchema, templateListSchema } from '@/lib/templates/library';

// The MCP tools (DESIGN §3.4). Each one calls the same lib/ function as its REST route and takes
// the same zod schema as its input, so a tool and its route cannot disagree about what is valid.

export type ToolContext = { userId: string; origin: string };

type Annotations = { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean };

export type ToolDefinition = {
  name: string;
  title: string;
  description: string;
  input: z.ZodType;
  /** What structuredContent holds; the SDK client validates answers against it. */
  output?: z.ZodType;
  annotations: Annotations;
  run(ctx: ToolContext, args: Record<string, unknown>): Promise<Record<string, unknown>>;
};

/** The REST routes take a task id from the path; as a tool argument it is the one field. */
export const taskIdArgsSchema = z.object({ id: z.string().min(1, 'is required').max(200).describe('The task id (a UUID returned by create_task or list_tasks)') }).strict();

const noArgsSchema = z.object({}).strict();

/** Validates like a REST route does: the same schema, the same 400 message naming the field. */
function parse<S extends z.ZodType>(schema: S, args: unknown): z.output<S> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

const integrationsOutput = z.object({
  data: z.array(z.object({ kind: z.string(), displayName: z.string(), description: z.string() }).loose()),
});

export const tools: ToolDefinition[] = [
  {
    name: 'list_integrations',
    title: 'List integrations',
    description: [
      'Lists every kind of destination Outpost can deliver to (http-post, slack-webhook, discord-webhook, twitter-thread, wordpress-post),',
      "each with its config JSON schema, whether it needs a connection, and the provider's limits (e.g. 280 weighted characters per X post).",
      'Use it first to learn which `kind` and `config` to pass to preview or create_task.',
      'Example: call with no arguments, then read data[].kind and data[].configSchema.',
    ].join(' '),
    input: noArgsSchema,
    output: integrationsOutput,
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(_ctx, args) {
      parse(noArgsSchema, args);
      return { data: describeIntegrations() };
    },
  },
  {
    name: 'list_connections',
    title: 'List connections',
    description: [
      "Lists the user's connected accounts (X, Slack, Discord, WordPress, HTTP signing secrets) with id, kind, label, status and a masked hint; secrets are never shown.",
      'Use it to find the `connectionId` a task of that kind needs. A kind with no active connection means the person must connect one: offer create_connect_link.',
      'Example: call with no arguments; pick data[i].id where data[i].kind is "twitter-thread" and status is "active".',
    ].join(' '),
    input: noArgsSchema,
    output: z.object({ data: z.array(connectionViewSchema) }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(ctx, args) {
      parse(noArgsSchema, args);
      return { data: await listConnections(ctx.userId) };
    },
  },
  {
    name: 'preview',
    title: 'Preview a delivery',
    description: [
      'Renders exactly what a task would send (the same template, mapping and provider checks as delivery) and never delivers anything.',
      'Use it before create_task to check the text fits the provider: `validation.ok` false lists each problem with its path, e.g. an X post over 280 characters.',
      'Template errors (a Liquid syntax error, an undefined variable) come back as an error naming the line and column.',
      'Example: {"kind": "twitter-thread", "connectionId": "<id from list_connections>", "template": "{{ input.text }}", "input": {"text": "First paragraph.\\n\\nSecond paragraph."}}',
      '→ payload.posts is the thread as it would be posted.',
    ].join(' '),
    input: previewSchema,
    output: previewResultSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(ctx, args) {
      return await previewTask(ctx.userId, args);
    },
  },
  {
    name: 'create_task',
    title: 'Create a delivery task',
    description: [
      'Creates an output task: Outpost renders `input` through the template and delivers it with the user\'s connection — now, at `runAt`, on a cron `schedule`, after `dependsOn` tasks, or batched by `batchKey` — retrying with backoff.',
      'Use it to post an X thread, send a Slack or Discord message, create a WordPress draft or call an HTTP endpoint. Call preview first when the text might not fit.',
      'It answers at once with the task (status queued, scheduled, waiting or draft); follow it with get_task.',
      'Pass `idempotencyKey` so a retried call does not create a second task.',
      'Pass `approval: "required"` when a person should see and approve the exact text before it goes out (the task waits in awaiting_approval; only the person can approve, in the web app),',
      'and `notify: {url}` to be told the outcome by a POST instead of polling.',
      'Example: {"kind": "twitter-thread", "connectionId": "<id>", "template": "{{ input.text }}", "input": {"text": "Release 1.2 is out…"}, "idempotencyKey": "release-1.2-thread"}',
    ].join(' '),
    input: createTaskSchema,
    output: taskViewSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(ctx, args) {
      const { task } = await createTask(ctx.userId, args, null);
      return toTaskView(task);
    },
  },
  {
    name: 'get_task',
    title: 'Get a task',
    description: [
      'Reads one task: its status (draft, scheduled, waiting, queued, running, retrying, succeeded, failed, cancelled, skipped), attempts so far,',
      '`result` once delivered (e.g. the URL and ids of the posted thread) and `lastError` when an attempt failed.',
      'Use it after create_task to learn the outcome; while the status is queued, running or retrying, check again a little later.',
      'Example: {"id": "6f1c…"}',
    ].join(' '),
    input: taskIdArgsSchema,
    output: taskViewSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(ctx, args) {
      const { id } = parse(taskIdArgsSchema, args);
      return toTaskView(await getOwnedTask(ctx.userId, id));
    },
  },
  {
    name: 'list_tasks',
    title: 'List tasks',
    description: [
      "Lists the user's tasks, newest first, optionally only one `status` or `kind`, `limit` (1–200, default 50) per page; pass the answer's `nextCursor` as `cursor` for the next page.",
      'Use it to find tasks that failed, or to check what is still waiting to be delivered.',
      'Example: {"status": "failed", "limit": 10}',
    ].join(' '),
    input: listTasksQuerySchema,
    output: taskListSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(ctx, args) {
      const page = await listTasks(ctx.userId, parse(listTasksQuerySchema, args));
      return { data: page.data.map(toTaskView), nextCursor: page.nextCursor };
    },
  },
  {
    name: 'cancel_task',
    title: 'Cancel a task',
    description: [
      'Cancels a task that has not been delivered yet (draft, scheduled, waiting, queued or retrying); a cron task stops firing.',
      'Use it when the person changes their mind or the content is no longer right. A finished task cannot be cancelled (the answer says so).',
      'Example: {"id": "6f1c…"}',
    ].join(' '),
    input: taskIdArgsSchema,
    output: taskViewSchema,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async run(ctx, args) {
      const { id } = parse(taskIdArgsSchema, args);
      return toTaskView(await cancelTask(ctx.userId, id));
    },
  },
  {
    name: 'retry_task',
    title: 'Retry a failed task',
    description: [
      'Queues a failed task again with a fresh set of attempts (a thread continues after the last post that went out; nothing is posted twice).',
      'Use it after fixing the cause named in the task\'s lastError, e.g. a reconnected account. Only a failed task can be retried.',
      'Example: {"id": "6f1c…"}',
    ].join(' '),
    input: taskIdArgsSchema,
    output: taskViewSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    async run(ctx, args) {
      const { id } = parse(taskIdArgsSchema, args);
      return toTaskView(await retryTask(ctx.userId, id));
    },
  },
  {
    name: 'create_connect_link',
    title: 'Create a connect link',
    description: [
      'Creates a single-use link (valid 30 minutes) that lets the person connect an account (x, slack, discord, wordpress-com, wordpress) in their own signed-in browser;',
      'you never see their password or tokens. Use it when list_connections has no active connection of the kind a task needs: give the person the `url` and wait for them to finish, then call list_connections again.',
      'Example: {"kind": "x", "label": "Company X account"}',
    ].join(' '),
    input: createConnectLinkSchema,
    output: connectLinkSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    async run(ctx, args) {
      return await createConnectLink(ctx.userId, parse(createConnectLinkSchema, args), ctx.origin);
    },
  },
  {
    name: 'list_templates',
    title: 'List templates',
    description: [
      "Lists the user's saved templates (Liquid bodies with a sample input, mapping, condition and config defaults per kind), optionally one `kind`, with cursor pagination.",
      'Use it to reuse a template the person already wrote: pass its id as `templateId` to preview or create_task instead of an inline `template`.',
      'Example: {"kind": "twitter-thread"}',
    ].join(' '),
    input: listTemplatesQuerySchema,
    output: templateListSchema,
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(ctx, args) {
      return await listTemplates(ctx.userId, parse(listTemplatesQuerySchema, args));
    },
  },
];
