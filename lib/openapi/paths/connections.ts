import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { connectLinkSchema, createConnectLinkSchema } from '@/lib/connect/inputs';
import { connectionViewSchema, createConnectionSchema, renameConnectionSchema } from '@/lib/credentials';
import { body, errors, idPath, json } from './shared';

// app/api/v1/connections/**, app/api/v1/connect-links and app/api/v1/integrations.
const connectionListSchema = z.object({ data: z.array(connectionViewSchema) });
const connectionTestSchema = z.object({ ok: z.boolean(), message: z.string() });
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

export const connectionComponents = {
  CreateConnection: createConnectionSchema,
  Connection: connectionViewSchema,
  ConnectionList: connectionListSchema,
  ConnectionTest: connectionTestSchema,
  RenameConnection: renameConnectionSchema,
  CreateConnectLink: createConnectLinkSchema,
  ConnectLink: connectLinkSchema,
  IntegrationList: integrationListSchema,
};

export const connectionPaths: ZodOpenApiPathsObject = {
  '/integrations': {
    get: { summary: 'Integration kinds with auth type, config and secret JSON schemas, limits', responses: { '200': json(integrationListSchema, '{data: Integration[]}'), ...errors } },
  },
  '/connections': {
    get: { summary: "The caller's connections (secrets never included)", responses: { '200': json(connectionListSchema, '{data: Connection[]}'), ...errors } },
    post: {
      summary: 'Create a non-OAuth connection',
      description: 'The secret is validated against the kind, verified with the provider where possible, and stored encrypted.',
      requestBody: body(createConnectionSchema),
      responses: { '201': json(connectionViewSchema, 'The connection (secret never returned)'), ...errors },
    },
  },
  '/connections/{id}': {
    get: { summary: 'Read a connection', requestParams: idPath, responses: { '200': json(connectionViewSchema, 'The connection'), ...errors } },
    patch: { summary: 'Rename a connection', requestParams: idPath, requestBody: body(renameConnectionSchema), responses: { '200': json(connectionViewSchema, 'The renamed connection'), ...errors } },
    delete: {
      summary: 'Delete a connection',
      description:
        "Revokes the connection's tokens at the provider where it has an endpoint (X, Slack, Discord), then erases the connection and its secret. Deleting succeeds even when the provider cannot be reached.",
      requestParams: idPath,
      responses: { '204': { description: 'Deleted' }, ...errors },
    },
  },
  '/connections/{id}/test': {
    post: { summary: 'Check the stored credentials against the provider', requestParams: idPath, responses: { '200': json(connectionTestSchema, 'Result'), ...errors } },
  },
  '/connect-links': {
    post: {
      summary: 'A link that connects an account (OAuth) in your browser',
      description:
        'For an agent that needs its person to connect an account: returns a single-use link, valid 30 minutes, that runs the connect flow ' +
        "(the provider's consent page) when opened in the browser where the API key's user is signed in. Opened by anyone else it connects nothing.",
      requestBody: body(createConnectLinkSchema),
      responses: { '201': json(connectLinkSchema, 'The link and when it expires'), ...errors },
    },
  },
};
