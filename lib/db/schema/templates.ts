import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

export const templates = pgTable(
  'templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    sampleInput: jsonb('sample_input'),
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    condition: text('condition'),
    version: integer('version').notNull().default(1),
    visibility: text('visibility').$type<'private' | 'shared'>().notNull().default('private'),
    forkedFromId: uuid('forked_from_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('templates_user_idx').on(t.userId), index('templates_visibility_idx').on(t.visibility)],
);

// Published versions are immutable: tasks pin (template id, version).
export const templateVersions = pgTable(
  'template_versions',
  {
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    body: text('body').notNull(),
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    condition: text('condition'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);

export type Template = typeof templates.$inferSelect;
