import type { Condition } from '@/lib/templates/condition';
import { ORDER_OPS, PRESENCE_OPS, parseRulePath, TEST_OPS, type ConditionRule, type TestOp } from '@/lib/templates/condition-rule';

// The condition builder's form model (wizard and template editor): rows of path, operator and
// value that become a structured rule, or a Liquid expression typed by hand ("advanced"). Errors
// use the server's paths (condition.conditions[1].path), so client and server errors land in
// the same place next to the row.

export type ConditionRow = { path: string; op: TestOp; value: string };
export type ConditionMode = 'none' | 'builder' | 'liquid';
export type ConditionDraft = {
  mode: ConditionMode;
  match: 'all' | 'any';
  rows: ConditionRow[];
  liquid: string;
  /** A stored rule nested deeper than rows can show: kept as it is until rows replace it. */
  kept: ConditionRule | null;
};

export const OP_LABELS: Record<TestOp, string> = {
  eq: 'equals',
  ne: 'does not equal',
  contains: 'contains',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  exists: 'exists',
  empty: 'is empty',
};
export { TEST_OPS };

export const emptyConditionDraft: ConditionDraft = { mode: 'none', match: 'all', rows: [], liquid: '', kept: null };
export const newConditionRow = (path = ''): ConditionRow => ({ path, op: 'eq', value: '' });
export const takesValue = (op: TestOp) => !(PRESENCE_OPS as readonly string[]).includes(op);
export const rowKey = (i: number, field: keyof ConditionRow) => `condition.conditions[${i}].${field}`;

type Test = Extract<ConditionRule, { path: string }>;
const isTest = (rule: ConditionRule): rule is Test => 'path' in rule;

/** A value as the row shows it: text as typed, anything else (or text that reads as JSON) as JSON. */
function valueText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    JSON.parse(value);
    return JSON.stringify(value);
  } catch {
    return value;
  }
}

/** A stored condition (or an older draft's text) → the form. */
export function draftOf(condition: Condition | ConditionDraft | null | undefined): ConditionDraft {
  if (condition === null || condition === undefined || condition === '') return emptyConditionDraft;
  if (typeof condition === 'string') return { ...emptyConditionDraft, mode: 'liquid', liquid: condition };
  if ('mode' in condition) return condition;
  const tests = isTest(condition) ? [condition] : condition.op !== 'not' && condition.conditions.every(isTest) ? (condition.conditions as Test[]) : null;
  if (!tests) return { ...emptyConditionDraft, mode: 'builder', kept: condition };
  return {
    ...emptyConditionDraft,
    mode: 'builder',
    match: condition.op === 'any' ? 'any' : 'all',
    rows: tests.map((t) => ({ path: t.path, op: t.op, value: 'value' in t ? valueText(t.value) : '' })),
  };
}

function parseValue(op: TestOp, text: string): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'give a value (write "" for empty text)' };
  if ((ORDER_OPS as readonly string[]).includes(op)) {
    const n = Number(trimmed);
    if (Number.isFinite(n)) return { value: n };
    return { value: trimmed.startsWith('"') ? safeJson(trimmed, trimmed) : trimmed };
  }
  return { value: safeJson(trimmed, text) };
}

function safeJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** The form → the request's condition (null for none), or the errors that keep it from being sent. */
export function conditionOf(draft: ConditionDraft): { condition: Condition | null; errors: Record<string, string> } {
  if (draft.mode === 'none') return { condition: null, errors: {} };
  if (draft.mode === 'liquid') return { condition: draft.liquid.trim() || null, errors: {} };
  if (draft.rows.length === 0) return { condition: draft.kept, errors: {} };
  const errors: Record<string, string> = {};
  const conditions = draft.rows.map((row, i) => {
    const path = row.path.trim();
    if (path === '') errors[rowKey(i, 'path')] = 'name a path, e.g. input.score';
    else {
      try {
        parseRulePath(path);
      } catch (error) {
        errors[rowKey(i, 'path')] = (error as Error).message;
      }
    }
    if (!takesValue(row.op)) return { op: row.op, path } as ConditionRule;
    const parsed = parseValue(row.op, row.value);
    if ('error' in parsed) errors[rowKey(i, 'value')] = parsed.error;
    return { op: row.op, path, value: 'value' in parsed ? parsed.value : null } as ConditionRule;
  });
  return { condition: Object.keys(errors).length ? null : { op: draft.match, conditions }, errors };
}

/** Paths of a sample input (input.title, input.tags[0]…) for the path picker, breadth first. */
export function samplePaths(sample: unknown, max = 60): string[] {
  const out: string[] = [];
  const queue: [string, unknown][] = [['input', sample]];
  while (queue.length && out.length < max) {
    const [path, value] = queue.shift()!;
    if (path !== 'input') out.push(path);
    if (Array.isArray(value)) value.slice(0, 3).forEach((item, i) => queue.push([`${path}[${i}]`, item]));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) queue.push([/^[A-Za-z_][\w-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`, item]);
    }
  }
  return out;
}
