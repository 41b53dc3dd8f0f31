import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { createEventEndpointSchema, MAX_EVENT_ENDPOINTS, patchEventEndpointSchema, type EventEndpointView } from './schemas';
import { allowedTargets } from '@/lib/allowed-targets';
import { sealedColumns } from '@/lib/credentials/sealed-row';
import { db, withTransaction } from '@/lib/db/client';
import { connections, eventEndpoints, type EventEndpoint } from '@/lib/db/schema';
import { notFound, validationError } from '@/lib/errors';
import { checkTargetUrl } from '@/lib/http';
import { EVENT_DELIVERY_KIND } from '@/lib/integrations/event-delivery';

// Event endpoints (DESIGN §3.4): where a user's task events go. The signing secret is shown once,
// at create, and kept sealed in a connection of the internal event-delivery kind.

export { createEventEndpointSchema, createdEventEndpointSchema, eventEndpointViewSchema, patchEventEndpointSchema, type EventEndpointView } from './schemas';

export function toEventEndpointView(row: EventEndpoint): EventEndpointView {
  return {
    id: row.id,
    url: row.url,
    events: row.events as EventEndpointView['events'],
    description: row.description,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The same SSRF guard as any delivery target: loopback, private and the like are refused at save. */
function checkUrl(url: string): void {
  const check = checkTargetUrl(url, allowedTargets());
  if (!check.ok) throw validationError([{ path: 'url', message: check.reason }]);
}

export async function listEventEndpoints(userId: string): Promise<EventEndpointView[]> {
  const rows = await db.select().from(eventEndpoints).where(eq(eventEndpoints.userId, userId)).orderBy(desc(eventEndpoints.createdAt));
  return rows.map(toEventEndpointView);
}

export async function getOwnedEventEndpoint(userId: string, id: string): Promise<EventEndpoint> {
  if (!z.uuid().safeParse(id).success) throw notFound('Event endpoint');
  const [row] = await db
    .select()
    .from(eventEndpoints)
    .where(and(eq(eventEndpoints.id, id), eq(eventEndpoints.userId, userId)))
    .limit(1);
  if (!row) throw notFound('Event endpoint');
  return row;
}

export async function createEventEndpoint(userId: string, input: z.output<typeof createEventEndpointSchema>): Promise<EventEndpointView & { secret: string }> {
  checkUrl(input.url);
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  return withTransaction(async (tx) => {
    // Serialises one user's creates so the count below holds.
    await tx.sql`select pg_advisory_xact_lock(hashtextextended(${`event-endpoints:${userId}`}, 0))`;
    const existing = await tx.db.$count(eventEndpoints, eq(eventEndpoints.userId, userId));
    if (existing >= MAX_EVENT_ENDPOINTS) {
      throw validationError([{ path: 'url', message: `at most ${MAX_EVENT_ENDPOINTS} event endpoints per account; delete one first` }]);
    }
    const connectionId = randomUUID();
    await tx.db.insert(connections).values({
      id: connectionId,
      userId,
      kind: EVENT_DELIVERY_KIND,
      label: `Events → ${new URL(input.url).host}`,
      ...sealedColumns({ signingSecret: secret }, { id: connectionId, kind: EVENT_DELIVERY_KIND }),
      hint: `whsec_…${secret.slice(-4)}`,
      metadata: {},
    });
    const [row] = await tx.db
      .insert(eventEndpoints)
      .values({ userId, url: input.url, events: input.events, description: input.description ?? null, connectionId })
      .returning();
    return { ...toEventEndpointView(row!), secret };
  });
}

export async function patchEventEndpoint(userId: string, id: string, patch: z.output<typeof patchEventEndpointSchema>): Promise<EventEndpointView> {
  const current = await getOwnedEventEndpoint(userId, id);
  if (patch.url !== undefined) checkUrl(patch.url);
  const [row] = await db
    .update(eventEndpoints)
    .set({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.events !== undefined ? { events: patch.events } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(eventEndpoints.id, current.id), eq(eventEndpoints.userId, userId)))
    .returning();
  if (!row) throw notFound('Event endpoint');
  return toEventEndpointView(row);
}

/** Deletes the endpoint and its secret; deliveries still pending fail for want of their connection. */
export async function deleteEventEndpoint(userId: string, id: string): Promise<void> {
  const current = await getOwnedEventEndpoint(userId, id);
  // The connection's cascade removes the endpoint row with it.
  await db.delete(connections).where(and(eq(connections.id, current.connectionId), eq(connections.userId, userId)));
}
