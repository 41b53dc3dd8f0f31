import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

export const connectionStatuses = ['active', 'needs_reauth', 'broken', 'revoked'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

export const connections = pgTable(
  'connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    label: text('label').notNull(),
    // AES-256-GCM envelope; see lib/credentials/crypto.ts.
    secretKeyVersion: text('secret_key_version').notNull(),
    secretNonce: text('secret_nonce').notNull(),
    secretTag: text('secret_tag').notNull(),
    secretCiphertext: text('secret_ciphertext').notNull(),
    // Sealed with (id, kind) as associated data. False only for rows sealed before that existed;
    // `keys:rotate` re-seals them.
    secretAad: boolean('secret_aad').notNull().default(false),
    // The provider's id of the connected account (X user id, Slack team+channel, …): connecting the
    // same account again updates this row instead of adding one. Null for pasted secrets.
    externalAccountId: text('external_account_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    hint: text('hint').notNull().default(''),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    status: text('status').$type<ConnectionStatus>().notNull().default('active'),
    statusReason: text('status_reason'),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    refreshCount: integer('refresh_count').notNull().default(0),
    // Single-flight token refresh across processes: the holder's id and when its lease ends.
    refreshLeaseOwner: text('refresh_lease_owner'),
    refreshLeaseUntil: timestamp('refresh_lease_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('connections_user_idx').on(t.userId, t.createdAt),
    uniqueIndex('connections_external_account_idx').on(t.userId, t.kind, t.externalAccountId),
    // The proactive refresh looks for active connections whose token expires soon.
    index('connections_token_expiry_idx').on(t.tokenExpiresAt).where(sql`${t.status} = 'active' and ${t.tokenExpiresAt} is not null`),
  ],
);

export type Connection = typeof connections.$inferSelect;
