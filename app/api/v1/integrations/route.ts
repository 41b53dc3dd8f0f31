import { withAuth } from '@/lib/api/with-auth';
import { describeIntegrations } from '@/lib/integrations/describe';

// GET /api/v1/integrations: kinds with display name, auth type, config JSON schema and limits.
export const GET = withAuth(async () => Response.json({ data: describeIntegrations() }));
