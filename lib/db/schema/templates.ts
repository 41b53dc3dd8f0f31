import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import type { Condition } from '@/lib/templates/condition';

export type TemplateVisibility = 'private' | 'shared';

// The row is the template's head: its current version's content (copied from template_versions so
// lists and search read one row) plus what is not versioned (owner, visibility, lineage).
export const templates = pgTable(
  'templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull().default(''),
    body: text('body').notNull(),
    sampleInput: jsonb('sample_input'),
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    // A Liquid expression (a JSON string) or a structured rule (an object): see lib/templates/condition.ts.
    condition: jsonb('condition').$type<Condition>(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    requireApproval: boolean('require_approval').notNull().default(false),
    version: integer('version').notNull().default(1),
    visibility: text('visibility').$type<TemplateVisibility>().notNull().default('private'),
    publishedVersion: integer('published_version'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    // Lineage: the origin and the origin's version this template is based on (moves on pull).
    forkedFromId: uuid('forked_from_id'),
    forkedFromVersion: integer('forked_from_version'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('templates_user_idx').on(t.userId, t.updatedAt),
    index('templates_marketplace_idx').on(t.publishedAt, t.id).where(sql`visibility = 'shared'`),
    index('templates_forked_from_idx').on(t.forkedFromId).where(sql`forked_from_id is not null`),
  ],
);

// Every version ever saved, immutable; tasks pin (template id, version), and a published version
// is what other users read.
export const templateVersions = pgTable(
  'template_versions',
  {
    templateId: uuid('template_id')
      .notNull()
      .references(() => templates.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    body: text('body').notNull(),
    sampleInput: jsonb('sample_input'),
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    // A Liquid expression (a JSON string) or a structured rule (an object): see lib/templates/condition.ts.
    condition: jsonb('condition').$type<Condition>(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    requireApproval: boolean('require_approval').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);

export type Template = typeof templates.$inferSelect;
export type TemplateVersion = typeof templateVersions.$inferSelect;
