import type { Db } from '@/lib/db/client';
import { AppError, validationError } from '@/lib/errors';
import type { Integration } from '@/lib/integrations/types';
import { parseIsolated, type RenderBudget } from '@/lib/templates/isolated';
import { findStarter } from '@/lib/templates/library/starters';
import { readableHead, versionFor } from '@/lib/templates/library/store';
import { isConditionRule, parseCondition, type Condition } from '@/lib/templates/condition';
import { rulePathIssues } from '@/lib/templates/condition-rule';
import { templateErrorDetail } from '@/lib/templates/template-error';

export type TemplateSource = {
  templateId: string | null;
  templateVersion: number | null;
  body: string;
  mapping: Record<string, unknown> | null;
  condition: Condition | null;
  /** The template's config defaults; the task's own config wins key by key. */
  configDefaults: Record<string, unknown>;
  /** The template's default for the task's approval (DESIGN §3.4). */
  requireApproval: boolean;
};

/** `shared`: someone else's template (from the marketplace), not the caller's own or a starter. */
type StoredTemplate = Omit<TemplateSource, 'templateId'> & { kind: string; shared: boolean };

/**
 * The version a task pins: a starter; the caller's own template at its current version; or
 * someone else's shared template at its published version (never the owner's unpublished edits).
 */
async function storedTemplate(database: Db, userId: string, id: string): Promise<StoredTemplate | null> {
  const starter = findStarter(id);
  if (starter) {
    return { kind: starter.kind, shared: false, templateVersion: starter.version, body: starter.body, mapping: starter.mapping, condition: starter.condition, configDefaults: starter.config, requireApproval: starter.requireApproval ?? false };
  }
  try {
    const head = await readableHead(database, userId, id);
    const version = await versionFor(database, head, userId);
    return {
      kind: head.template.kind,
      shared: head.template.userId !== userId,
      templateVersion: version.version,
      body: version.body,
      mapping: version.mapping,
      condition: version.condition,
      configDefaults: version.config,
      requireApproval: version.requireApproval ?? false,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * The template a task renders: by id (pinned by copying that version's body, and recording the
 * version), inline, or the integration's default. Task mapping/condition win over the template's.
 */
export async function resolveTemplateSource(
  database: Db,
  userId: string,
  integration: Integration,
  given: { templateId?: string | null; template?: string | null; mapping?: Record<string, unknown> | null; condition?: Condition | null; input?: unknown },
  pathPrefix = '',
): Promise<TemplateSource> {
  let source: TemplateSource;
  if (given.templateId) {
    const stored = await storedTemplate(database, userId, given.templateId);
    if (!stored) throw validationError([{ path: `${pathPrefix}templateId`, message: 'no such template' }]);
    if (stored.kind !== integration.kind) {
      throw validationError([{ path: `${pathPrefix}templateId`, message: `template is for ${stored.kind}, not ${integration.kind}` }]);
    }
    const { kind: _kind, shared, ...rest } = stored;
    source = { templateId: given.templateId, ...rest };
    // Someone else's template shapes the message, never where it goes: with the caller's
    // connection a destination of the author's choosing would receive the caller's secrets.
    if (shared) source.configDefaults = withoutFields(source.configDefaults, integration.destinationFields ?? []);
  } else {
    source = { templateId: null, templateVersion: null, body: given.template ?? integration.defaultTemplate, mapping: null, condition: null, configDefaults: {}, requireApproval: false };
  }
  if (given.mapping !== undefined && given.mapping !== null) source.mapping = given.mapping;
  if (given.condition !== undefined && given.condition !== null) {
    source.condition = given.condition;
    if (isConditionRule(given.condition) && given.input !== undefined) checkConditionPaths(given.condition, given.input, source, pathPrefix);
  }
  checkConditionSyntax(source, pathPrefix);
  return source;
}

function withoutFields(config: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !fields.includes(key)));
}

/**
 * A rule the request gives is checked against the request's own input (a path missing there is a
 * typo: the condition would be constant). A rule inherited from a template was checked against
 * the template's sample at save; a task input without that field simply makes its tests false.
 */
function checkConditionPaths(rule: Parameters<typeof rulePathIssues>[0], input: unknown, source: TemplateSource, pathPrefix: string): void {
  const issues = rulePathIssues(rule, { input, inputName: 'the input', mappedKeys: Object.keys(source.mapping ?? {}) }, `${pathPrefix}condition`);
  if (issues.length) throw validationError(issues);
}

/** A Liquid condition is short (at most 2,000 characters) and checked by a bounded scan, so in-process. */
export function checkConditionSyntax(source: { condition: Condition | null }, pathPrefix: string): void {
  if (!source.condition) return;
  const cond = parseCondition(source.condition);
  if (!cond.ok) throw validationError([templateErrorDetail(cond.error, `${pathPrefix}condition`)]);
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
    if (error) throw validationError([templateErrorDetail(error, `${pathPrefix}${path}`)]);
  }
}
