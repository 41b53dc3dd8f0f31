import { and, eq, sql, type SQL } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { templates, templateVersions } from '@/lib/db/schema';
import { conflict, fromZod, validationError } from '@/lib/errors';
import { assertStoredBytesQuota } from '@/lib/quotas';
import { RenderBudget } from '../isolated';
import { withOwnDestination } from './destinations';
import { upstreamOf } from './lineage';
import {
  createTemplateSchema,
  patchTemplateSchema,
  type ListTemplatesQuery,
  type TemplateDetail,
  type TemplateView,
} from './schemas';
import { findStarter, STARTERS, STARTERS_UPDATED_AT, type TemplateContent } from './starters';
import { appendVersion, forkCountOf, insertTemplate, isUuid, listVersions, loadHeads, notFoundTemplate, ownedTemplate, readableHead, versionFor } from './store';
import { validateAtSave } from './render-sample';
import { templateVariables } from './variables';
import { contentOf, starterView, toTemplateView } from './view';

export async function createTemplate(userId: string, body: unknown): Promise<TemplateDetail> {
  const parsed = createTemplateSchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const input = parsed.data;
  const content: TemplateContent = {
    name: input.name,
    description: input.description ?? '',
    body: input.body,
    sampleInput: input.sampleInput ?? null,
    mapping: input.mapping ?? null,
    condition: input.condition ?? null,
    config: input.config ?? {},
    requireApproval: input.requireApproval ?? false,
  };
  await validateAtSave(input.kind, content, new RenderBudget(userId));
  // The head and its first version both keep the content.
  await assertStoredBytesQuota(db, userId, 2 * contentBytes(content));
  const id = await insertTemplate(db, { userId, kind: input.kind, content });
  return getTemplate(userId, id);
}

/** What a template's content keeps stored, as user_storage counts it (drizzle/0012), near enough. */
function contentBytes(content: Pick<TemplateContent, 'body' | 'sampleInput' | 'mapping' | 'config'>): number {
  const json = (value: unknown) => (value === null || value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));
  return Buffer.byteLength(content.body) + json(content.sampleInput) + json(content.mapping) + json(content.config);
}

/** GET /templates/:id[?version=N]: a starter, the caller's own template, or a shared one. */
export async function getTemplate(userId: string, id: string, version?: number): Promise<TemplateDetail> {
  const starter = findStarter(id);
  if (starter) {
    if (version !== undefined && version !== starter.version) throw notFoundTemplate();
    const view = starterView(starter, await forkCountOf(db, id));
    return { ...view, variables: await templateVariables(starter, new RenderBudget(userId)), updateAvailable: false, upstreamVersion: null };
  }
  const head = await readableHead(db, userId, id);
  const shown = await versionFor(db, head, userId, version);
  const upstream = await upstreamOf(db, userId, head.template);
  return {
    ...toTemplateView(head, shown, userId),
    variables: await templateVariables(shown, new RenderBudget(userId)),
    updateAvailable: upstream?.newer ?? false,
    upstreamVersion: upstream?.version ?? null,
  };
}

function listCursor(where: SQL, cursor: string | undefined, userId: string): SQL | undefined {
  if (!cursor) return where;
  const after = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(after)) throw validationError([{ path: 'cursor', message: 'is not a cursor returned by this API' }]);
  return and(
    where,
    sql`(${templates.updatedAt}, ${templates.id}) < (select c.updated_at, c.id from templates c where c.id = ${after} and c.user_id = ${userId})`,
  );
}

