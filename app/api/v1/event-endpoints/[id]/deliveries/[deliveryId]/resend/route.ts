import { withAuth } from '@/lib/api/with-auth';
import { resendEventDelivery } from '@/lib/events/deliveries';

// POST /api/v1/event-endpoints/:id/deliveries/:deliveryId/resend → 201 the new delivery (same webhook-id)
export const POST = withAuth<{ id: string; deliveryId: string }>(async ({ userId, params }) =>
  Response.json(await resendEventDelivery(userId, params.id, params.deliveryId), { status: 201 }),
);
