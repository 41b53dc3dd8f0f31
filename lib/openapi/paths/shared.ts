import { z } from 'zod';
import type { ZodOpenApiResponseObject } from 'zod-openapi';

// Pieces every area's operations share: the error envelope, the answers any authenticated call can
// give, and the `{id}` path parameter.

export const errorSchema = z
  .object({
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
  })
  .meta({ id: 'Error' });

export const json = (schema: z.ZodType, description: string): ZodOpenApiResponseObject => ({ description, content: { 'application/json': { schema } } });
export const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema } } });

export const errors = {
  '400': json(errorSchema, 'Malformed JSON or validation failure; details name every bad field'),
  '401': json(errorSchema, 'No or invalid credentials'),
  '404': json(errorSchema, 'Not found, or owned by someone else'),
  '413': json(errorSchema, 'Body over 1 MiB'),
  '429': {
    ...json(errorSchema, 'Over the per-account API rate limit (shared by every web instance)'),
    headers: { 'Retry-After': { description: 'Seconds until a request is let through again', schema: { type: 'integer', minimum: 1 } } },
  },
} satisfies Record<string, ZodOpenApiResponseObject>;
export const conflict = { '409': json(errorSchema, 'State conflict') };

export const idPath = { path: z.object({ id: z.uuid() }) };
