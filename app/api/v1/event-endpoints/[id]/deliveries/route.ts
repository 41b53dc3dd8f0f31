import { withAuth } from '@/lib/api/with-auth';
import { listEventDeliveries } from '@/lib/events/deliveries';

// GET /api/v1/event-endpoints/:id/deliveries → {data: EventDelivery[]}, newest first (50)
export const GET = withAuth<{ id: string }>(async ({ userId, params }) => Response.json({ data: await listEventDeliveries(userId, params.id) }));
