import { db } from '@/lib/db/client';
import { fromZod } from '@/lib/errors';
import { templateExportSchema, TEMPLATE_EXPORT_FORMAT, type TemplateDetail, type TemplateExport } from './schemas';
import { validateAtSave } from './render-sample';
import { insertTemplate } from './store';
import { RenderBudget } from '../isolated';
import type { TemplateContent } from './starters';

// Config keys that can name a connection or carry a credential never leave in an export, even
// though template config should hold neither: an export is meant to be handed to other people.
const UNEXPORTED_CONFIG_KEYS = new Set(['headers', 'connectionId', 'secret', 'signingSecret', 'webhookUrl', 'token', 'accessToken']);

function portableConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !UNEXPORTED_CONFIG_KEYS.has(key)));
}

/** GET /templates/:id/export: the version's content as a portable document. */
export function exportTemplate(template: TemplateDetail): Omit<TemplateExport, 'mapping'> & { mapping: Record<string, unknown> | null } {
  return {
    format: TEMPLATE_EXPORT_FORMAT,
    name: template.name,
    kind: template.kind,
    description: template.description,
    body: template.body,
    sampleInput: template.sampleInput ?? null,
    mapping: template.mapping,
    condition: template.condition,
    config: portableConfig(template.config),
    source: { templateId: template.id, version: template.version, exportedAt: new Date().toISOString() },
  };
}

/** POST /templates/import: a new private template (version 1), validated like any save. */
export async function importTemplate(userId: string, body: unknown): Promise<string> {
  const parsed = templateExportSchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const doc = parsed.data;
  const content: TemplateContent = {
    name: doc.name,
    description: doc.description,
    body: doc.body,
    sampleInput: doc.sampleInput ?? null,
    mapping: doc.mapping ?? null,
    condition: doc.condition ?? null,
    config: portableConfig(doc.config ?? {}),
  };
  await validateAtSave(doc.kind, content, new RenderBudget(userId));
  return insertTemplate(db, { userId, kind: doc.kind, content });
}
