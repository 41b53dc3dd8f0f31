import { z } from 'zod';
import { faultSpecSchema } from './faults';
import { json, parseJsonBody, type ProviderRequest, type ProviderResponse } from './http';
import { WPCOM_BLOG_ID } from './providers/wordpress/wpcom';
import type { Sandbox } from './sandbox';
import { SANDBOX_NAMESPACE } from './namespace';
import { TARGETS } from './types';

// The control API under `/_control/`: what tests and people use to inspect and script the sandbox.

const issueXTokensSchema = z.object({
  userId: z.string().optional(),
  username: z.string().min(1).max(15).optional(),
  name: z.string().min(1).max(50).optional(),
  scope: z.string().min(1).optional(),
  expiresIn: z.number().int().optional(),
  expired: z.boolean().optional(),
});

const createWordPressUserSchema = z.object({
  username: z.string().min(1).max(60).optional(),
  name: z.string().min(1).optional(),
  role: z.enum(['administrator', 'editor', 'author', 'contributor', 'subscriber']).optional(),
});

const revokeSchema = z.discriminatedUnion('target', [
  z.object({ target: z.literal('x'), token: z.string().min(1) }),
  z
    .object({ target: z.literal('wordpress'), username: z.string().min(1).optional(), token: z.string().min(1).optional() })
    .refine((spec) => Boolean(spec.username) !== Boolean(spec.token), { message: 'give either username or token' }),
  z.object({ target: z.literal('slack'), url: z.string().min(1), archived: z.boolean().optional() }),
  z.object({ target: z.literal('discord'), url: z.string().min(1) }),
]);

const limitsSchema = z.object({ enforce: z.boolean() });

const namespaceSchema = z.string().regex(SANDBOX_NAMESPACE, 'must be a sandbox namespace (u_ and 13 hex digits)');

const requestsQuerySchema = z.object({
  target: z.enum(TARGETS).optional(),
  namespace: namespaceSchema.optional(),
  method: z.string().optional(),
  path: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

const badRequest = (error: z.ZodError | string) =>
  json(400, typeof error === 'string' ? { error } : { error: 'invalid_request', issues: error.issues });

function parseBody<T>(req: ProviderRequest, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; response: ProviderResponse } {
  const parsed = req.rawBody.length === 0 ? { ok: true as const, value: {} } : parseJsonBody(req);
  if (!parsed.ok) return { ok: false, response: badRequest('body is not JSON') };
  const result = schema.safeParse(parsed.value);
  return result.success ? { ok: true, value: result.data } : { ok: false, response: badRequest(result.error) };
}

export function handleControl(sandbox: Sandbox, req: ProviderRequest): ProviderResponse {
  const route = `${req.method} ${req.path.replace(/\/+$/, '') || '/'}`;
  switch (route) {
    case 'GET /':
    case 'GET /health':
      return json(200, { ok: true });
    case 'GET /requests': {
      const query = requestsQuerySchema.safeParse(Object.fromEntries(req.url.searchParams));
      if (!query.success) return badRequest(query.error);
      const { limit, ...filter } = query.data;
      const requests = sandbox.recorder.list(filter);
      return json(200, { requests: limit ? requests.slice(-limit) : requests });
    }
    case 'DELETE /requests':
      sandbox.recorder.clear();
      return json(200, { ok: true });
    case 'GET /state': {
      const query = z.object({ namespace: namespaceSchema.optional() }).safeParse(Object.fromEntries(req.url.searchParams));
      if (!query.success) return badRequest(query.error);
      return json(200, sandbox.state(query.data.namespace));
    }
    case 'POST /reset':
      sandbox.reset();
      return json(200, { ok: true });
    case 'GET /faults':
      return json(200, { faults: sandbox.faults.list() });
    case 'POST /faults': {
      const body = parseBody(req, faultSpecSchema);
      return body.ok ? json(201, sandbox.faults.add(body.value)) : body.response;
    }
    case 'DELETE /faults':
      sandbox.faults.clear();
      return json(200, { ok: true });
    case 'GET /limits':
      return json(200, { enforce: sandbox.settings.enforceLimits });
    case 'POST /limits': {
      const body = parseBody(req, limitsSchema);
      if (!body.ok) return body.response;
      sandbox.settings.enforceLimits = body.value.enforce;
      return json(200, { enforce: sandbox.settings.enforceLimits });
    }
    case 'POST /x/tokens': {
      const body = parseBody(req, issueXTokensSchema);
      if (!body.ok) return body.response;
      try {
        return json(201, sandbox.x.store.issueForTests(body.value));
      } catch (error) {
        return badRequest((error as Error).message);
      }
    }
    case 'POST /wordpress/users': {
      const body = parseBody(req, createWordPressUserSchema);
      if (!body.ok) return body.response;
      try {
        return json(201, sandbox.wordpress.store.addUser(body.value));
      } catch (error) {
        return json(409, { error: (error as Error).message });
      }
    }
    case 'POST /wordpress/wpcom-tokens': {
      const body = parseBody(req, z.object({ username: z.string().min(1).optional() }));
      if (!body.ok) return body.response;
      try {
        const accessToken = sandbox.wordpress.wpcom.issueToken(body.value.username);
        return json(201, { accessToken, blogId: String(WPCOM_BLOG_ID), blogUrl: `${req.origin}/wp` });
      } catch (error) {
        return badRequest((error as Error).message);
      }
    }
    case 'POST /revoke': {
      const body = parseBody(req, revokeSchema);
      if (!body.ok) return body.response;
      return revoke(sandbox, body.value) ? json(200, { revoked: true }) : json(404, { error: 'nothing to revoke' });
    }
    default:
      return json(404, { error: 'not_found' });
  }
}

function revoke(sandbox: Sandbox, spec: z.infer<typeof revokeSchema>): boolean {
  switch (spec.target) {
    case 'x':
      return sandbox.x.store.revoke(spec.token);
    case 'wordpress':
      return spec.token ? sandbox.wordpress.wpcom.revoke(spec.token) : sandbox.wordpress.store.revokePasswords(spec.username ?? '');
    case 'slack':
      return sandbox.slack.revoke(spec.url, spec.archived);
    case 'discord':
      return sandbox.discord.revoke(spec.url);
  }
}
