import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { connections } from './connections';

// Task events (DESIGN §3.4): where they go, and the outbox a trigger on output_tasks fills.

export const taskEventTypes = ['task.succeeded', 'task.failed', 'task.skipped', 'task.awaiting_approval', 'task.cancelled'] as const;
export type TaskEventType = (typeof taskEventTypes)[number];

export const eventEndpoints = pgTable(
  'event_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    description: text('description'),
    // The signing secret lives sealed in a connection of the internal kind `event-delivery`, so
    // delivery, encryption and key rotation are the engine's own (lib/credentials).
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_endpoints_user_idx').on(t.userId)],
);
export type EventEndpoint = typeof eventEndpoints.$inferSelect;

/** One row per (event, endpoint) waiting to become a delivery task; the worker's relay drains it. */
export const taskEventOutbox = pgTable('task_event_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  eventId: text('event_id').notNull(),
  type: text('type').$type<TaskEventType>().notNull(),
  userId: text('user_id').notNull(),
  endpointId: uuid('endpoint_id'),
  // A task's own `notify` target instead of an endpoint.
  notifyUrl: text('notify_url'),
  // The task row as it was at the transition (to_jsonb(new)).
  task: jsonb('task').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/**
 * Single-use links to a task's review page, sent in task.awaiting_approval events (DESIGN §3.4).
 * Only the token's hash is kept; the link works once, for the task's owner, until it expires.
 */
export const approvalLinks = pgTable('approval_links', {
  tokenHash: text('token_hash').primaryKey(),
  // No foreign key: a task deleted by retention simply leaves a link that finds nothing (and no
  // cascade lookups slow those deletes down).
  taskId: uuid('task_id').notNull(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
