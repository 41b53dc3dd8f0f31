import { z } from 'zod';
import { listIntegrations } from './registry';

/** The public description of every integration kind (GET /api/v1/integrations). */
export function describeIntegrations() {
  return listIntegrations().map((i) => ({
    kind: i.kind,
    displayName: i.displayName,
    description: i.description,
    authType: i.authType,
    connection: i.connection,
    configSchema: z.toJSONSchema(i.configSchema, { io: 'input', unrepresentable: 'any' }),
    secretSchema: i.secretSchema ? z.toJSONSchema(i.secretSchema, { io: 'input', unrepresentable: 'any' }) : null,
    limits: i.limits,
    rateLimit: i.rateLimit,
  }));
}
