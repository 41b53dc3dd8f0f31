import { db } from '@/lib/db/client';
import { fromZod, validationError, type ErrorDetail } from '@/lib/errors';
import { RenderBudget } from '@/lib/templates/isolated';
import { integrationFor, ownedConnectionFor, parseConfig, templateIssue } from './prepare';
import { buildContext, conditionHolds, renderPayload } from './render';
import { previewSchema } from './schemas';
import { resolveTemplateSource } from './template-source';

export type PreviewResult = { payload: unknown; validation: { ok: boolean; errors: ErrorDetail[] }; wouldRun: boolean };

/**
 * POST /preview: renders exactly what delivery would send and runs provider validation. Never
 * delivers. A template that cannot render (parse error, undefined variable, render limit) is a 400
 * naming line and column, as at POST /tasks and at template save; provider-limit problems of a
 * payload that did render are reported in `validation` next to that payload.
 */
export async function previewTask(userId: string, body: unknown): Promise<PreviewResult> {
  const parsed = previewSchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const input = parsed.data;
  const integration = integrationFor(input.kind, '');
  const bodyField = input.templateId ? 'templateId' : 'template';
  const source = await resolveTemplateSource(db, userId, integration, input);
  const config = parseConfig(integration, { ...source.configDefaults, ...input.config }, '');
  await ownedConnectionFor(db, userId, integration, input.connectionId, '');
  const budget = new RenderBudget(userId);
  let context;
  let wouldRun;
  try {
    context = buildContext({ input: input.input, mapping: source.mapping });
    wouldRun = await conditionHolds(source.condition, context, budget);
  } catch (error) {
    throw validationError([templateIssue(error, '', 'condition')]);
  }
  let rendered;
  try {
    rendered = await renderPayload(integration, source.body, context, config, budget);
  } catch (error) {
    throw validationError([templateIssue(error, '', bodyField)]);
  }
  const named = rendered.errors.map((e) => ({ path: e.path === 'template' ? bodyField : e.path, message: e.message }));
  return { payload: rendered.payload, validation: { ok: named.length === 0, errors: named }, wouldRun: wouldRun && named.length === 0 };
}
