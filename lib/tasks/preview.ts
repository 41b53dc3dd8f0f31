import { db } from '@/lib/db/client';
import { AppError, fromZod, type ErrorDetail } from '@/lib/errors';
import { RenderBudget } from '@/lib/templates/isolated';
import { integrationFor, ownedConnectionFor, parseConfig, templateIssue } from './prepare';
import { buildContext, conditionHolds, renderPayload } from './render';
import { previewSchema } from './schemas';
import { resolveTemplateSource } from './template-source';

export type PreviewResult = { payload: unknown; validation: { ok: boolean; errors: ErrorDetail[] }; wouldRun: boolean };

/**
 * POST /preview: renders exactly what delivery would send and runs provider validation. Never
 * delivers. Request-shape problems are 400s; template and payload problems are reported in
 * `validation` so an editor can show them next to the template.
 */
export async function previewTask(userId: string, body: unknown): Promise<PreviewResult> {
  const parsed = previewSchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const input = parsed.data;
  const integration = integrationFor(input.kind, '');
  const config = parseConfig(integration, input.config, '');
  await ownedConnectionFor(db, userId, integration, input.connectionId, '');
  const bodyField = input.templateId ? 'templateId' : 'template';
  let source;
  try {
    source = await resolveTemplateSource(db, userId, integration, input);
  } catch (error) {
    // Syntax errors belong in the validation report; unknown template ids stay 400s.
    if (error instanceof AppError && error.details.some((d) => d.path !== 'templateId')) {
      return { payload: null, validation: { ok: false, errors: error.details }, wouldRun: false };
    }
    throw error;
  }
  try {
    const budget = new RenderBudget(userId);
    const context = buildContext({ input: input.input, mapping: source.mapping });
    const wouldRun = await conditionHolds(source.condition, context, budget);
    const { payload, errors } = await renderPayload(integration, source.body, context, config, budget);
    const named = errors.map((e) => ({ path: e.path === 'template' ? bodyField : e.path, message: e.message }));
    return { payload, validation: { ok: named.length === 0, errors: named }, wouldRun: wouldRun && named.length === 0 };
  } catch (error) {
    return { payload: null, validation: { ok: false, errors: [templateIssue(error, '', bodyField)] }, wouldRun: false };
  }
}
