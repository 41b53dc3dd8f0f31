import { withAuth } from '@/lib/api/with-auth';
import { testConnection } from '@/lib/credentials';

// POST /api/v1/connections/:id/test: checks the stored credentials against the provider.
export const POST = withAuth<{ id: string }>(async ({ userId, params }) => Response.json(await testConnection(userId, params.id)));
