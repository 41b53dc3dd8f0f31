import type { Template, TemplateVersion } from '@/lib/db/schema';
import type { TemplateView } from './schemas';
import { STARTER_AUTHOR, STARTERS_UPDATED_AT, type Starter, type TemplateContent } from './starters';

// Someone who never chose a display name is shown as this, never by their email address.
export const ANONYMOUS_AUTHOR = 'Anonymous';

export type VersionContent = TemplateContent & { version: number; createdAt: Date; publishedAt: Date | null };

const iso = (d: Date | string) => new Date(d).toISOString();

export function contentOf(row: Template | TemplateVersion): TemplateContent {
  return {
    name: row.name,
    description: row.description,
    body: row.body,
    sampleInput: row.sampleInput ?? null,
    mapping: row.mapping ?? null,
    condition: row.condition ?? null,
    config: row.config ?? {},
    requireApproval: row.requireApproval,
  };
}

export type HeadRow = { template: Template; authorName: string | null; forks: number };

/** A stored template as `viewerId` may see it: the owner sees every version, others published ones. */
export function toTemplateView(head: HeadRow, shown: VersionContent, viewerId: string): TemplateView {
  const t = head.template;
  const owner = t.userId === viewerId;
  return {
    id: t.id,
    ...contentFields(shown),
    kind: t.kind,
    version: shown.version,
    latestVersion: owner ? t.version : (t.publishedVersion ?? shown.version),
    visibility: t.visibility,
    publishedVersion: t.publishedVersion,
    forkedFrom: t.forkedFromId && t.forkedFromVersion !== null ? { templateId: t.forkedFromId, version: t.forkedFromVersion } : null,
    forks: head.forks,
    author: { name: head.authorName?.trim() || ANONYMOUS_AUTHOR },
    editable: owner,
    starter: false,
    createdAt: iso(t.createdAt),
    // Other users see when the published version appeared, not when the owner last edited.
    updatedAt: owner ? iso(t.updatedAt) : iso(shown.publishedAt ?? t.publishedAt ?? t.createdAt),
  };
}

export function starterView(starter: Starter, forks: number): TemplateView {
  return {
    id: starter.id,
    ...contentFields(starter),
    kind: starter.kind,
    version: starter.version,
    latestVersion: starter.version,
    visibility: 'shared',
    publishedVersion: starter.version,
    forkedFrom: null,
    forks,
    author: { name: STARTER_AUTHOR },
    editable: false,
    starter: true,
    createdAt: STARTERS_UPDATED_AT,
    updatedAt: STARTERS_UPDATED_AT,
  };
}

/** A template's content as its columns hold it (rows and versions alike) and as the API shows it. */
export function contentFields(c: TemplateContent) {
  return {
    name: c.name,
    description: c.description,
    body: c.body,
    sampleInput: c.sampleInput ?? null,
    mapping: c.mapping,
    condition: c.condition,
    config: c.config,
    requireApproval: c.requireApproval ?? false,
  };
}
