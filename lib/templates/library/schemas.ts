import { z } from 'zod';
import { conditionSchema } from '../condition';
import { MAX_TEMPLATE_LENGTH } from '../engine';
import { mappingSchema } from '../mapping';

// The zod schemas of the template routes (DESIGN §3.3); lib/openapi builds the document from the
// same objects, so the contract cannot drift from the handlers.

const jsonValue = z.unknown().describe('Any JSON value');

export const templateFields = {
  name: z.string().trim().min(1, 'is required').max(200).describe('Shown in lists and the marketplace'),
  kind: z.string().min(1, 'is required').max(100).describe('Integration kind, e.g. slack-webhook'),
  description: z.string().trim().max(2000).describe('What the template is for; searched by the marketplace'),
  body: z.string().min(1, 'is required').max(MAX_TEMPLATE_LENGTH).describe('Liquid template'),
  sampleInput: jsonValue.describe('An agent result the template is checked against at save (what `input` holds)'),
  mapping: mappingSchema.describe('Template variable → input path, with optional transform and default'),
  condition: conditionSchema.describe('A Liquid expression or a structured rule; false → the task is skipped. Checked at save against sampleInput'),
  config: z.record(z.string(), z.unknown()).describe("Defaults for the kind's task config (see GET /integrations)"),
  requireApproval: z.boolean().describe('Tasks made from it wait for a person\'s approval after their render, unless a task says approval "none"'),
};

export const createTemplateSchema = z
  .object({
    name: templateFields.name,
    kind: templateFields.kind,
    body: templateFields.body,
    description: templateFields.description.optional(),
    sampleInput: templateFields.sampleInput.optional(),
    mapping: templateFields.mapping.nullish(),
    condition: templateFields.condition.nullish(),
    config: templateFields.config.optional(),
    requireApproval: templateFields.requireApproval.optional(),
  })
  .strict();
export type CreateTemplateInput = z.output<typeof createTemplateSchema>;

export const patchTemplateSchema = z
  .object({
    name: templateFields.name.optional(),
    body: templateFields.body.optional(),
    description: templateFields.description.optional(),
    sampleInput: templateFields.sampleInput.optional(),
    mapping: templateFields.mapping.nullish(),
    condition: templateFields.condition.nullish(),
    config: templateFields.config.optional(),
    requireApproval: templateFields.requireApproval.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'give at least one field to change' })
  .describe('Saves a new version; fields left out keep their current value (null clears mapping/condition)');
export type PatchTemplateInput = z.output<typeof patchTemplateSchema>;

const limit = z.coerce.number().int().min(1).max(100).default(50);
const cursor = z.string().max(200).optional().describe('nextCursor of the previous page');

export const listTemplatesQuerySchema = z.object({ kind: z.string().min(1).max(100).optional(), limit, cursor }).strict();
export type ListTemplatesQuery = z.output<typeof listTemplatesQuerySchema>;

export const marketplaceQuerySchema = z
  .object({
    kind: z.string().min(1).max(100).optional(),
    q: z.string().trim().max(200).optional().describe('Words to find in the name or description (all must match)'),
    limit,
    cursor,
  })
  .strict();
export type MarketplaceQuery = z.output<typeof marketplaceQuerySchema>;

export const versionQuerySchema = z
  .object({ version: z.coerce.number().int('must be a whole number').min(1).max(1_000_000).optional().describe('A version to read instead of the current one') })
  .strict();

const lineageSchema = z.object({ templateId: z.string(), version: z.number().int() });
const validationSchema = z.object({
  ok: z.boolean(),
  errors: z.array(
    z.object({ path: z.string(), message: z.string(), line: z.number().int().optional(), column: z.number().int().optional(), variable: z.string().optional() }),
  ),
});

export const templateViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  description: z.string(),
  body: z.string(),
  sampleInput: z.unknown(),
  mapping: z.record(z.string(), z.unknown()).nullable(),
  condition: conditionSchema.nullable(),
  config: z.record(z.string(), z.unknown()),
  requireApproval: z.boolean().describe('Tasks made from it wait for a person\'s approval'),
  version: z.number().int().describe('The version shown (the current one unless ?version=N)'),
  latestVersion: z.number().int().describe('The newest version the caller can read'),
  visibility: z.enum(['private', 'shared']),
  publishedVersion: z.number().int().nullable(),
  forkedFrom: lineageSchema.nullable(),
  forks: z.number().int(),
  author: z.object({ name: z.string() }).describe('The display name chosen in settings, never an email address'),
  editable: z.boolean().describe("Whether the caller owns it (another user's or a starter is read-only)"),
  starter: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TemplateView = z.output<typeof templateViewSchema>;

export const templateDetailSchema = templateViewSchema.extend({
  variables: z.array(z.string()).describe('Variables the template reads (input.title, deps.x.url…), for field mapping'),
  updateAvailable: z.boolean().describe('A fork whose origin has published a newer version'),
  upstreamVersion: z.number().int().nullable().describe("The origin's newest published version (forks only)"),
});
export type TemplateDetail = z.output<typeof templateDetailSchema>;

export const templateListSchema = z.object({ data: z.array(templateViewSchema), nextCursor: z.string().nullable() });

export const versionListSchema = z.object({
  data: z.array(
    z.object({ version: z.number().int(), name: z.string(), createdAt: z.string(), publishedAt: z.string().nullable() }),
  ),
});

const renderedSchema = z.object({
  version: z.number().int(),
  body: z.string(),
  payload: z.unknown(),
  validation: validationSchema,
});
export const templateDiffSchema = z.object({
  templateId: z.string(),
  forkedFrom: lineageSchema,
  updateAvailable: z.boolean(),
  current: renderedSchema.describe("The fork's current version, rendered with its sample input"),
  incoming: renderedSchema.describe("The origin's newest published version, rendered with the same sample input"),
});
export type TemplateDiff = z.output<typeof templateDiffSchema>;

export const TEMPLATE_EXPORT_FORMAT = 'outpost.template/v1';

export const templateExportSchema = z
  .object({
    format: z.literal(TEMPLATE_EXPORT_FORMAT),
    name: templateFields.name,
    kind: templateFields.kind,
    description: templateFields.description.default(''),
    body: templateFields.body,
    sampleInput: templateFields.sampleInput.optional(),
    mapping: templateFields.mapping.nullish(),
    condition: templateFields.condition.nullish(),
    config: templateFields.config.optional(),
    source: z
      .object({ templateId: z.string().max(100), version: z.number().int(), exportedAt: z.string().max(100) })
      .partial()
      .optional()
      .describe('Where it was exported from (informational)'),
  })
  .strict()
  .describe('A portable template: content only, never connection ids or secrets');
export type TemplateExport = z.output<typeof templateExportSchema>;
