import { isConditionRule } from '../condition';
import { rulePaths } from '../condition-rule';
import { variablesIsolated, type RenderBudget } from '../isolated';
import type { TemplateContent } from './starters';

const LIQUID_MARKUP = /\{\{|\{%/u;

/**
 * The variables a template reads from outside itself (`input.title`, `deps.summary.url`, mapped
 * names), from liquidjs' static analysis (run in a render thread) of the body, the condition and
 * Liquid config fields (WordPress titles): what the wizard offers for field mapping.
 */
export async function templateVariables(content: TemplateContent, budget: RenderBudget): Promise<string[]> {
  const sources = [content.body];
  const found = content.condition && isConditionRule(content.condition) ? rulePaths(content.condition) : [];
  if (content.condition && !isConditionRule(content.condition)) sources.push(`{% if ${content.condition} %}{% endif %}`);
  for (const value of Object.values(content.config)) {
    if (typeof value === 'string' && LIQUID_MARKUP.test(value)) sources.push(value);
  }
  for (const source of sources) found.push(...(await variablesIsolated(source, budget)));
  return [...new Set(found)].sort();
}
