import { doublePrecision, pgTable, text, timestamp, integer } from 'drizzle-orm/pg-core';

// Token buckets shared by every web and worker process (rate limits, sign-in throttling).
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  // When the bucket will be full again: from then on the row says nothing a missing row would not,
  // so maintenance deletes it.
  fullAt: timestamp('full_at', { withTimezone: true }),
  // The policy's refill rate at the last take, so a reader (the System page) can tell which
  // buckets are empty now without knowing every policy.
  refillPerSecond: doublePrecision('refill_per_second'),
});

export const workerHeartbeats = pgTable('worker_heartbeats', {
  id: text('id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  stoppedAt: timestamp('stopped_at', { withTimezone: true }),
});
