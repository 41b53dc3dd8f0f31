import { z } from 'zod';
import { validationError, zodDetails, type ErrorDetail } from '@/lib/errors';
import { integrationKinds, publicIntegration } from '@/lib/integrations/registry';
import type { Integration } from '@/lib/integrations/types';
import { buildContext, conditionHolds, renderPayload } from '@/lib/tasks/render';
import { isConditionRule, parseCondition } from '../condition';
import { rulePathIssues } from '../condition-rule';
import { parseIsolated, type RenderBudget } from '../isolated';
import { MappingError, type Mapping } from '../mapping';
import { TemplateError, templateErrorDetail } from '../template-error';
import type { TemplateContent } from './starters';

export type SampleRender = { payload: unknown; validation: { ok: boolean; errors: ErrorDetail[] }; wouldRun: boolean };

// A template's config holds defaults, so fields a task must supply may be missing at save. The
// sample render fills them with neutral values that neither render nor validate reads.
const SAMPLE_CONFIG_FILLERS: Record<string, Record<string, unknown>> = {
  'http-post': { url: 'https://example.com/outpost-sample' },
  'wordpress-post': { title: 'Sample title' },
};

export function integrationOf(kind: string): Integration {
  const integration = publicIntegration(kind);
  if (!integration) throw validationError([{ path: 'kind', message: `must be one of: ${integrationKinds().join(', ')}` }]);
  return integration;
}

/** Checks a template's config defaults against the kind's schema, every field optional. */
export function checkConfigDefaults(integration: Integration, config: Record<string, unknown>): ErrorDetail[] {
  const schema = integration.configSchema;
  const partial = schema instanceof z.ZodObject ? schema.partial() : schema;
  const parsed = partial.safeParse(config);
  return parsed.success ? [] : zodDetails(parsed.error, 'config');
}

function sampleConfig(integration: Integration, config: Record<string, unknown>): unknown {
  const parsed = integration.configSchema.safeParse({ ...SAMPLE_CONFIG_FILLERS[integration.kind], ...config });
  return parsed.success ? parsed.data : config;
}

/** A structured condition's paths against the sample input (only their names without a sample). */
function conditionIssues(content: TemplateContent): ErrorDetail[] {
  if (!content.condition || !isConditionRule(content.condition)) return [];
  const sample = content.sampleInput === null ? undefined : content.sampleInput;
  return rulePathIssues(content.condition, { input: sample, inputName: 'the sample input', mappedKeys: Object.keys(content.mapping ?? {}) }, 'condition');
}

function failureDetail(error: unknown): ErrorDetail {
  if (error instanceof MappingError) return { path: `mapping.${error.key}`, message: error.message };
  if (error instanceof TemplateError) return templateErrorDetail(error, 'body');
  throw error;
}

/**
 * Renders a template's content with its sample input exactly as preview and delivery do (one code
 * path: lib/tasks/render), reporting template errors at `body` with line and column, mapping errors
 * at `mapping.<key>`, condition errors at `condition`, and the kind's validation at preview's paths.
 */
export async function renderSample(kind: string, content: TemplateContent, budget: RenderBudget): Promise<SampleRender> {
  const integration = integrationOf(kind);
  const fail = (errors: ErrorDetail[]): SampleRender => ({ payload: null, validation: { ok: false, errors }, wouldRun: false });
  const parseError = await parseIsolated(content.body, budget);
  if (parseError) return fail([templateErrorDetail(parseError, 'body')]);
  if (content.condition) {
    const cond = parseCondition(content.condition);
    if (!cond.ok) return fail([templateErrorDetail(cond.error, 'condition')]);
  }
  const ruleIssues = conditionIssues(content);
  if (ruleIssues.length) return fail(ruleIssues);
  let context;
  try {
    context = buildContext({ input: content.sampleInput ?? {}, mapping: content.mapping as Mapping | null });
  } catch (error) {
    return fail([failureDetail(error)]);
  }
  let wouldRun = true;
  try {
    wouldRun = await conditionHolds(content.condition, context, budget);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return fail([templateErrorDetail(error, 'condition')]);
  }
  try {
    const { payload, errors } = await renderPayload(integration, content.body, context, sampleConfig(integration, content.config), budget);
    const named = errors.map((e) => ({ path: e.path === 'template' ? 'body' : e.path, message: e.message }));
    return { payload, validation: { ok: named.length === 0, errors: named }, wouldRun: wouldRun && named.length === 0 };
  } catch (error) {
    return fail([failureDetail(error)]);
  }
}

/**
 * Validation at save (DESIGN §3.3): the config defaults fit the kind, the body and condition parse,
 * and, when there is a sample input, it renders and passes the kind's validation. Throws a 400.
 */
export async function validateAtSave(kind: string, content: TemplateContent, budget: RenderBudget): Promise<void> {
  const integration = integrationOf(kind);
  const configIssues = checkConfigDefaults(integration, content.config);
  if (configIssues.length) throw validationError(configIssues);
  if (content.sampleInput === undefined || content.sampleInput === null) {
    const parseError = await parseIsolated(content.body, budget);
    if (parseError) throw validationError([templateErrorDetail(parseError, 'body')]);
    const cond = content.condition ? parseCondition(content.condition) : { ok: true as const };
    if (!cond.ok) throw validationError([templateErrorDetail(cond.error, 'condition')]);
    const ruleIssues = conditionIssues(content);
    if (ruleIssues.length) throw validationError(ruleIssues);
    return;
  }
  const { validation } = await renderSample(kind, content, budget);
  if (!validation.ok) throw validationError(validation.errors);
}