/** GET /templates: the caller's templates, most recently changed first. */
export async function listTemplates(userId: string, query: ListTemplatesQuery): Promise<{ data: TemplateView[]; nextCursor: string | null }> {
  const own = and(eq(templates.userId, userId), query.kind ? eq(templates.kind, query.kind) : undefined)!;
  const rows = await loadHeads(db, listCursor(own, query.cursor, userId), { limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((head) => toTemplateView(head, { ...contentOf(head.template), version: head.template.version, createdAt: head.template.updatedAt, publishedAt: null }, userId)),
    nextCursor: rows.length > query.limit && last ? Buffer.from(last.template.id).toString('base64url') : null,
  };
}

const sameContent = (a: TemplateContent, b: TemplateContent) => JSON.stringify(a) === JSON.stringify(b);

/** PATCH /templates/:id: the changed content becomes the next version, validated like a new one. */
export async function patchTemplate(userId: string, id: string, body: unknown): Promise<TemplateDetail> {
  if (findStarter(id)) throw notFoundTemplate();
  const parsed = patchTemplateSchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const patch = parsed.data;
  const row = await ownedTemplate(db, userId, id);
  const current = contentOf(row);
  const next: TemplateContent = {
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    body: patch.body ?? current.body,
    sampleInput: patch.sampleInput !== undefined ? patch.sampleInput : current.sampleInput,
    mapping: patch.mapping !== undefined ? patch.mapping : current.mapping,
    condition: patch.condition !== undefined ? patch.condition : current.condition,
    config: patch.config ?? current.config,
    requireApproval: patch.requireApproval ?? current.requireApproval,
  };
  // Saving what is already there makes no new version.
  if (!sameContent(current, next)) {
    // Validation renders in a thread, so it runs before the row is locked; the lock then checks
    // that nobody saved a version meanwhile (their change would otherwise be silently lost).
    await validateAtSave(row.kind, next, new RenderBudget(userId));
    // A new version, and the head's change.
    await assertStoredBytesQuota(db, userId, contentBytes(next) + Math.max(0, contentBytes(next) - contentBytes(current)));
    await db.transaction(async (tx) => {
      const locked = await ownedTemplate(tx, userId, id, true);
      if (locked.version !== row.version) throw conflict(`Version ${locked.version} was saved meanwhile; read it and apply your change again`);
      await appendVersion(tx, locked, next);
    });
  }
  return getTemplate(userId, id);
}

/** DELETE /templates/:id: the template and its versions; tasks keep the copy they were created with. */
export async function deleteTemplate(userId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFoundTemplate();
  const deleted = await db
    .delete(templates)
    .where(and(eq(templates.id, id), eq(templates.userId, userId)))
    .returning({ id: templates.id });
  if (!deleted.length) throw notFoundTemplate();
}

/** POST /templates/:id/publish: the current version becomes the shared, immutable one. */
export async function publishTemplate(userId: string, id: string): Promise<TemplateDetail> {
  if (findStarter(id)) throw notFoundTemplate();
  await db.transaction(async (tx) => {
    const row = await ownedTemplate(tx, userId, id, true);
    if (row.publishedVersion === row.version) return;
    await tx
      .update(templateVersions)
      .set({ publishedAt: sql`now()` })
      .where(and(eq(templateVersions.templateId, id), eq(templateVersions.version, row.version)));
    await tx
      .update(templates)
      .set({ visibility: 'shared', publishedVersion: row.version, publishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(templates.id, id));
  });
  return getTemplate(userId, id);
}

/**
 * POST /templates/:id/unpublish: private again, out of the marketplace, unreadable for everyone
 * else. Nothing is deleted: published versions stay as they were (publishing again shows the
 * current version), tasks keep the copy they were created with, and forks keep their lineage;
 * while the origin is private a fork sees no update, and its diff/pull answer 409 (lineage.ts).
 */
export async function unpublishTemplate(userId: string, id: string): Promise<TemplateDetail> {
  if (findStarter(id)) throw notFoundTemplate();
  await db.transaction(async (tx) => {
    const row = await ownedTemplate(tx, userId, id, true);
    if (row.visibility === 'private' && row.publishedVersion === null) return;
    await tx
      .update(templates)
      .set({ visibility: 'private', publishedVersion: null, publishedAt: null, updatedAt: sql`now()` })
      .where(eq(templates.id, id));
  });
  return getTemplate(userId, id);
}

/** POST /templates/:id/fork: a private copy (version 1) of what the caller can read, remembering its origin. */
export async function forkTemplate(userId: string, id: string): Promise<TemplateDetail> {
  const starter = findStarter(id);
  if (starter) {
    const copy = await insertTemplate(db, { userId, kind: starter.kind, content: starter, forkedFrom: { templateId: id, version: starter.version } });
    return getTemplate(userId, copy);
  }
  const head = await readableHead(db, userId, id);
  const source = await versionFor(db, head, userId);
  const { version, createdAt: _c, publishedAt: _p, ...content } = source;
  // Someone else's destination (http-post's url) stays on their template; the fork names its own.
  if (head.template.userId !== userId) content.config = withOwnDestination(head.template.kind, content.config);
  await assertStoredBytesQuota(db, userId, 2 * contentBytes(content));
  const copy = await insertTemplate(db, { userId, kind: head.template.kind, content, forkedFrom: { templateId: id, version } });
  return getTemplate(userId, copy);
}

/** GET /templates/:id/versions: every version for the owner, published ones for everyone else. */
export async function templateVersionList(userId: string, id: string) {
  const starter = findStarter(id);
  if (starter) return [{ version: starter.version, name: starter.name, createdAt: new Date(STARTERS_UPDATED_AT), publishedAt: new Date(STARTERS_UPDATED_AT) }];
  const head = await readableHead(db, userId, id);
  return listVersions(db, head, userId);
}

/** GET /templates/starters */
export async function listStarters(): Promise<TemplateView[]> {
  const counts = await db
    .select({ id: templates.forkedFromId, n: sql<number>`count(*)::int` })
    .from(templates)
    .where(sql`${templates.forkedFromId} in ${STARTERS.map((s) => s.id)}`)
    .groupBy(templates.forkedFromId);
  const byId = new Map(counts.map((c) => [c.id, c.n]));
  return STARTERS.map((s) => starterView(s, byId.get(s.id) ?? 0));
}

