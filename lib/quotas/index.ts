import { and, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { apiKeys, connections, outputTasks, userStorage } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { EVENT_DELIVERY_KIND } from '@/lib/integrations/event-delivery';

/**
 * Per-user quotas (OUTPOST_QUOTA_*; 0 turns one off). Checked before anything is written, so a
 * refused request changes nothing; requests racing each other can overshoot by their own size.
 */
function refuse(what: string, limit: number, name: string, advice: string, retryAfterSeconds?: number): AppError {
  return new AppError(
    'quota_exceeded',
    `Quota reached: at most ${limit} ${what} per user (${name}); ${advice}`,
    [{ path: name, message: `limit ${limit}` }],
    retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {},
  );
}

/** Counts rows up to `limit + 1` only: the check costs the same for a user far under the limit. */
async function boundedCount(database: Db, where: ReturnType<typeof and>, table: typeof outputTasks | typeof connections | typeof apiKeys, limit: number): Promise<number> {
  const rows = await database.execute<{ n: number }>(
    sql`select count(*)::int as n from (select 1 from ${table} where ${where} limit ${limit + 1}) as counted`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The last pending count per user in this process, plus what this process added since. An agent
 * sending one task per request would otherwise pay a counting round trip on each; far below the
 * limit that count cannot refuse anything, so it is reused for a second. Within reach of the
 * limit every request counts, so the quota still holds there (other processes' creations of that
 * second can overshoot it by what they add, as racing requests already can).
 */
const recentPending = new Map<string, { pending: number; countedAt: number }>();
const RECOUNT_AFTER_MS = 1_000;

function skipCount(userId: string, adding: number, limit: number, now: number): boolean {
  const recent = recentPending.get(userId);
  if (!recent || now - recent.countedAt >= RECOUNT_AFTER_MS || recent.pending + adding > limit / 2) return false;
  recent.pending += adding;
  return true;
}

function rememberPending(userId: string, pending: number, now: number): void {
  if (recentPending.size >= 10_000) {
    for (const [id, entry] of recentPending) if (now - entry.countedAt >= RECOUNT_AFTER_MS) recentPending.delete(id);
  }
  if (recentPending.size < 10_000) recentPending.set(userId, { pending, countedAt: now });
}

/** Tasks waiting to be delivered (not cron definitions): `adding` more must fit under the quota. */
export async function assertPendingTaskQuota(database: Db, userId: string, adding: number): Promise<void> {
  const limit = env().OUTPOST_QUOTA_PENDING_TASKS;
  if (!limit || adding === 0) return;
  const now = Date.now();
  if (skipCount(userId, adding, limit, now)) return;
  // Unfinished = draft, scheduled, waiting, queued, running or retrying (output_tasks_unfinished_idx).
  // Event deliveries are the engine's own work: they never use up the person's quota.
  const where = and(eq(outputTasks.userId, userId), isNull(outputTasks.finishedAt), isNull(outputTasks.schedule), ne(outputTasks.kind, EVENT_DELIVERY_KIND));
  const pending = await boundedCount(database, where, outputTasks, limit);
  if (pending + adding <= limit) return rememberPending(userId, pending + adding, now);
  rememberPending(userId, pending, now);
  const room = Math.max(0, limit - pending);
  throw refuse('tasks queued or scheduled', limit, 'OUTPOST_QUOTA_PENDING_TASKS', `${pending >= limit ? 'none' : room} more fit now; retry when some have been delivered, or cancel some`, 30);
}

/** Cron definitions: `adding` more must fit under the quota. */
export async function assertScheduleQuota(database: Db, userId: string, adding: number): Promise<void> {
  const limit = env().OUTPOST_QUOTA_SCHEDULES;
  if (!limit || adding === 0) return;
  const where = and(eq(outputTasks.userId, userId), isNull(outputTasks.finishedAt), isNotNull(outputTasks.schedule));
  const current = await boundedCount(database, where, outputTasks, limit);
  if (current + adding > limit) throw refuse('cron schedules', limit, 'OUTPOST_QUOTA_SCHEDULES', 'cancel or delete a schedule first');
}

/** Called before a connection is created (pasted secret or OAuth connect); a reconnect updates in place and is not counted. */
export async function assertConnectionQuota(database: Db, userId: string): Promise<void> {
  const limit = env().OUTPOST_QUOTA_CONNECTIONS;
  if (!limit) return;
  const current = await boundedCount(database, and(eq(connections.userId, userId), ne(connections.status, 'revoked'), ne(connections.kind, EVENT_DELIVERY_KIND)), connections, limit);
  if (current >= limit) throw refuse('connections', limit, 'OUTPOST_QUOTA_CONNECTIONS', 'delete one first');
}

/** Called before an API key is created; revoked keys do not count. */
export async function assertApiKeyQuota(database: Db, userId: string): Promise<void> {
  const limit = env().OUTPOST_QUOTA_API_KEYS;
  if (!limit) return;
  const current = await boundedCount(database, and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)), apiKeys, limit);
  if (current >= limit) throw refuse('API keys', limit, 'OUTPOST_QUOTA_API_KEYS', 'revoke one first');
}


/** The last stored-bytes total per user in this process, reused for a second far below the limit (as pending counts are). */
const recentStored = new Map<string, { bytes: number; countedAt: number }>();

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(2)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Stored bytes (user_storage, kept by triggers in the writing transaction): `adding` more must fit
 * under OUTPOST_QUOTA_STORED_BYTES. Finished tasks count until retention deletes them.
 */
export async function assertStoredBytesQuota(database: Db, userId: string, adding: number): Promise<void> {
  const limit = env().OUTPOST_QUOTA_STORED_BYTES;
  if (!limit || adding <= 0) return;
  const now = Date.now();
  const recent = recentStored.get(userId);
  if (recent && now - recent.countedAt < RECOUNT_AFTER_MS && recent.bytes + adding <= limit / 2) {
    recent.bytes += adding;
    return;
  }
  const [row] = await database
    .select({ bytes: sql<string>`coalesce(sum(${userStorage.bytes}), 0)` })
    .from(userStorage)
    .where(eq(userStorage.userId, userId));
  const stored = Number(row?.bytes ?? 0);
  if (recentStored.size >= 10_000) recentStored.clear();
  recentStored.set(userId, { bytes: stored + adding, countedAt: now });
  if (stored + adding <= limit) return;
  recentStored.set(userId, { bytes: stored, countedAt: now });
  throw new AppError(
    'quota_exceeded',
    `Quota reached: at most ${formatBytes(limit)} stored per user (OUTPOST_QUOTA_STORED_BYTES); ${formatBytes(stored)} are stored and this request adds ${formatBytes(adding)}. Delete tasks or templates you no longer need; finished tasks also go after the retention period`,
    [{ path: 'OUTPOST_QUOTA_STORED_BYTES', message: `limit ${limit} bytes` }],
  );
}

/** What a new task adds to its owner's stored bytes, as user_storage counts it (near enough: jsonb's text form spaces differ). */
export function taskStoredBytes(input: unknown, template: string | null | undefined): number {
  return Buffer.byteLength(JSON.stringify(input ?? null)) + (template ? Buffer.byteLength(template) : 0);
}
