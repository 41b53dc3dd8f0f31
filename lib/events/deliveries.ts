import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, withTransaction } from '@/lib/db/client';
import { outputTasks, type OutputTask } from '@/lib/db/schema';
import { notFound } from '@/lib/errors';
import { EVENT_DELIVERY_KIND } from '@/lib/integrations/event-delivery';
import { sendDelivery } from '@/lib/tasks/enqueue';
import { firstTransition } from '@/lib/tasks/placement';
import { getOwnedEventEndpoint } from './endpoints';
import type { EventDeliveryView } from './schemas';

export { eventDeliveryViewSchema, type EventDeliveryView } from './schemas';

// An endpoint's recent deliveries (each an event-delivery task with its attempt log) and resending one.

type EventInput = { type?: string; data?: { task?: { id?: string } } };

export function toEventDeliveryView(row: OutputTask): EventDeliveryView {
  const input = (row.input ?? {}) as EventInput;
  return {
    id: row.id,
    eventId: String(row.config.eventId ?? ''),
    type: input.type ?? '',
    taskId: input.data?.task?.id ?? null,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const ofEndpoint = (userId: string, endpointId: string) =>
  and(eq(outputTasks.userId, userId), eq(outputTasks.kind, EVENT_DELIVERY_KIND), sql`${outputTasks.config} ->> 'endpointId' = ${endpointId}`);

export async function listEventDeliveries(userId: string, endpointId: string, limit = 50): Promise<EventDeliveryView[]> {
  const endpoint = await getOwnedEventEndpoint(userId, endpointId);
  const rows = await db.select().from(outputTasks).where(ofEndpoint(userId, endpoint.id)).orderBy(desc(outputTasks.createdAt)).limit(limit);
  return rows.map(toEventDeliveryView);
}

/**
 * Sends an event again as a new delivery with the same body and the same webhook-id (a receiver
 * that processed it already can tell), to the endpoint's current URL and secret.
 */
export async function resendEventDelivery(userId: string, endpointId: string, deliveryId: string): Promise<EventDeliveryView> {
  const endpoint = await getOwnedEventEndpoint(userId, endpointId);
  if (!z.uuid().safeParse(deliveryId).success) throw notFound('Delivery');
  const [original] = await db
    .select()
    .from(outputTasks)
    .where(and(eq(outputTasks.id, deliveryId), ofEndpoint(userId, endpoint.id)))
    .limit(1);
  if (!original) throw notFound('Delivery');
  return withTransaction(async (tx) => {
    const [row] = await tx.db
      .insert(outputTasks)
      .values({
        id: randomUUID(),
        userId,
        kind: EVENT_DELIVERY_KIND,
        name: original.name,
        connectionId: endpoint.connectionId,
        input: original.input as object,
        config: { ...original.config, url: endpoint.url },
        status: 'queued',
        transitions: firstTransition('queued'),
      })
      .returning();
    await sendDelivery(tx, row!);
    return toEventDeliveryView(row!);
  });
}
