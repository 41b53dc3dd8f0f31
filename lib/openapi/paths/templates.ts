import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
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
import { body, errorSchema, errors, idPath, json } from './shared';

// app/api/v1/templates/** and app/api/v1/marketplace/templates.
const starterListSchema = z.object({ data: z.array(templateViewSchema) });

export const templateComponents = {
  CreateTemplate: createTemplateSchema,
  PatchTemplate: patchTemplateSchema,
  Template: templateDetailSchema,
  TemplateSummary: templateViewSchema,
  TemplateList: templateListSchema,
  StarterList: starterListSchema,
  TemplateVersionList: versionListSchema,
  TemplateDiff: templateDiffSchema,
  TemplateExport: templateExportSchema,
};

const template = (description: string) => json(templateDetailSchema, description);
const idAndVersion = { path: idPath.path, query: versionQuerySchema };

export const templatePaths: ZodOpenApiPathsObject = {
  '/templates': {
    get: { summary: "The caller's templates, most recently changed first", requestParams: { query: listTemplatesQuerySchema }, responses: { '200': json(templateListSchema, '{data, nextCursor}'), ...errors } },
    post: {
      summary: 'Create a template (version 1)',
      description:
        'Validated at save like a preview of sampleInput: a parse or render error is a 400 whose detail has path "body", line and column (and variable for an undefined variable); a provider-limit violation is a 400 with the preview\'s paths.',
      requestBody: body(createTemplateSchema),
      responses: { '201': template('Created'), ...errors },
    },
  },
  '/templates/starters': { get: { summary: 'Read-only starters, one per kind of job; fork one to edit it', responses: { '200': json(starterListSchema, '{data: Template[]}'), ...errors } } },
  '/templates/import': {
    post: { summary: 'Create a private template from an export document', requestBody: body(templateExportSchema), responses: { '201': template('Created'), ...errors } },
  },
  '/templates/{id}': {
    get: {
      summary: 'Read a template (own, shared or starter), with the variables it uses and whether its origin has a newer version',
      description: "Another user's template shows its published version; ?version=N reads an older one.",
      requestParams: idAndVersion,
      responses: { '200': template('The template'), ...errors },
    },
    patch: {
      summary: 'Save a new version (the old ones stay readable)',
      description: "Validated like POST. Tasks keep the version they were created with. Another user's template is 404.",
      requestParams: idPath,
      requestBody: body(patchTemplateSchema),
      responses: { '200': template('The new version'), ...errors },
    },
    delete: { summary: 'Delete a template and its versions (tasks keep their copy)', requestParams: idPath, responses: { '204': { description: 'Deleted' }, ...errors } },
  },
  '/templates/{id}/versions': {
    get: { summary: "Versions, newest first (only published ones of another user's template)", requestParams: idPath, responses: { '200': json(versionListSchema, '{data}'), ...errors } },
  },
  '/templates/{id}/publish': {
    post: { summary: 'Share the current version in the marketplace (published versions never change)', requestParams: idPath, responses: { '200': template('The template'), ...errors } },
  },
  '/templates/{id}/unpublish': {
    post: {
      summary: 'Take the template out of the marketplace (private again)',
      description:
        "Other users can no longer read or fork it; tasks keep the copy they were created with and forks keep forkedFrom. While the origin is private a fork shows updateAvailable false, and its diff and pull answer 409. Another user's template is 404.",
      requestParams: idPath,
      responses: { '200': template('The template'), ...errors },
    },
  },
  '/templates/{id}/fork': {
    post: { summary: 'Copy a template you can read into a private one (version 1, forkedFrom set)', requestParams: idPath, responses: { '201': template('The fork'), ...errors } },
  },
  '/templates/{id}/diff': {
    get: {
      summary: "The fork's sample input rendered by its current version and by its origin's newest published version",
      requestParams: idPath,
      responses: { '200': json(templateDiffSchema, 'Both renderings'), ...errors, '409': json(errorSchema, 'Not a fork, or the origin is no longer published') },
    },
  },
  '/templates/{id}/pull': {
    post: {
      summary: "Take the origin's newest published version as the fork's next version",
      requestParams: idPath,
      responses: { '200': template('The new version'), ...errors, '409': json(errorSchema, 'Already up to date, not a fork, or the origin is gone') },
    },
  },
  '/templates/{id}/export': {
    get: { summary: 'A portable JSON document of the template (no connection ids, no secrets)', requestParams: idAndVersion, responses: { '200': json(templateExportSchema, 'The document'), ...errors } },
  },
  '/marketplace/templates': {
    get: {
      summary: "Every user's shared templates as published, newest first",
      description: 'q matches words in the name or description; each item carries author name, published version and fork count.',
      requestParams: { query: marketplaceQuerySchema },
      responses: { '200': json(templateListSchema, '{data, nextCursor}'), ...errors },
    },
  },
};
