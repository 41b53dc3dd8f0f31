import { parseJsonBody } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { deleteEventEndpoint, getOwnedEventEndpoint, patchEventEndpoint, patchEventEndpointSchema, toEventEndpointView } from '@/lib/events/endpoints';

type Params = { id: string };

export const GET = withAuth<Params>(async ({ userId, params }) => Response.json(toEventEndpointView(await getOwnedEventEndpoint(userId, params.id))));

export const PATCH = withAuth<Params>(async ({ request, userId, params }) =>
  Response.json(await patchEventEndpoint(userId, params.id, await parseJsonBody(request, patchEventEndpointSchema))),
);

export const DELETE = withAuth<Params>(async ({ userId, params }) => {
  await deleteEventEndpoint(userId, params.id);
  return new Response(null, { status: 204 });
});
