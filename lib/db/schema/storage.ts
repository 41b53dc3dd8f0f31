import { bigint, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { users } from './auth';

/**
 * Bytes each user keeps stored (OUTPOST_QUOTA_STORED_BYTES): task inputs and templates, template
 * bodies, sample inputs and config defaults, pending and retained alike. Kept by triggers on
 * output_tasks, templates and template_versions (drizzle/0012) in the transaction that inserts,
 * changes or deletes the rows (retention included), so it is never counted by scanning. A user's
 * total is spread over a few stripes (by backend) so concurrent creates of one user do not queue
 * on one row; the total is their sum.
 */
export const userStorage = pgTable(
  'user_storage',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stripe: smallint('stripe').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.stripe] })],
);
