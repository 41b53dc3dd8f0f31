import { parseJsonBody } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { createEventEndpoint, createEventEndpointSchema, listEventEndpoints } from '@/lib/events/endpoints';

// GET /api/v1/event-endpoints → {data: EventEndpoint[]}
export const GET = withAuth(async ({ userId }) => Response.json({ data: await listEventEndpoints(userId) }));

// POST /api/v1/event-endpoints → 201 EventEndpoint with its signing secret (shown this once)
export const POST = withAuth(async ({ request, userId }) =>
  Response.json(await createEventEndpoint(userId, await parseJsonBody(request, createEventEndpointSchema)), { status: 201 }),
);
