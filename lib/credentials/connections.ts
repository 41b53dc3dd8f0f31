import { randomUUID } from 'node:crypto';
import { and, desc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { allowedTargets } from '@/lib/allowed-targets';
import { db, withTransaction } from '@/lib/db/client';
import { connections, connectionStatuses, type Connection, type ConnectionStatus } from '@/lib/db/schema';
import { AppError, fromZod, notFound, validationError } from '@/lib/errors';
import { EVENT_DELIVERY_KIND } from '@/lib/integrations/event-delivery';
import { getIntegration, integrationKinds, publicIntegration } from '@/lib/integrations/registry';
import type { ConnectionInfo, PreparedConnection } from '@/lib/integrations/types';
import { assertConnectionQuota } from '@/lib/quotas';
import type { OAuthProviderId } from './providers';
import { openRowSecret, sealedColumns } from './sealed-row';

export const createConnectionSchema = z
  .object({
    kind: z.string().min(1, 'is required').describe('Integration kind, e.g. slack-webhook'),
    label: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    secret: z.record(z.string(), z.unknown()).describe("The kind's secret (see GET /integrations secretSchema); never returned"),
    rateLimit: z
      .object({
        perSecond: z.number().positive().max(1000),
        burst: z.number().int().min(1).max(1000).optional(),
      })
      .strict()
      .optional()
      .describe("Deliveries through this connection per second (all workers together), below its kind's own limit"),
    requireApproval: z.boolean().optional().describe('Tasks through this connection wait for a person\'s approval unless they say approval "none" (DESIGN §3.4)'),
  })
  .strict();

export const renameConnectionSchema = z
  .object({ label: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters') })
  .strict();

export const connectionViewSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  label: z.string(),
  status: z.enum(connectionStatuses),
  hint: z.string().describe('Masked, e.g. …/B0X/…9f'),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type CreateConnectionInput = z.infer<typeof createConnectionSchema>;

export type ConnectionView = {
  id: string;
  kind: string;
  label: string;
  status: ConnectionStatus;
  hint: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
};

export function toConnectionView(row: Connection): ConnectionView {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    status: row.status,
    hint: row.hint,
    metadata: row.metadata,
    createdAt: row.createdAt,
  };
}

/** A connection the caller obtained itself (an OAuth exchange, an authorization page), ready to store. */
export type SaveConnectionInput = {
  kind: string;
  /** Used for a new connection; a reconnect keeps the label the person gave it. */
  label: string;
  /**
   * The provider's id of the account (X user id, Slack `team:channel`, Discord webhook id,
   * WordPress.com blog id, WordPress `site-url user`). Saving the same (owner, kind, id) again
   * updates that connection in place.
   */
  externalAccountId: string;
  /** Stored encrypted, never returned. For OAuth: `{accessToken, refreshToken?, expiresAt?, …}`. */
  secret: Record<string, unknown>;
  /** Masked, shown in lists (`@handle`, `#channel`, a site host). */
  hint: string;
  /** Non-secret facts shown with the connection (handle, channel, site URL, blog id). */
  metadata: Record<string, unknown>;
  tokenExpiresAt?: Date | null;
  /**
   * Whose OAuth server issued the tokens: lets refresh and revoke find the provider's endpoints.
   * Kept in metadata as `oauthProvider`. Omit for secrets without provider tokens.
   */
  oauthProvider?: OAuthProviderId;
};

/** Creates a non-OAuth connection: validates and verifies the secret, then stores it encrypted. */
export async function createConnection(userId: string, input: CreateConnectionInput): Promise<ConnectionView> {
  const integration = publicIntegration(input.kind);
  if (!integration) {
    throw validationError([{ path: 'kind', message: `must be one of: ${integrationKinds().join(', ')}` }]);
  }
  if (!integration.secretSchema) {
    throw validationError([{ path: 'kind', message: `${input.kind} connections are created with the OAuth connect flow` }]);
  }
  const parsed = integration.secretSchema.safeParse(input.secret);
  if (!parsed.success) throw fromZod(parsed.error, 'secret');
  await assertConnectionQuota(db, userId);
  const prepared: PreparedConnection = integration.prepareConnection
    ? await integration.prepareConnection(parsed.data, { allowedTargets: allowedTargets() })
    : { secret: parsed.data, hint: '', metadata: {} };
  const id = randomUUID();
  const [row] = await db
    .insert(connections)
    .values({
      id,
      userId,
      kind: input.kind,
      label: input.label,
      ...sealedColumns(prepared.secret, { id, kind: input.kind }),
      hint: prepared.hint,
      metadata: {
        ...prepared.metadata,
        ...(input.rateLimit
          ? { rateLimitPerSecond: input.rateLimit.perSecond, ...(input.rateLimit.burst ? { rateLimitBurst: input.rateLimit.burst } : {}) }
          : {}),
        ...(input.requireApproval ? { requireApproval: true } : {}),
      },
      tokenExpiresAt: prepared.tokenExpiresAt ?? null,
      lastCheckedAt: new Date(),
    })
    .returning();
  return toConnectionView(row!);
}

/**
 * Stores a connection obtained by a connect flow. When the owner already has a connection of this
 * kind to the same external account, that row is updated in place (secret, hint, metadata, expiry,
 * status back to active) and keeps its id, so the tasks that reference it keep working.
 */
export async function saveConnection(userId: string, input: SaveConnectionInput): Promise<{ connection: ConnectionView; reconnected: boolean }> {
  if (!getIntegration(input.kind)) throw validationError([{ path: 'kind', message: `must be one of: ${integrationKinds().join(', ')}` }]);
  if (!input.externalAccountId) throw new Error('saveConnection needs the external account id');
  const metadata = { ...input.metadata, ...(input.oauthProvider ? { oauthProvider: input.oauthProvider } : {}) };
  const attempt = () =>
    withTransaction(async (tx) => {
      const [existing] = await tx.db
        .select()
        .from(connections)
        .where(and(eq(connections.userId, userId), eq(connections.kind, input.kind), eq(connections.externalAccountId, input.externalAccountId)))
        .for('update');
      const now = new Date();
      if (existing) {
        const [row] = await tx.db
          .update(connections)
          .set({
            ...sealedColumns(input.secret, existing),
            hint: input.hint,
            // Settings the person chose (a rate limit) survive; the provider's facts are replaced.
            metadata: { ...pick(existing.metadata, ['rateLimitPerSecond', 'rateLimitBurst']), ...metadata },
            tokenExpiresAt: input.tokenExpiresAt ?? null,
            status: 'active',
            statusReason: null,
            refreshLeaseOwner: null,
            refreshLeaseUntil: null,
            lastCheckedAt: now,
            updatedAt: now,
          })
          .where(eq(connections.id, existing.id))
          .returning();
        return { connection: toConnectionView(row!), reconnected: true };
      }
      await assertConnectionQuota(tx.db, userId);
      const id = randomUUID();
      const [row] = await tx.db
        .insert(connections)
        .values({
          id,
          userId,
          kind: input.kind,
          label: input.label,
          externalAccountId: input.externalAccountId,
          ...sealedColumns(input.secret, { id, kind: input.kind }),
          hint: input.hint,
          metadata,
          tokenExpiresAt: input.tokenExpiresAt ?? null,
          lastCheckedAt: now,
        })
        .returning();
      return { connection: toConnectionView(row!), reconnected: false };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two connects of one account at once: the loser's insert hits the unique index; now it updates.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in source).map((k) => [k, source[k]]));
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export async function listConnections(userId: string): Promise<ConnectionView[]> {
  // An event endpoint's secret lives in a connection of the internal kind: not the person's to see.
  const rows = await db.select().from(connections).where(and(eq(connections.userId, userId), ne(connections.kind, EVENT_DELIVERY_KIND))).orderBy(desc(connections.createdAt));
  return rows.map(toConnectionView);
}

export async function getOwnedConnection(userId: string, id: string): Promise<Connection> {
  if (!z.uuid().safeParse(id).success) throw notFound('Connection');
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.id, id), eq(connections.userId, userId), ne(connections.kind, EVENT_DELIVERY_KIND)))
    .limit(1);
  if (!row) throw notFound('Connection');
  return row;
}

export async function renameConnection(userId: string, id: string, label: string): Promise<ConnectionView> {
  const row = await getOwnedConnection(userId, id);
  const [updated] = await db.update(connections).set({ label, updatedAt: new Date() }).where(eq(connections.id, row.id)).returning();
  return toConnectionView(updated!);
}

export async function testConnection(userId: string, id: string): Promise<{ ok: boolean; message: string }> {
  const row = await getOwnedConnection(userId, id);
  const integration = getIntegration(row.kind);
  if (!integration?.testConnection) return { ok: true, message: 'Nothing to test for this kind' };
  const result = await integration.testConnection(openOrConflict(row), { allowedTargets: allowedTargets() });
  await db.update(connections).set({ lastCheckedAt: new Date() }).where(eq(connections.id, row.id));
  return result;
}

export type DeliveryConnection = {
  row: Connection;
  secret: unknown;
  info: ConnectionInfo;
  /** Why the stored secret does not open (no key with its key id, or sealed for another row); secret is null then. */
  unreadable?: string;
};

/** For the worker: the connection with its decrypted secret. */
export async function loadConnectionForDelivery(id: string): Promise<DeliveryConnection | null> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id)).limit(1);
  if (!row) return null;
  const info = { id: row.id, label: row.label, metadata: row.metadata };
  try {
    return { row, secret: openRowSecret(row), info };
  } catch (error) {
    return { row, secret: null, info, unreadable: error instanceof Error ? error.message : 'the secret does not open' };
  }
}

/** A secret that does not open is a conflict the person can resolve (reconnect), never a 500. */
function openOrConflict(row: Connection): unknown {
  try {
    return openRowSecret(row);
  } catch (error) {
    throw new AppError('conflict', `The secret of connection "${row.label}" cannot be read (${error instanceof Error ? error.message : 'it does not open'}); reconnect it or create it again`);
  }
}

export async function setConnectionStatus(id: string, status: ConnectionStatus, reason: string | null): Promise<void> {
  await db
    .update(connections)
    .set({ status, statusReason: reason, updatedAt: new Date(), lastCheckedAt: new Date() })
    .where(eq(connections.id, id));
}

export function assertConnectionUsable(row: Connection): void {
  if (row.status !== 'active') {
    throw new AppError('conflict', `Connection "${row.label}" is ${row.status}${row.statusReason ? `: ${row.statusReason}` : ''}`);
  }
}
