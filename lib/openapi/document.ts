import { z } from 'zod';
import { connectLinkSchema, createConnectLinkSchema } from '@/lib/connect/inputs';
import { connectionViewSchema, createConnectionSchema, renameConnectionSchema } from '@/lib/credentials';
import { createdEventEndpointSchema, createEventEndpointSchema, eventDeliveryViewSchema, eventEndpointViewSchema, patchEventEndpointSchema } from '@/lib/events/schemas';
import {
  approveTaskSchema,
  attemptListSchema,
  batchCreateDocSchema,
  batchResultSchema,
  createTaskSchema,
  listTasksQuerySchema,
  patchTaskSchema,
  previewResultSchema,
  previewSchema,
  rejectTaskSchema,
  taskListSchema,
  taskViewSchema,
} from '@/lib/tasks/schemas';
import {
  createTemplateSchema,
  listTemplatesQuerySchema,
  marketplaceQuerySchema,
  patchTemplateSchema,
  templateDetailSchema,
  templateDiffSchema,
  templateExportSchema,
  templateListSchema,
  templateViewSchema,
  versionListSchema,
  versionQuerySchema,
} from '@/lib/templates/library/schemas';

// The OpenAPI 3.1 document, generated from the very zod schemas the route handlers validate with.

type JsonSchema = Record<string, unknown>;

// Recursive schemas (a structured condition) come out with `$defs` and `#/$defs/…` references,
// which inside an OpenAPI document would resolve against the document root: they are moved to
// components.schemas and the references pointed there.
const sharedDefs: Record<string, JsonSchema> = {};

function hoistDefs(json: JsonSchema): JsonSchema {
  const defs = json.$defs as Record<string, JsonSchema> | undefined;
  delete json.$defs;
  const text = JSON.stringify(json, null, 0).replaceAll('"#/$defs/', '"#/components/schemas/');
  for (const [name, def] of Object.entries(defs ?? {})) sharedDefs[name] ??= hoistDefs(def);
  return JSON.parse(text) as JsonSchema;
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return hoistDefs(json);
}

const integrationListSchema = z.object({
  data: z.array(
    z.object({
      kind: z.string(),
      displayName: z.string(),
      description: z.string(),
      authType: z.enum(['oauth2', 'webhook-url', 'app-password', 'none']),
      connection: z.enum(['required', 'optional', 'none']),
      configSchema: z.record(z.string(), z.unknown()).describe('JSON schema of the task config'),
      secretSchema: z.record(z.string(), z.unknown()).nullable().describe('JSON schema of POST /connections secret'),
      limits: z.record(z.string(), z.union([z.number(), z.string()])),
      rateLimit: z.record(z.string(), z.unknown()),
    }),
  ),
});

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          line: z.number().int().optional().describe('In a template: 1-based line of the problem'),
          column: z.number().int().optional().describe('In a template: 1-based column of the problem'),
          variable: z.string().optional().describe('An undefined variable, as written in the template'),
        }),
      )
      .optional(),
  }),
});

const components = {
  CreateTask: schemaOf(createTaskSchema, 'input'),
  PatchTask: schemaOf(patchTaskSchema, 'input'),
  BatchCreate: schemaOf(batchCreateDocSchema, 'input'),
  Task: schemaOf(taskViewSchema, 'output'),
  TaskList: schemaOf(taskListSchema, 'output'),
  BatchResult: schemaOf(batchResultSchema, 'output'),
  AttemptList: schemaOf(attemptListSchema, 'output'),
  Preview: schemaOf(previewSchema, 'input'),
  PreviewResult: schemaOf(previewResultSchema, 'output'),
  CreateConnection: schemaOf(createConnectionSchema, 'input'),
  Connection: schemaOf(connectionViewSchema, 'output'),
  ConnectionList: schemaOf(z.object({ data: z.array(connectionViewSchema) }), 'output'),
  ConnectionTest: schemaOf(z.object({ ok: z.boolean(), message: z.string() }), 'output'),
  RenameConnection: schemaOf(renameConnectionSchema, 'input'),
  CreateConnectLink: schemaOf(createConnectLinkSchema, 'input'),
  ConnectLink: schemaOf(connectLinkSchema, 'output'),
  IntegrationList: schemaOf(integrationListSchema, 'output'),
  CreateTemplate: schemaOf(createTemplateSchema, 'input'),
  PatchTemplate: schemaOf(patchTemplateSchema, 'input'),
  Template: schemaOf(templateDetailSchema, 'output'),
  TemplateSummary: schemaOf(templateViewSchema, 'output'),
  TemplateList: schemaOf(templateListSchema, 'output'),
  StarterList: schemaOf(z.object({ data: z.array(templateViewSchema) }), 'output'),
  TemplateVersionList: schemaOf(versionListSchema, 'output'),
  TemplateDiff: schemaOf(templateDiffSchema, 'output'),
  TemplateExport: schemaOf(templateExportSchema, 'input'),
  Error: schemaOf(errorSchema, 'output'),
  ApproveTask: schemaOf(approveTaskSchema, 'input'),
  RejectTask: schemaOf(rejectTaskSchema, 'input'),
  CreateEventEndpoint: schemaOf(createEventEndpointSchema, 'input'),
  PatchEventEndpoint: schemaOf(patchEventEndpointSchema, 'input'),
  EventEndpoint: schemaOf(eventEndpointViewSchema, 'output'),
  CreatedEventEndpoint: schemaOf(createdEventEndpointSchema, 'output'),
  EventEndpointList: schemaOf(z.object({ data: z.array(eventEndpointViewSchema) }), 'output'),
  EventDelivery: schemaOf(eventDeliveryViewSchema, 'output'),
  EventDeliveryList: schemaOf(z.object({ data: z.array(eventDeliveryViewSchema) }), 'output'),
};

