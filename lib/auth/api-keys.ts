import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, getDb, type Db } from '@/lib/db/client';
import { apiKeys } from '@/lib/db/schema';
import { notFound } from '@/lib/errors';
import { assertApiKeyQuota } from '@/lib/quotas';

const KEY_PREFIX = 'op_';

export const apiKeyNameSchema = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

const viewColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
};

/** Creates a key; the plaintext is returned once and only its hash is stored. */
export async function createApiKey(userId: string, name: string): Promise<{ key: string; apiKey: ApiKeyView }> {
  await assertApiKeyQuota(db, userId);
  const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const [apiKey] = await db
    .insert(apiKeys)
    .values({ userId, name: apiKeyNameSchema.parse(name), prefix: key.slice(0, 11), keyHash: hashApiKey(key) })
    .returning(viewColumns);
  return { key, apiKey: apiKey! };
}

export async function listApiKeys(userId: string): Promise<ApiKeyView[]> {
  return db.select(viewColumns).from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(userId: string, id: string): Promise<void> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
    .returning({ id: apiKeys.id });
  if (rows.length === 0) throw notFound('API key');
}

// Built once per pool: every API request runs it, and drizzle's builder costs more CPU than the query.
let liveKeyQuery: { pool: Db; query: ReturnType<typeof buildLiveKeyQuery> } | undefined;
function buildLiveKeyQuery(pool: Db) {
  return pool
    .select({ id: apiKeys.id, userId: apiKeys.userId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt)))
    .limit(1)
    .prepare('live_api_key');
}

/** The owner of a live key, or null. `last_used_at` is written at most once a minute per key. */
export async function verifyApiKey(key: string): Promise<string | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  const pool = getDb();
  if (liveKeyQuery?.pool !== pool) liveKeyQuery = { pool, query: buildLiveKeyQuery(pool) };
  const [row] = await liveKeyQuery.query.execute({ hash: hashApiKey(key) });
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
  }
  return row.userId;
}
