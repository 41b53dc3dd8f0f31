import { and, desc, eq, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { templates, templateVersions, users } from '@/lib/db/schema';
import { notFound } from '@/lib/errors';
import type { TemplateContent } from './starters';
import { contentFields, contentOf, type HeadRow, type VersionContent } from './view';

// Every read is scoped in its WHERE: the owner's templates, or shared ones. Anything else is the
// same 404 as a template that does not exist (DESIGN §3: never reveal existence).

export const notFoundTemplate = () => notFound('Template');
export const isUuid = (id: string) => z.uuid().safeParse(id).success;

const forkCount = sql<number>`(select count(*)::int from templates f where f.forked_from_id = ${templates.id})`;

export async function loadHeads(database: Db, where: SQL | undefined, opts: { limit?: number; order?: SQL[] } = {}): Promise<HeadRow[]> {
  const query = database
    .select({ template: templates, authorName: users.name, forks: forkCount })
    .from(templates)
    .innerJoin(users, eq(users.id, templates.userId))
    .where(where)
    .orderBy(...(opts.order ?? [desc(templates.updatedAt), desc(templates.id)]));
  return opts.limit ? query.limit(opts.limit) : query;
}

export const readableBy = (userId: string) => or(eq(templates.userId, userId), eq(templates.visibility, 'shared'));

/** The template when the caller owns it or it is shared; 404 otherwise. */
export async function readableHead(database: Db, userId: string, id: string): Promise<HeadRow> {
  if (!isUuid(id)) throw notFoundTemplate();
  const [head] = await loadHeads(database, and(eq(templates.id, id), readableBy(userId)), { limit: 1 });
  if (!head) throw notFoundTemplate();
  return head;
}

/** The caller's own template, locked for a change when `forUpdate`; 404 for anyone else's. */
export async function ownedTemplate(database: Db, userId: string, id: string, forUpdate = false) {
  if (!isUuid(id)) throw notFoundTemplate();
  const query = database.select().from(templates).where(and(eq(templates.id, id), eq(templates.userId, userId))).limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFoundTemplate();
  return row;
}

export async function forkCountOf(database: Db, id: string): Promise<number> {
  const [row] = await database.select({ n: sql<number>`count(*)::int` }).from(templates).where(eq(templates.forkedFromId, id));
  return row?.n ?? 0;
}

/**
 * The version `viewerId` asked for (default: the newest they may read). Owners read every version;
 * others read published versions only, so an owner's unpublished edits never leak.
 */
export async function versionFor(database: Db, head: HeadRow, viewerId: string, version?: number): Promise<VersionContent> {
  const t = head.template;
  const owner = t.userId === viewerId;
  const wanted = version ?? (owner ? t.version : t.publishedVersion);
  if (wanted === null || wanted === undefined) throw notFoundTemplate();
  if (owner && wanted === t.version) return { ...contentOf(t), version: t.version, createdAt: t.updatedAt, publishedAt: wanted === t.publishedVersion ? t.publishedAt : null };
  const filters = [eq(templateVersions.templateId, t.id), eq(templateVersions.version, wanted)];
  if (!owner) filters.push(isNotNull(templateVersions.publishedAt));
  const [row] = await database.select().from(templateVersions).where(and(...filters)).limit(1);
  if (!row) throw notFound(`Template version ${wanted}`);
  return { ...contentOf(row), version: row.version, createdAt: row.createdAt, publishedAt: row.publishedAt };
}

export async function listVersions(database: Db, head: HeadRow, viewerId: string) {
  const filters = [eq(templateVersions.templateId, head.template.id)];
  if (head.template.userId !== viewerId) filters.push(isNotNull(templateVersions.publishedAt));
  return database
    .select({ version: templateVersions.version, name: templateVersions.name, createdAt: templateVersions.createdAt, publishedAt: templateVersions.publishedAt })
    .from(templateVersions)
    .where(and(...filters))
    .orderBy(desc(templateVersions.version));
}

export async function insertTemplate(
  database: Db,
  values: { userId: string; kind: string; content: TemplateContent; forkedFrom?: { templateId: string; version: number } },
): Promise<string> {
  return database.transaction(async (tx) => {
    const [row] = await tx
      .insert(templates)
      .values({
        userId: values.userId,
        kind: values.kind,
        ...contentFields(values.content),
        version: 1,
        forkedFromId: values.forkedFrom?.templateId ?? null,
        forkedFromVersion: values.forkedFrom?.version ?? null,
      })
      .returning({ id: templates.id });
    await tx.insert(templateVersions).values({ templateId: row!.id, version: 1, ...contentFields(values.content) });
    return row!.id;
  });
}

/** Saves `content` as the next version of a template locked by the caller's transaction. */
export async function appendVersion(
  tx: Db,
  template: { id: string; version: number },
  content: TemplateContent,
  extra: Partial<typeof templates.$inferInsert> = {},
): Promise<void> {
  const version = template.version + 1;
  await tx.insert(templateVersions).values({ templateId: template.id, version, ...contentFields(content) });
  await tx
    .update(templates)
    .set({ ...contentFields(content), ...extra, version, updatedAt: sql`now()` })
    .where(eq(templates.id, template.id));
}