const ref = (name: keyof typeof components) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: keyof typeof components, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const body = (name: keyof typeof components) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const errors = {
  '400': json('Error', 'Malformed JSON or validation failure; details name every bad field'),
  '401': json('Error', 'No or invalid credentials'),
  '404': json('Error', 'Not found, or owned by someone else'),
  '413': json('Error', 'Body over 1 MiB'),
  '429': {
    ...json('Error', 'Over the per-account API rate limit'),
    headers: { 'Retry-After': { description: 'Seconds until a request is let through again', schema: { type: 'integer', minimum: 1 } } },
  },
};
const conflict = { '409': json('Error', 'State conflict') };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

function queryParams(schema: z.ZodObject): unknown[] {
  const shape = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema> };
  return Object.entries(shape.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

export type OpenApiOperation = {
  summary: string;
  description?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
};

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, OpenApiOperation>> = {
    '/tasks': {
      get: {
        summary: 'List tasks',
        description: 'Newest first. Pass nextCursor as cursor to get the next page; nextCursor is null on the last page.',
        parameters: queryParams(listTasksQuerySchema),
        responses: { '200': json('TaskList', '{data, nextCursor}'), ...errors },
      },
      post: {
        summary: 'Create a task',
        description:
          'Idempotency: an Idempotency-Key header (or idempotencyKey field) with the same body returns the first task (200); with a different body 409.',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
        requestBody: body('CreateTask'),
        responses: { '201': json('Task', 'Created'), '200': json('Task', 'Replay of an earlier request with the same Idempotency-Key'), ...errors, ...conflict },
      },
    },
    '/tasks/batch': {
      post: {
        summary: 'Create up to 500 tasks in one transaction',
        description: 'All tasks are validated first; errors name tasks[i].field.',
        requestBody: body('BatchCreate'),
        responses: { '201': json('BatchResult', 'The tasks, in request order'), ...errors },
      },
    },
    '/tasks/{id}': {
      get: { summary: 'Read a task', parameters: [idParam], responses: { '200': json('Task', 'The task'), ...errors } },
      patch: {
        summary: 'Edit a draft or scheduled task',
        parameters: [idParam],
        requestBody: body('PatchTask'),
        responses: { '200': json('Task', 'The edited task'), ...errors, ...conflict },
      },
      delete: { summary: 'Cancel (if needed) and delete a task; 409 while running', parameters: [idParam], responses: { '204': { description: 'Deleted' }, ...errors, ...conflict } },
    },
    '/tasks/{id}/run': { post: { summary: 'Run a draft (or a scheduled task) now', parameters: [idParam], responses: { '200': json('Task', 'The task'), ...errors, ...conflict } } },
    '/tasks/{id}/cancel': {
      post: {
        summary: 'Cancel a task',
        description: 'A running task finishes its current attempt, then stops without retrying.',
        parameters: [idParam],
        responses: { '200': json('Task', 'The task'), ...errors, ...conflict },
      },
    },
    '/tasks/{id}/retry': { post: { summary: 'Re-queue a failed task (attempts reset to 0)', parameters: [idParam], responses: { '200': json('Task', 'The task'), ...errors, ...conflict } } },
    '/tasks/{id}/approve': {
      post: {
        summary: 'Approve a task awaiting approval (a signed-in person only)',
        description: 'Queues the held payload, or `payload` (edited, re-validated against the provider limits). An API key gets 403: a person must approve.',
        parameters: [idParam],
        requestBody: { required: false, content: { 'application/json': { schema: ref('ApproveTask') } } },
        responses: { '200': json('Task', 'The task, queued'), '403': json('Error', 'An API key cannot approve'), ...errors, ...conflict },
      },
    },
    '/tasks/{id}/reject': {
      post: {
        summary: 'Reject a task awaiting approval (a signed-in person only)',
        parameters: [idParam],
        requestBody: body('RejectTask'),
        responses: { '200': json('Task', 'The task, cancelled with the reason as lastError'), '403': json('Error', 'An API key cannot reject'), ...errors, ...conflict },
      },
    },
    '/event-endpoints': {
      get: { summary: 'List event endpoints', responses: { '200': json('EventEndpointList', '{data}'), ...errors } },
      post: {
        summary: 'Add an event endpoint',
        description: 'Task events are POSTed to `url` as Standard Webhooks requests signed with the returned `secret` (shown only here).',
        requestBody: body('CreateEventEndpoint'),
        responses: { '201': json('CreatedEventEndpoint', 'The endpoint and its signing secret'), ...errors },
      },
    },
    '/event-endpoints/{id}': {
      get: { summary: 'Read an event endpoint', parameters: [idParam], responses: { '200': json('EventEndpoint', 'The endpoint'), ...errors } },
      patch: { summary: 'Change an event endpoint', parameters: [idParam], requestBody: body('PatchEventEndpoint'), responses: { '200': json('EventEndpoint', 'The endpoint'), ...errors } },
      delete: { summary: 'Delete an event endpoint and its secret', parameters: [idParam], responses: { '204': { description: 'Deleted' }, ...errors } },
    },
    '/event-endpoints/{id}/deliveries': {
      get: { summary: 'Recent deliveries of an endpoint (50, newest first)', parameters: [idParam], responses: { '200': json('EventDeliveryList', '{data}'), ...errors } },
    },
    '/event-endpoints/{id}/deliveries/{deliveryId}/resend': {
      post: {
        summary: 'Send an event again (same body, same webhook-id)',
        parameters: [idParam, { name: 'deliveryId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '201': json('EventDelivery', 'The new delivery'), ...errors },
      },
    },
    '/tasks/{id}/attempts': { get: { summary: 'The delivery log of a task', parameters: [idParam], responses: { '200': json('AttemptList', '{data: Attempt[]}'), ...errors } } },
    '/preview': {
      post: {
        summary: 'Render a task without delivering it',
        requestBody: body('Preview'),
        responses: { '200': json('PreviewResult', 'Payload, provider validation and whether the condition holds'), ...errors },
      },
    },
    '/integrations': {
      get: { summary: 'Integration kinds with auth type, config and secret JSON schemas, limits', responses: { '200': json('IntegrationList', '{data: Integration[]}'), ...errors } },
    },
    '/connections': {
      get: { summary: "The caller's connections (secrets never included)", responses: { '200': json('ConnectionList', '{data: Connection[]}'), ...errors } },
      post: {
        summary: 'Create a non-OAuth connection',
        description: 'The secret is validated against the kind, verified with the provider where possible, and stored encrypted.',
        requestBody: body('CreateConnection'),
        responses: { '201': json('Connection', 'The connection (secret never returned)'), ...errors },
      },
    },
    '/connections/{id}': {
      get: { summary: 'Read a connection', parameters: [idParam], responses: { '200': json('Connection', 'The connection'), ...errors } },
      patch: { summary: 'Rename a connection', parameters: [idParam], requestBody: body('RenameConnection'), responses: { '200': json('Connection', 'The renamed connection'), ...errors } },
      delete: {
        summary: 'Delete a connection',
        description: "Revokes the connection's tokens at the provider where it has an endpoint (X, Slack, Discord), then erases the connection and its secret. Deleting succeeds even when the provider cannot be reached.",
        parameters: [idParam],
        responses: { '204': { description: 'Deleted' }, ...errors },
      },
    },
    '/connections/{id}/test': {
      post: { summary: 'Check the stored credentials against the provider', parameters: [idParam], responses: { '200': json('ConnectionTest', 'Result'), ...errors } },
    },
    '/connect-links': {
      post: {
        summary: 'A link that connects an account (OAuth) in your browser',
        description:
          'For an agent that needs its person to connect an account: returns a single-use link, valid 30 minutes, that runs the connect flow ' +
          "(the provider's consent page) when opened in the browser where the API key's user is signed in. Opened by anyone else it connects nothing.",
        requestBody: body('CreateConnectLink'),
        responses: { '201': json('ConnectLink', 'The link and when it expires'), ...errors },
      },
    },
    '/templates': {
      get: { summary: "The caller's templates, most recently changed first", parameters: queryParams(listTemplatesQuerySchema), responses: { '200': json('TemplateList', '{data, nextCursor}'), ...errors } },
      post: {
        summary: 'Create a template (version 1)',
        description:
          'Validated at save like a preview of sampleInput: a parse or render error is a 400 whose detail has path "body", line and column (and variable for an undefined variable); a provider-limit violation is a 400 with the preview\'s paths.',
        requestBody: body('CreateTemplate'),
        responses: { '201': json('Template', 'Created'), ...errors },
      },
    },
    '/templates/starters': { get: { summary: 'Read-only starters, one per kind of job; fork one to edit it', responses: { '200': json('StarterList', '{data: Template[]}'), ...errors } } },
    '/templates/import': {
      post: { summary: 'Create a private template from an export document', requestBody: body('TemplateExport'), responses: { '201': json('Template', 'Created'), ...errors } },
    },
    '/templates/{id}': {
      get: {
        summary: 'Read a template (own, shared or starter), with the variables it uses and whether its origin has a newer version',
        description: "Another user's template shows its published version; ?version=N reads an older one.",
        parameters: [idParam, ...queryParams(versionQuerySchema)],
        responses: { '200': json('Template', 'The template'), ...errors },
      },
      patch: {
        summary: 'Save a new version (the old ones stay readable)',
        description: "Validated like POST. Tasks keep the version they were created with. Another user's template is 404.",
        parameters: [idParam],
        requestBody: body('PatchTemplate'),
        responses: { '200': json('Template', 'The new version'), ...errors },
      },
      delete: { summary: 'Delete a template and its versions (tasks keep their copy)', parameters: [idParam], responses: { '204': { description: 'Deleted' }, ...errors } },
    },
    '/templates/{id}/versions': {
      get: { summary: 'Versions, newest first (only published ones of another user\'s template)', parameters: [idParam], responses: { '200': json('TemplateVersionList', '{data}'), ...errors } },
    },
    '/templates/{id}/publish': {
      post: { summary: 'Share the current version in the marketplace (published versions never change)', parameters: [idParam], responses: { '200': json('Template', 'The template'), ...errors } },
    },
    '/templates/{id}/unpublish': {
      post: {
        summary: 'Take the template out of the marketplace (private again)',
        description:
          "Other users can no longer read or fork it; tasks keep the copy they were created with and forks keep forkedFrom. While the origin is private a fork shows updateAvailable false, and its diff and pull answer 409. Another user's template is 404.",
        parameters: [idParam],
        responses: { '200': json('Template', 'The template'), ...errors },
      },
    },
    '/templates/{id}/fork': {
      post: { summary: 'Copy a template you can read into a private one (version 1, forkedFrom set)', parameters: [idParam], responses: { '201': json('Template', 'The fork'), ...errors } },
    },
    '/templates/{id}/diff': {
      get: {
        summary: "The fork's sample input rendered by its current version and by its origin's newest published version",
        parameters: [idParam],
        responses: { '200': json('TemplateDiff', 'Both renderings'), ...errors, '409': json('Error', 'Not a fork, or the origin is no longer published') },
      },
    },
    '/templates/{id}/pull': {
      post: {
        summary: "Take the origin's newest published version as the fork's next version",
        parameters: [idParam],
        responses: { '200': json('Template', 'The new version'), ...errors, '409': json('Error', 'Already up to date, not a fork, or the origin is gone') },
      },
    },
    '/templates/{id}/export': {
      get: { summary: 'A portable JSON document of the template (no connection ids, no secrets)', parameters: [idParam, ...queryParams(versionQuerySchema)], responses: { '200': json('TemplateExport', 'The document'), ...errors } },
    },
    '/marketplace/templates': {
      get: {
        summary: "Every user's shared templates as published, newest first",
        description: 'q matches words in the name or description; each item carries author name, published version and fork count.',
        parameters: queryParams(marketplaceQuerySchema),
        responses: { '200': json('TemplateList', '{data, nextCursor}'), ...errors },
      },
    },
    '/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Outpost API',
      version: '1',
      description:
        'Deliver AI agent results to external systems. Errors use {"error": {"code", "message", "details": [{path, message}]}}. ' +
        'A connection created with rateLimit {perSecond, burst} limits deliveries through it across all workers.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key' } },
      schemas: { ...sharedDefs, ...components },
    },
  };
}
