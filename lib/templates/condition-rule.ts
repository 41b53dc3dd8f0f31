import { z } from 'zod';
import type { ErrorDetail } from '@/lib/errors';
import { getPath, parsePath, type PathSegment } from './object-path';

// A condition as plain data (issue 11): `{op: "all", conditions: [...]}`, `{op: "not", condition}`
// or a test of one path of the render context, e.g. `{op: "gt", path: "input.score", value: 0.5}`.
// Every node carries `op`, so zod picks the node's schema by it and names the exact bad field
// (`condition.conditions[1].value`) instead of "no union member matched".
//
// Why it is evaluated in-process while Liquid conditions run in the render threads (DESIGN §6):
// no Liquid is involved, and the work is bounded by the data itself: at most MAX_RULE_LEAVES
// tests, MAX_RULE_DEPTH levels, paths of at most MAX_RULE_PATH_LENGTH characters and values of at
// most MAX_RULE_VALUE_LENGTH characters of JSON, each test a path lookup and one comparison with
// no loops a user controls (no regular expressions either, so no ReDoS).

export const MAX_RULE_DEPTH = 8;
export const MAX_RULE_LEAVES = 50;
export const MAX_RULE_PATH_LENGTH = 500;
export const MAX_RULE_VALUE_LENGTH = 2_000;

export const GROUP_OPS = ['all', 'any'] as const;
export const EQUALITY_OPS = ['eq', 'ne', 'contains'] as const;
export const ORDER_OPS = ['gt', 'gte', 'lt', 'lte'] as const;
export const PRESENCE_OPS = ['exists', 'empty'] as const;
export const TEST_OPS = [...EQUALITY_OPS, ...ORDER_OPS, ...PRESENCE_OPS] as const;
export const RULE_OPS = [...GROUP_OPS, 'not', ...TEST_OPS] as const;
export type TestOp = (typeof TEST_OPS)[number];

/** Top-level names of the render context besides mapped fields (lib/tasks/render buildContext). */
export const CONTEXT_ROOTS = ['input', 'deps', 'items', 'task'] as const;

export type ConditionRule =
  | { op: (typeof GROUP_OPS)[number]; conditions: ConditionRule[] }
  | { op: 'not'; condition: ConditionRule }
  | { op: (typeof EQUALITY_OPS)[number]; path: string; value: unknown }
  | { op: (typeof ORDER_OPS)[number]; path: string; value: number | string }
  | { op: (typeof PRESENCE_OPS)[number]; path: string };

/** `input.items[0].title`: a context name, then `.name` or `[index]` / `["key"]` steps. */
export function parseRulePath(path: string): PathSegment[] {
  if (path.trim().startsWith('$')) throw new SyntaxError(`invalid path "${path}": start with input, deps, items, task or a mapped field, not "$"`);
  const segments = parsePath(path);
  if (typeof segments[0] !== 'string') throw new SyntaxError(`invalid path "${path}": must start with a name`);
  return segments;
}

