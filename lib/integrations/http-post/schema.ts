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

/** `https://host[:port]` exactly: an origin, not a URL with a path. */
const originSchema = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin === 'null' || value.replace(/\/+$/, '') !== url.origin) {
      ctx.addIssue({ code: 'custom', message: 'must be an origin such as https://hooks.example.com (scheme, host and port only)' });
      return z.NEVER;
    }
    return url.origin;
  });

export const httpPostSecretSchema = z
  .object({
    headers: headersSchema.optional(),
    signingSecret: z.string().min(8, 'must be at least 8 characters').max(512).optional(),
    allowedOrigins: z
      .array(originSchema)
      .min(1, 'must name at least one origin')
      .max(20, 'must name at most 20 origins')
      .optional()
      .describe('Where the secret headers and signatures may be sent (e.g. ["https://hooks.example.com"]); required with headers or signingSecret. Tasks to any other origin are refused'),
  })
  .strict()
  .superRefine((secret, ctx) => {
    const carriesSecrets = Object.keys(secret.headers ?? {}).length > 0 || secret.signingSecret !== undefined;
    if (carriesSecrets && !secret.allowedOrigins) {
      ctx.addIssue({ code: 'custom', path: ['allowedOrigins'], message: 'is required with headers or signingSecret: name the origin(s) they may be sent to' });
    }
  });
export type HttpPostSecret = z.output<typeof httpPostSecretSchema>;

export type HttpPostPayload = { body: string; contentType: 'application/json' | 'text/plain' };
