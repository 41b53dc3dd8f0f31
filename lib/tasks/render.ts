import type { Integration, TemplateContext, ValidationIssue } from '@/lib/integrations/types';
import { evaluateConditionIsolated, renderIsolated, type RenderBudget } from '@/lib/templates/isolated';
import { isConditionRule, type Condition } from '@/lib/templates/condition';
import { evaluateRule } from '@/lib/templates/condition-rule';
import { applyMapping, type Mapping } from '@/lib/templates/mapping';

export const RENDER_TIMEOUT_MS = 1_000;

export type RenderInputs = {
  input: unknown;
  mapping: Record<string, unknown> | null;
  deps?: Record<string, unknown>;
  items?: unknown[];
  task?: { id: string | null; name: string | null };
};

/** What a task template sees (DESIGN §3): mapped fields at top level, then input, deps, items, task. */
export function buildContext(inputs: RenderInputs): TemplateContext {
  const mapped = inputs.mapping ? applyMapping(inputs.input, inputs.mapping as Mapping) : {};
  return {
    ...mapped,
    input: inputs.input,
    deps: inputs.deps ?? {},
    ...(inputs.items ? { items: inputs.items } : {}),
    task: inputs.task ?? { id: null, name: null },
  };
}

export type Rendered<P> = { payload: P; errors: ValidationIssue[] };

/**
 * Template → payload → provider validation; the same path for preview and delivery. Every Liquid
 * render (the body, and config fields an integration renders) runs in a render thread on `budget`.
 */
export async function renderPayload<P>(
  integration: Integration<unknown, P>,
  template: string,
  context: TemplateContext,
  config: unknown,
  budget: RenderBudget,
): Promise<Rendered<P>> {
  const body = await renderIsolated(template, context, { budget, timeoutMs: RENDER_TIMEOUT_MS });
  const renderLiquid = (source: string, opts: { timeoutMs?: number } = {}) => renderIsolated(source, context, { budget, ...opts });
  const payload = await integration.render({ body, context, renderLiquid }, config);
  return { payload, errors: integration.validate(payload, config) };
}

/**
 * A Liquid condition is untrusted Liquid, so it runs in a render thread on the budget; a structured
 * rule is bounded data with no Liquid in it (lib/templates/condition-rule.ts), so it is evaluated
 * here, in-process, without spending the budget.
 */
export async function conditionHolds(condition: Condition | null, context: TemplateContext, budget: RenderBudget): Promise<boolean> {
  if (condition === null) return true;
  if (isConditionRule(condition)) return evaluateRule(condition, context);
  if (condition.trim() === '') return true;
  return evaluateConditionIsolated(condition, context, budget);
}
