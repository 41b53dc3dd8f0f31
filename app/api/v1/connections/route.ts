import { withAuth } from '@/lib/api/with-auth';
import { parseJsonBody } from '@/lib/api/read-body';
import { createConnection, createConnectionSchema, listConnections } from '@/lib/credentials';

// GET /api/v1/connections: the caller's connections (secrets never included).
export const GET = withAuth(async ({ userId }) => Response.json({ data: await listConnections(userId) }));

// POST /api/v1/connections: create a non-OAuth connection; the secret is verified and encrypted.
export const POST = withAuth(async ({ request, userId }) => {
  const input = await parseJsonBody(request, createConnectionSchema);
  return Response.json(await createConnection(userId, input), { status: 201 });
});
