'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { resendEventDelivery } from '@/lib/events/deliveries';
import { createEventEndpoint, createEventEndpointSchema, deleteEventEndpoint } from '@/lib/events/endpoints';
import { createAction } from './safe-action';

// The Events page's actions: the same lib/events functions (and schemas) as /api/v1/event-endpoints.

export const createEventEndpointAction = createAction(createEventEndpointSchema, async (input, { userId }) => {
  const created = await createEventEndpoint(userId!, input);
  revalidatePath('/events');
  return { id: created.id, secret: created.secret };
});

export const deleteEventEndpointAction = createAction(z.object({ id: z.uuid() }), async ({ id }, { userId }) => {
  await deleteEventEndpoint(userId!, id);
  revalidatePath('/events');
  return { deleted: true };
});

export const resendEventDeliveryAction = createAction(z.object({ endpointId: z.uuid(), deliveryId: z.uuid() }), async ({ endpointId, deliveryId }, { userId }) => {
  const delivery = await resendEventDelivery(userId!, endpointId, deliveryId);
  revalidatePath('/events');
  return { id: delivery.id };
});
