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
    insert into rate_limit_buckets (key, tokens, updated_at)
    values (${key}, ${capacity - 1}, clock_timestamp())
    on conflict (key) do update set
      tokens = least(${capacity}::float8, rate_limit_buckets.tokens
        + extract(epoch from clock_timestamp() - rate_limit_buckets.updated_at) * ${rate}::float8) - 1,
      updated_at = clock_timestamp()
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
