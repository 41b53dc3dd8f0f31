import { and, desc, eq, ilike, isNotNull, sql, type SQL } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { templates, templateVersions, users } from '@/lib/db/schema';
import { validationError } from '@/lib/errors';
import type { MarketplaceQuery, TemplateView } from './schemas';
import { isUuid } from './store';
import { contentOf, toTemplateView } from './view';

const MAX_WORDS = 8;

// `%`, `_` and `\` are LIKE wildcards; a search for "100%" means the characters.
const likeEscape = (word: string) => word.replace(/[\\%_]/gu, (c) => `\\${c}`);

function searchFilter(q: string | undefined): SQL | undefined {
  const words = (q ?? '').split(/\s+/u).filter(Boolean).slice(0, MAX_WORDS);
  if (!words.length) return undefined;
  const text = sql`(${templateVersions.name} || ' ' || ${templateVersions.description})`;
  return and(...words.map((w) => ilike(text, `%${likeEscape(w)}%`)));
}

function afterCursor(cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const after = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(after)) throw validationError([{ path: 'cursor', message: 'is not a cursor returned by this API' }]);
  return sql`(${templates.publishedAt}, ${templates.id}) < (select c.published_at, c.id from templates c where c.id = ${after} and c.visibility = 'shared')`;
}

/**
 * GET /marketplace/templates: every user's shared templates as published (the owner's later,
 * unpublished edits are not shown), newest publication first, searched in name and description.
 */
export async function searchMarketplace(viewerId: string, query: MarketplaceQuery): Promise<{ data: TemplateView[]; nextCursor: string | null }> {
  const rows = await db
    .select({
      template: templates,
      version: templateVersions,
      authorName: users.name,
      forks: sql<number>`(select count(*)::int from templates f where f.forked_from_id = ${templates.id})`,
    })
    .from(templates)
    .innerJoin(templateVersions, and(eq(templateVersions.templateId, templates.id), eq(templateVersions.version, templates.publishedVersion)))
    .innerJoin(users, eq(users.id, templates.userId))
    .where(
      and(
        eq(templates.visibility, 'shared'),
        isNotNull(templates.publishedAt),
        query.kind ? eq(templates.kind, query.kind) : undefined,
        searchFilter(query.q),
        afterCursor(query.cursor),
      ),
    )
    .orderBy(desc(templates.publishedAt), desc(templates.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) =>
      toTemplateView(
        { template: r.template, authorName: r.authorName, forks: r.forks },
        { ...contentOf(r.version), version: r.version.version, createdAt: r.version.createdAt, publishedAt: r.version.publishedAt },
        viewerId,
      ),
    ),
    nextCursor: rows.length > query.limit && last ? Buffer.from(last.template.id).toString('base64url') : null,
  };
}
