import { and, eq, or } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { templates } from '@/lib/db/schema';
import { validationError } from '@/lib/errors';
import type { Integration } from '@/lib/integrations/types';
import { parseIsolated, type RenderBudget } from '@/lib/templates/isolated';
import { parseCondition } from '@/lib/templates/mapping';

export type TemplateSource = {
  templateId: string | null;
  templateVersion: number | null;
  body: string;
  mapping: Record<string, unknown> | null;
  condition: string | null;
};

/**
 * The template a task renders: by id (the caller's or a shared one, pinned by copying the current
 * version's body), inline, or the integration's default. Task mapping/condition win over the template's.
 */
export async function resolveTemplateSource(
  database: Db,
  userId: string,
  integration: Integration,
  given: { templateId?: string | null; template?: string | null; mapping?: Record<string, unknown> | null; condition?: string | null },
  pathPrefix = '',
): Promise<TemplateSource> {
  let source: TemplateSource;
  if (given.templateId) {
    const [row] = await database
      .select()
      .from(templates)
      .where(and(eq(templates.id, given.templateId), or(eq(templates.userId, userId), eq(templates.visibility, 'shared'))))
      .limit(1);
    if (!row) throw validationError([{ path: `${pathPrefix}templateId`, message: 'no such template' }]);
    if (row.kind !== integration.kind) {
      throw validationError([{ path: `${pathPrefix}templateId`, message: `template is for ${row.kind}, not ${integration.kind}` }]);
    }
    source = { templateId: row.id, templateVersion: row.version, body: row.body, mapping: row.mapping ?? null, condition: row.condition };
  } else {
    source = { templateId: null, templateVersion: null, body: given.template ?? integration.defaultTemplate, mapping: null, condition: null };
  }
  if (given.mapping !== undefined && given.mapping !== null) source.mapping = given.mapping;
  if (given.condition !== undefined && given.condition !== null) source.condition = given.condition;
  checkConditionSyntax(source, pathPrefix);
  return source;
}

/** A condition is short (at most 2,000 characters) and checked by a bounded scan, so in-process. */
export function checkConditionSyntax(source: { condition: string | null }, pathPrefix: string): void {
  if (!source.condition) return;
  const cond = parseCondition(source.condition);
  if (!cond.ok) throw validationError([{ path: `${pathPrefix}condition`, message: cond.error.message }]);
}

/**
 * Parses the body and the integration's Liquid config fields in a render thread (a hostile
 * template can take seconds to parse). Needed only when no trial render follows: a render
 * reports the same syntax errors.
 */
export async function checkTemplateSyntax(
  source: { body: string },
  liquidFields: Record<string, string>,
  pathPrefix: string,
  bodyField: string,
  budget: RenderBudget,
): Promise<void> {
  const fields = [[bodyField, source.body], ...Object.entries(liquidFields).map(([path, text]) => [`config.${path}`, text])] as const;
  for (const [path, text] of fields) {
    const error = await parseIsolated(text, budget);
    if (error) throw validationError([{ path: `${pathPrefix}${path}`, message: error.message }]);
  }
}
