import { z } from 'zod';
import { isCredentialHeaderName } from '@/lib/http/credential-headers';

const headerName = z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'must be a valid HTTP header name');
const headerValue = z.string().max(8192).regex(/^[^\r\n\0]*$/, 'must not contain line breaks');
export const headersSchema = z.record(headerName, headerValue);
// Config is stored and shown in plain text: credentials go in the connection's secret.headers.
const configHeadersSchema = headersSchema.superRefine((headers, ctx) => {
  for (const name of Object.keys(headers)) {
    if (isCredentialHeaderName(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `"${name}" carries a credential: put it in a connection (secret.headers of an http-post connection, stored encrypted) and pass its connectionId; task config is stored and returned in plain text`,
      });
    }
  }
});

export const httpPostConfigSchema = z
  .object({
    url: z.string().max(8192).url('must be an absolute http(s) URL'),
    method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
    headers: configHeadersSchema.default({}),
    contentType: z.enum(['application/json', 'text/plain']).default('application/json'),
    timeoutMs: z.number().int().min(1000).max(30_000).default(10_000),
    sign: z.boolean().default(false),
  })
  .strict();
export type HttpPostConfig = z.output<typeof httpPostConfigSchema>;

export const httpPostSecretSchema = z
  .object({
    headers: headersSchema.optional(),
    signingSecret: z.string().min(8, 'must be at least 8 characters').max(512).optional(),
  })
  .strict();
export type HttpPostSecret = z.output<typeof httpPostSecretSchema>;

export type HttpPostPayload = { body: string; contentType: 'application/json' | 'text/plain' };
