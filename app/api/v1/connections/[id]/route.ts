import { withAuth } from '@/lib/api/with-auth';
import { deleteConnection, getOwnedConnection, toConnectionView } from '@/lib/credentials';

type Params = { id: string };

// GET /api/v1/connections/:id
export const GET = withAuth<Params>(async ({ userId, params }) =>
  Response.json(toConnectionView(await getOwnedConnection(userId, params.id))),
);

// DELETE /api/v1/connections/:id
export const DELETE = withAuth<Params>(async ({ userId, params }) => {
  await deleteConnection(userId, params.id);
  return new Response(null, { status: 204 });
});
