import { sql } from 'drizzle-orm';
import { db, type Db } from '@/lib/db/client';

export type BucketPolicy = { capacity: number; refillPerSecond: number };
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Takes one token from a bucket stored in Postgres, so every web and worker process shares it.
 * One statement: refill by elapsed time, take a token only if one is there.
 */
export async function takeToken(key: string, policy: BucketPolicy, database: Db = db): Promise<TakeResult> {
  const { capacity, refillPerSecond: rate } = policy;
  const taken = await database.execute<{ tokens: number }>(sql`
    insert into rate_limit_buckets (key, tokens, updated_at, full_at, refill_per_second)
    values (${key}, ${capacity - 1}, clock_timestamp(), clock_timestamp() + make_interval(secs => 1 / ${rate}::float8), ${rate}::float8)
    on conflict (key) do update set
      refill_per_second = ${rate}::float8,
      tokens = least(${capacity}::float8, rate_limit_buckets.tokens
        + extract(epoch from clock_timestamp() - rate_limit_buckets.updated_at) * ${rate}::float8) - 1,
      updated_at = clock_timestamp(),
      full_at = clock_timestamp() + make_interval(secs => (${capacity}::float8 + 1 - least(${capacity}::float8, rate_limit_buckets.tokens
        + extract(epoch from clock_timestamp() - rate_limit_buckets.updated_at) * ${rate}::float8)) / ${rate}::float8)
    where least(${capacity}::float8, rate_limit_buckets.tokens
        + extract(epoch from clock_timestamp() - rate_limit_buckets.updated_at) * ${rate}::float8) >= 1
    returning tokens`);
  if (taken.length > 0) return { ok: true };
  const rows = await database.execute<{ available: number }>(sql`
    select least(${capacity}::float8, tokens + extract(epoch from clock_timestamp() - updated_at) * ${rate}::float8) as available
    from rate_limit_buckets where key = ${key}`);
  const available = Number(rows[0]?.available ?? 0);
  return { ok: false, retryAfterMs: Math.max(1, Math.ceil(((1 - available) / rate) * 1000)) };
}

/** Puts back a token taken for something that turned out not to count (a sign-in that succeeded). */
export async function giveBackToken(key: string, policy: BucketPolicy, database: Db = db): Promise<void> {
  const { capacity, refillPerSecond: rate } = policy;
  await database.execute(sql`
    update rate_limit_buckets set
      tokens = least(${capacity}::float8, tokens + extract(epoch from clock_timestamp() - updated_at) * ${rate}::float8 + 1),
      updated_at = clock_timestamp(),
      full_at = clock_timestamp() + make_interval(secs => greatest(0, ${capacity}::float8 - 1
        - (tokens + extract(epoch from clock_timestamp() - updated_at) * ${rate}::float8)) / ${rate}::float8)
    where key = ${key}`);
}

/**
 * Deletes buckets that are full again (a missing row is a full bucket), and rows written before
 * full_at existed once they are a day old (every policy refills within a day). Returns the count.
 */
export async function deleteFullBuckets(database: Db = db): Promise<number> {
  const rows = await database.execute(sql`
    delete from rate_limit_buckets
    where full_at < clock_timestamp() or (full_at is null and updated_at < clock_timestamp() - interval '1 day')
    returning 1`);
  return rows.length;
}