const pathSchema = z
  .string({ error: 'must be a path such as input.score' })
  .min(1, 'is required')
  .max(MAX_RULE_PATH_LENGTH)
  .superRefine((path, ctx) => {
    try {
      parseRulePath(path);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  })
  .describe('Where to look in the render context: input.<path>, deps.<task name>.<path>, items[i], task.name, or a mapped field');

const jsonValueSchema = z
  .unknown()
  .refine((v) => v !== undefined, 'is required')
  .refine((v) => (JSON.stringify(v) ?? '').length <= MAX_RULE_VALUE_LENGTH, `must be at most ${MAX_RULE_VALUE_LENGTH} characters as JSON`)
  .describe('Any JSON value');

const nodeSchema: z.ZodType<ConditionRule> = z.lazy(() =>
  z.discriminatedUnion(
    'op',
    [
      z.strictObject({
        op: z.enum(GROUP_OPS).describe('all: every condition holds; any: at least one does'),
        conditions: z.array(nodeSchema).min(1, 'give at least one condition').max(MAX_RULE_LEAVES),
      }),
      z.strictObject({ op: z.literal('not'), condition: nodeSchema }),
      z.strictObject({
        op: z.enum(EQUALITY_OPS).describe('eq/ne: equal as JSON values; contains: text contains text, or a list holds the value'),
        path: pathSchema,
        value: jsonValueSchema,
      }),
      z.strictObject({
        op: z.enum(ORDER_OPS).describe('Compares numbers with numbers and text with text (ISO dates compare as text)'),
        path: pathSchema,
        value: z.union([z.number(), z.string().max(MAX_RULE_VALUE_LENGTH)], { error: 'must be a number or a string' }),
      }),
      z.strictObject({
        op: z.enum(PRESENCE_OPS).describe('exists: present and not null; empty: missing, null, "", [] or {}'),
        path: pathSchema,
      }),
    ],
    { error: (issue) => (issue.code === 'invalid_union' ? `must be one of: ${RULE_OPS.join(', ')}` : undefined) },
  ),
).meta({ id: 'ConditionRule' });

type Walked = { node: ConditionRule; path: (string | number)[]; depth: number };

function* walk(node: ConditionRule, path: (string | number)[] = [], depth = 1): Generator<Walked> {
  yield { node, path, depth };
  if (node.op === 'all' || node.op === 'any') {
    for (const [i, child] of node.conditions.entries()) yield* walk(child, [...path, 'conditions', i], depth + 1);
  } else if (node.op === 'not') {
    yield* walk(node.condition, [...path, 'condition'], depth + 1);
  }
}

const isTest = (node: ConditionRule): node is Extract<ConditionRule, { path: string }> => 'path' in node;

/** The structured form of `condition`, bounded in depth and in the number of tests. */
export const conditionRuleSchema = nodeSchema
  .superRefine((rule, ctx) => {
    let leaves = 0;
    for (const { node, path, depth } of walk(rule)) {
      if (depth > MAX_RULE_DEPTH) {
        ctx.addIssue({ code: 'custom', path, message: `conditions nest at most ${MAX_RULE_DEPTH} levels deep` });
        return;
      }
      if (isTest(node)) leaves++;
    }
    if (leaves > MAX_RULE_LEAVES) ctx.addIssue({ code: 'custom', message: `at most ${MAX_RULE_LEAVES} tests in one condition (has ${leaves})` });
  })
  .describe(
    `A condition as data: {op: "all"|"any", conditions: [...]}, {op: "not", condition}, or a test {op, path, value?} with op one of ${TEST_OPS.join(', ')}; at most ${MAX_RULE_DEPTH} levels and ${MAX_RULE_LEAVES} tests`,
  );

/** Equality of JSON values (no node:util: the condition builder in the browser imports this module). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => jsonEqual(item, (b as unknown[])[i]));
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const isEmptyValue = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

function ordered(actual: unknown, op: (typeof ORDER_OPS)[number], expected: number | string): boolean {
  // Only like with like: a number never compares with text, so "10" > 9 is false, not a surprise.
  if (typeof actual !== typeof expected || (typeof actual !== 'number' && typeof actual !== 'string')) return false;
  const a = actual as number | string;
  switch (op) {
    case 'gt':
      return a > expected;
    case 'gte':
      return a >= expected;
    case 'lt':
      return a < expected;
    case 'lte':
      return a <= expected;
  }
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
  if (Array.isArray(actual)) return actual.some((item) => jsonEqual(item, expected));
  return false;
}

function lookup(context: Record<string, unknown>, path: string): unknown {
  const found = getPath(context, parseRulePath(path));
  return found.found ? found.value : undefined;
}

/** Evaluates a (validated) rule against a render context. Pure and synchronous: see the note above. */
export function evaluateRule(rule: ConditionRule, context: Record<string, unknown>): boolean {
  switch (rule.op) {
    case 'all':
      return rule.conditions.every((c) => evaluateRule(c, context));
    case 'any':
      return rule.conditions.some((c) => evaluateRule(c, context));
    case 'not':
      return !evaluateRule(rule.condition, context);
    case 'eq':
      return jsonEqual(lookup(context, rule.path), rule.value);
    case 'ne':
      return !jsonEqual(lookup(context, rule.path), rule.value);
    case 'contains':
      return contains(lookup(context, rule.path), rule.value);
    case 'exists': {
      const value = lookup(context, rule.path);
      return value !== undefined && value !== null;
    }
    case 'empty':
      return isEmptyValue(lookup(context, rule.path));
    default:
      return ordered(lookup(context, rule.path), rule.op, rule.value);
  }
}

export type RuleScope = {
  /** The input the paths are checked against (a template's sample input, a task's input); undefined: not checked. */
  input?: unknown;
  /** What the input is called in messages. */
  inputName: string;
  /** Names the mapping adds to the context. */
  mappedKeys: readonly string[];
};

/**
 * Checks a rule's paths against what its context will hold: every path starts with a context
 * name, and an `input.*` path exists in the given input, except for `exists`/`empty`, whose point
 * is that the value may be missing. `deps`, `items`, `task` and mapped fields are only known at
 * delivery, so only their names are checked. Details are prefixed (`condition.conditions[1].path`).
 */
export function rulePathIssues(rule: ConditionRule, scope: RuleScope, prefix: string): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const roots = new Set<string>([...CONTEXT_ROOTS, ...scope.mappedKeys]);
  for (const { node, path } of walk(rule)) {
    if (!isTest(node)) continue;
    const where = `${prefix}${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}.path`;
    const segments = parseRulePath(node.path);
    const root = segments[0] as string;
    if (!roots.has(root)) {
      const mapped = scope.mappedKeys.length ? `, or a mapped field (${scope.mappedKeys.join(', ')})` : '';
      issues.push({ path: where, message: `"${root}" is not in the context: a path starts with ${CONTEXT_ROOTS.join(', ')}${mapped}` });
      continue;
    }
    if (root !== 'input' || scope.input === undefined || (PRESENCE_OPS as readonly string[]).includes(node.op)) continue;
    if (!getPath(scope.input, segments.slice(1)).found) {
      issues.push({ path: where, message: `"${node.path}" does not exist in ${scope.inputName}` });
    }
  }
  return issues;
}

/** The context paths a rule reads (for the variables a template uses). */
export function rulePaths(rule: ConditionRule): string[] {
  return [...walk(rule)].flatMap(({ node }) => (isTest(node) ? [node.path] : []));
}
