import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { sealSecret, openSecret } from '@/lib/credentials/crypto';
import { db } from '@/lib/db/client';
import { connections, connectionStatuses, type Connection, type ConnectionStatus } from '@/lib/db/schema';
import { AppError, fromZod, notFound, validationError } from '@/lib/errors';
import { allowedTargets } from '@/lib/allowed-targets';
import { getIntegration, integrationKinds } from '@/lib/integrations/registry';
import type { ConnectionInfo, PreparedConnection } from '@/lib/integrations/types';

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
  })
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

function sealedColumns(secret: unknown) {
  const sealed = sealSecret(secret);
  return {
    secretKeyVersion: sealed.keyVersion,
    secretNonce: sealed.nonce,
    secretTag: sealed.tag,
    secretCiphertext: sealed.ciphertext,
  };
}

/** Creates a non-OAuth connection: validates and verifies the secret, then stores it encrypted. */
export async function createConnection(userId: string, input: CreateConnectionInput): Promise<ConnectionView> {
  const integration = getIntegration(input.kind);
  if (!integration) {
    throw validationError([{ path: 'kind', message: `must be one of: ${integrationKinds().join(', ')}` }]);
  }
  if (!integration.secretSchema) {
    throw validationError([{ path: 'kind', message: `${input.kind} connections are created with the OAuth connect flow` }]);
  }
  const parsed = integration.secretSchema.safeParse(input.secret);
  if (!parsed.success) throw fromZod(parsed.error, 'secret');
  const prepared: PreparedConnection = integration.prepareConnection
    ? await integration.prepareConnection(parsed.data, { allowedTargets: allowedTargets() })
    : { secret: parsed.data, hint: '', metadata: {} };
  const [row] = await db
    .insert(connections)
    .values({
      userId,
      kind: input.kind,
      label: input.label,
      ...sealedColumns(prepared.secret),
      hint: prepared.hint,
      metadata: {
        ...prepared.metadata,
        ...(input.rateLimit
          ? { rateLimitPerSecond: input.rateLimit.perSecond, ...(input.rateLimit.burst ? { rateLimitBurst: input.rateLimit.burst } : {}) }
          : {}),
      },
      tokenExpiresAt: prepared.tokenExpiresAt ?? null,
      lastCheckedAt: new Date(),
    })
    .returning();
  return toConnectionView(row!);
}

export async function listConnections(userId: string): Promise<ConnectionView[]> {
  const rows = await db.select().from(connections).where(eq(connections.userId, userId)).orderBy(desc(connections.createdAt));
  return rows.map(toConnectionView);
}

export async function getOwnedConnection(userId: string, id: string): Promise<Connection> {
  if (!z.uuid().safeParse(id).success) throw notFound('Connection');
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.id, id), eq(connections.userId, userId)))
    .limit(1);
  if (!row) throw notFound('Connection');
  return row;
}

export async function deleteConnection(userId: string, id: string): Promise<void> {
  const row = await getOwnedConnection(userId, id);
  await db.delete(connections).where(eq(connections.id, row.id));
}

export function decryptSecret<T = unknown>(row: Connection): T {
  return openSecret<T>({
    keyVersion: row.secretKeyVersion,
    nonce: row.secretNonce,
    tag: row.secretTag,
    ciphertext: row.secretCiphertext,
  });
}

export async function testConnection(userId: string, id: string): Promise<{ ok: boolean; message: string }> {
  const row = await getOwnedConnection(userId, id);
  const integration = getIntegration(row.kind);
  if (!integration?.testConnection) return { ok: true, message: 'Nothing to test for this kind' };
  const result = await integration.testConnection(decryptSecret(row), { allowedTargets: allowedTargets() });
  await db.update(connections).set({ lastCheckedAt: new Date() }).where(eq(connections.id, row.id));
  return result;
}

/** For the worker: the connection with its decrypted secret. */
export async function loadConnectionForDelivery(
  id: string,
): Promise<{ row: Connection; secret: unknown; info: ConnectionInfo } | null> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id)).limit(1);
  if (!row) return null;
  return { row, secret: decryptSecret(row), info: { id: row.id, label: row.label, metadata: row.metadata } };
}

export async function setConnectionStatus(id: string, status: ConnectionStatus, reason: string | null): Promise<void> {
  await db
    .update(connections)
    .set({ status, statusReason: reason, updatedAt: new Date(), lastCheckedAt: new Date() })
    .where(eq(connections.id, id));
}

export async function updateConnectionSecret(id: string, secret: unknown, tokenExpiresAt?: Date | null): Promise<void> {
  await db
    .update(connections)
    .set({ ...sealedColumns(secret), ...(tokenExpiresAt !== undefined ? { tokenExpiresAt } : {}), updatedAt: new Date() })
    .where(eq(connections.id, id));
}

export function assertConnectionUsable(row: Connection): void {
  if (row.status !== 'active') {
    throw new AppError('conflict', `Connection "${row.label}" is ${row.status}${row.statusReason ? `: ${row.statusReason}` : ''}`);
  }
}
