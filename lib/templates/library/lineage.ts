import { and, eq } from 'drizzle-orm';
import { db as defaultDb, type Db } from '@/lib/db/client';
import { templates, type Template } from '@/lib/db/schema';
import { conflict } from '@/lib/errors';
import { RenderBudget } from '../isolated';
import { withOwnDestination } from './destinations';
import { renderSample, validateAtSave } from './render-sample';
import type { TemplateDetail, TemplateDiff } from './schemas';
import { findStarter, type TemplateContent } from './starters';
import { appendVersion, loadHeads, ownedTemplate, readableBy, versionFor } from './store';
import { contentOf } from './view';

// Lineage: a fork remembers its origin and the origin's version it is based on. When the origin
// publishes a newer version, the fork can see what that version would render from the fork's own
// sample input, and take it as its next version. Only published versions travel: an origin's
// unpublished edits never reach anyone else's fork.

export type Upstream = { templateId: string; version: number; newer: boolean; content: () => Promise<TemplateContent> };

export async function upstreamOf(database: Db, userId: string, fork: Template): Promise<Upstream | null> {
  if (!fork.forkedFromId || fork.forkedFromVersion === null) return null;
  const base = fork.forkedFromVersion;
  const starter = findStarter(fork.forkedFromId);
  if (starter) return { templateId: starter.id, version: starter.version, newer: starter.version > base, content: async () => starter };
  const [origin] = await loadHeads(database, and(eq(templates.id, fork.forkedFromId), readableBy(userId)), { limit: 1 });
  const published = origin?.template.publishedVersion;
  if (!origin || published === null || published === undefined) return null;
  return {
    templateId: origin.template.id,
    version: published,
    newer: published > base,
    content: async () => {
      const { version: _v, createdAt: _c, publishedAt: _p, ...content } = await versionFor(database, origin, userId, published);
      return content;
    },
  };
}

/** The fork's own name, description, sample and destination stay; what renders comes from the origin. */
function merged(kind: string, fork: TemplateContent, incoming: TemplateContent): TemplateContent {
  return { ...fork, body: incoming.body, mapping: incoming.mapping, condition: incoming.condition, config: withOwnDestination(kind, incoming.config, fork.config) };
}

async function requireUpstream(database: Db, userId: string, fork: Template): Promise<Upstream> {
  const upstream = await upstreamOf(database, userId, fork);
  if (!upstream) throw conflict(fork.forkedFromId ? 'The template this was forked from is no longer published' : 'This template is not a fork');
  return upstream;
}

/** GET /templates/:id/diff: the fork's sample input rendered by its current version and by the origin's newest. */
export async function diffWithUpstream(userId: string, id: string, database: Db = defaultDb): Promise<TemplateDiff> {
  const fork = await ownedTemplate(database, userId, id);
  const upstream = await requireUpstream(database, userId, fork);
  const current = contentOf(fork);
  const incoming = merged(fork.kind, current, await upstream.content());
  const budget = new RenderBudget(userId);
  const [now, next] = await Promise.all([renderSample(fork.kind, current, budget), renderSample(fork.kind, incoming, budget)]);
  return {
    templateId: fork.id,
    forkedFrom: { templateId: upstream.templateId, version: fork.forkedFromVersion! },
    updateAvailable: upstream.newer,
    current: { version: fork.version, body: current.body, payload: now.payload, validation: now.validation },
    incoming: { version: upstream.version, body: incoming.body, payload: next.payload, validation: next.validation },
  };
}

/** POST /templates/:id/pull: the origin's newest published version becomes the fork's next version. */
export async function pullUpstream(userId: string, id: string, reread: (userId: string, id: string) => Promise<TemplateDetail>): Promise<TemplateDetail> {
  const fork = await ownedTemplate(defaultDb, userId, id);
  const upstream = await requireUpstream(defaultDb, userId, fork);
  if (!upstream.newer) throw conflict(`Already up to date with version ${upstream.version} of the origin`);
  const next = merged(fork.kind, contentOf(fork), await upstream.content());
  await validateAtSave(fork.kind, next, new RenderBudget(userId));
  await defaultDb.transaction(async (tx) => {
    const locked = await ownedTemplate(tx, userId, id, true);
    if (locked.version !== fork.version) throw conflict(`Version ${locked.version} was saved meanwhile; pull again`);
    await appendVersion(tx, locked, next, { forkedFromVersion: upstream.version });
  });
  return reread(userId, id);
}
