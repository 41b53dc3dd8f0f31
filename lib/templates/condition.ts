import { Tokenizer, TypeGuards, type Token } from 'liquidjs';
import { z } from 'zod';
import { conditionRuleSchema, type ConditionRule } from './condition-rule';
import { liquid, renderTemplate } from './engine';
import { TemplateError, toTemplateError, type TemplatePosition } from './template-error';

export const MAX_CONDITION_LENGTH = 2_000;

/** A condition is a Liquid expression (the original form) or a structured rule (plain data). */
export type Condition = string | ConditionRule;

export const liquidConditionSchema = z
  .string()
  .max(MAX_CONDITION_LENGTH)
  .describe('A Liquid expression such as input.score > 0.5 and input.lang == "en"');

/** The `condition` field of templates, tasks and previews: both forms are accepted and stored. */
export const conditionSchema = z.union([liquidConditionSchema, conditionRuleSchema], {
  error: 'must be a Liquid expression (text) or a condition object such as {"op": "eq", "path": "input.lang", "value": "en"}',
});

export const isConditionRule = (condition: Condition): condition is ConditionRule => typeof condition === 'object' && condition !== null;

const PREFIX = '{% if ';

function positionIn(condition: string, offset: number): TemplatePosition {
  const before = condition.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function syntaxError(condition: string, message: string, offset: number): TemplateError {
  return new TemplateError(message, 'parse', positionIn(condition, offset));
}

// liquidjs's `{% if %}` silently ignores garbage such as `a b c` or `x = 1`; a task condition that
// is quietly always false is worse than a clear error, so check the operand/operator sequence first.
function checkConditionSyntax(condition: string): void {
  if (condition.trim() === '') throw new TemplateError('condition is empty', 'parse');
  if (condition.length > MAX_CONDITION_LENGTH) {
    throw new TemplateError(`condition too long (at most ${MAX_CONDITION_LENGTH} characters)`, 'limit');
  }
  const delimiter = /\{%|%\}|\{\{|\}\}/u.exec(condition);
  if (delimiter) throw syntaxError(condition, `unexpected "${delimiter[0]}" in condition`, delimiter.index);

  const tokenizer = new Tokenizer(condition, liquid.options.operators);
  let tokens: Token[];
  try {
    tokens = [...tokenizer.readExpressionTokens()];
  } catch (err) {
    throw toTemplateError(err, 'parse');
  }
  tokenizer.skipBlank();
  if (!tokenizer.end()) {
    throw syntaxError(condition, `unexpected "${tokenizer.remaining().trim()}"`, tokenizer.p);
  }

  let expectOperand = true;
  for (const token of tokens) {
    if (TypeGuards.isOperatorToken(token)) {
      if (token.operator === 'not' && expectOperand) continue;
      if (expectOperand) throw syntaxError(condition, `unexpected operator "${token.operator}"`, token.begin);
      expectOperand = true;
      continue;
    }
    if (!expectOperand) throw syntaxError(condition, `missing operator before "${token.getText()}"`, token.begin);
    if (TypeGuards.isPropertyAccessToken(token) && token.getText().endsWith('.')) {
      throw syntaxError(condition, `incomplete property "${token.getText()}"`, token.begin);
    }
    expectOperand = false;
  }
  if (expectOperand) throw syntaxError(condition, 'condition ends with an operator', condition.trimEnd().length);
}

/** Errors come from the wrapping `{% if %}`: shift positions back onto the condition text. */
function relocate(err: TemplateError): TemplateError {
  if (err.line === undefined || err.column === undefined) return err;
  const column = err.line === 1 ? Math.max(err.column - PREFIX.length, 1) : err.column;
  return new TemplateError(err.detail, err.kind, { line: err.line, column });
}

/** Checks a condition at create time without evaluating it (a rule was checked by its schema). */
export function parseCondition(condition: Condition): { ok: true } | { ok: false; error: TemplateError } {
  if (isConditionRule(condition)) return { ok: true };
  try {
    checkConditionSyntax(condition);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: toTemplateError(err, 'parse') };
  }
}

/**
 * Evaluates a Liquid expression such as `input.score > 0.5 and input.lang == "en"` with Liquid
 * truthiness (only `false` and `nil` are false). A missing variable in a comparison is treated as nil.
 */
export async function evaluateCondition(
  condition: string,
  context: Record<string, unknown>,
  // In-process by default (unit tests); the apps pass a render thread's (evaluateConditionIsolated).
  render: (source: string, context: Record<string, unknown>) => Promise<string> = renderTemplate,
): Promise<boolean> {
  checkConditionSyntax(condition);
  try {
    const out = await render(`${PREFIX}${condition} %}1{% else %}0{% endif %}`, context);
    return out === '1';
  } catch (err) {
    throw relocate(toTemplateError(err, 'render'));
  }
}
