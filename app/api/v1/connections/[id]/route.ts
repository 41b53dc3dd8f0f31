import { parseJsonBody } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { deleteConnection, getOwnedConnection, renameConnection, renameConnectionSchema, toConnectionView } from '@/lib/credentials';

type Params = { id: string };

// GET /api/v1/connections/:id
export const GET = withAuth<Params>(async ({ userId, params }) =>
  Response.json(toConnectionView(await getOwnedConnection(userId, params.id))),
);

// PATCH /api/v1/connections/:id {label}: renames; nothing else changes.
export const PATCH = withAuth<Params>(async ({ request, userId, params }) => {
  const { label } = await parseJsonBody(request, renameConnectionSchema);
  return Response.json(await renameConnection(userId, params.id, label));
});

// DELETE /api/v1/connections/:id
export const DELETE = withAuth<Params>(async ({ userId, params }) => {
  await deleteConnection(userId, params.id);
  return new Response(null, { status: 204 });
});
