import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    hint: text('hint').notNull().default(''),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    status: text('status').$type<ConnectionStatus>().notNull().default('active'),
    statusReason: text('status_reason'),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    refreshCount: integer('refresh_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('connections_user_idx').on(t.userId, t.createdAt)],
);

export type Connection = typeof connections.$inferSelect;
