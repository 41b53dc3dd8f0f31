import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

export const connectRequestPurposes = ['flow', 'link'] as const;
export type ConnectRequestPurpose = (typeof connectRequestPurposes)[number];

/**
 * Single-use, expiring, user-bound tokens of the connect flows (lib/connect): the `state` of an
 * OAuth round trip (`flow`, ≤ 10 minutes) and connect links made through the API (`link`, ≤ 30
 * minutes). Only a SHA-256 hash of the token is kept; using one is one guarded UPDATE of `used_at`.
 */
export const connectRequests = pgTable(
  'connect_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<ConnectRequestPurpose>().notNull(),
    kind: text('kind').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    label: text('label'),
    returnTo: text('return_to'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('connect_requests_expires_idx').on(t.expiresAt)],
);

export type ConnectRequest = typeof connectRequests.$inferSelect;
