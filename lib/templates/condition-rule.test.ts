import { describe, expect, it } from 'vitest';
import { zodDetails } from '@/lib/errors';
import { conditionRuleSchema, evaluateRule, jsonEqual, rulePathIssues, type ConditionRule } from './condition-rule';

const context = { input: { score: 0.7, lang: 'en', tags: ['ai', 'ml'], title: 'Run 2', when: '2026-11-30', empty: '', none: null, obj: { a: [1, { b: 2 }] } }, deps: {}, task: { id: null, name: 'n' }, headline: 'Hi' };
const holds = (rule: ConditionRule) => evaluateRule(conditionRuleSchema.parse(rule), context);

describe('evaluateRule', () => {
  it.each<[ConditionRule, boolean]>([
    [{ op: 'eq', path: 'input.lang', value: 'en' }, true],
    [{ op: 'eq', path: 'input.obj', value: { a: [1, { b: 2 }] } }, true],
    [{ op: 'eq', path: 'input.obj.a[1].b', value: 2 }, true],
    [{ op: 'eq', path: 'input.score', value: '0.7' }, false],
    [{ op: 'ne', path: 'input.lang', value: 'de' }, true],
    [{ op: 'ne', path: 'input.missing', value: 'x' }, true],
    [{ op: 'gt', path: 'input.score', value: 0.5 }, true],
    [{ op: 'gte', path: 'input.score', value: 0.7 }, true],
    [{ op: 'lt', path: 'input.score', value: 0.7 }, false],
    [{ op: 'lte', path: 'input.when', value: '2026-12-01' }, true],
    [{ op: 'gt', path: 'input.title', value: 1 }, false],
    [{ op: 'gt', path: 'input.missing', value: 1 }, false],
    [{ op: 'contains', path: 'input.tags', value: 'ml' }, true],
    [{ op: 'contains', path: 'input.title', value: 'Run' }, true],
    [{ op: 'contains', path: 'input.score', value: 7 }, false],
    [{ op: 'exists', path: 'input.none' }, false],
    [{ op: 'exists', path: 'input.lang' }, true],
    [{ op: 'empty', path: 'input.empty' }, true],
    [{ op: 'empty', path: 'input.missing' }, true],
    [{ op: 'empty', path: 'input.tags' }, false],
    [{ op: 'eq', path: 'headline', value: 'Hi' }, true],
    [{ op: 'eq', path: 'input.constructor', value: null }, false],
    [{ op: 'all', conditions: [{ op: 'gt', path: 'input.score', value: 0.5 }, { op: 'eq', path: 'input.lang', value: 'de' }] }, false],
    [{ op: 'any', conditions: [{ op: 'gt', path: 'input.score', value: 0.9 }, { op: 'eq', path: 'input.lang', value: 'en' }] }, true],
    [{ op: 'not', condition: { op: 'exists', path: 'deps.x' } }, true],
  ])('%j → %s', (rule, expected) => {
    expect(holds(rule)).toBe(expected);
  });

  it('compares JSON values by content', () => {
    expect(jsonEqual({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });
});

describe('conditionRuleSchema', () => {
  const details = (value: unknown) => {
    const parsed = conditionRuleSchema.safeParse(value);
    return parsed.success ? [] : zodDetails(parsed.error, 'condition');
  };

  it('names the bad field of a nested test', () => {
    expect(details({ op: 'any', conditions: [{ op: 'eq', path: 'input.a', value: 1 }, { op: 'gte', path: 'input.b', value: true }] })).toEqual([
      { path: 'condition.conditions[1].value', message: 'must be a number or a string' },
    ]);
  });

  it('caps the number of tests and the size of a value', () => {
    const many = { op: 'all', conditions: Array.from({ length: 5 }, () => ({ op: 'any', conditions: Array.from({ length: 11 }, () => ({ op: 'exists', path: 'input.a' })) })) };
    expect(details(many)).toEqual([{ path: 'condition', message: 'at most 50 tests in one condition (has 55)' }]);
    expect(details({ op: 'eq', path: 'input.a', value: 'x'.repeat(2_000) })).toEqual([{ path: 'condition.value', message: 'must be at most 2000 characters as JSON' }]);
  });
});

describe('rulePathIssues', () => {
  const rule = conditionRuleSchema.parse({ op: 'all', conditions: [{ op: 'eq', path: 'input.a.b', value: 1 }, { op: 'exists', path: 'input.gone' }, { op: 'eq', path: 'body', value: 1 }, { op: 'eq', path: 'deps.x.url', value: 1 }, { op: 'eq', path: 'title', value: 1 }] });

  it('checks input paths against the input, and names of the other roots', () => {
    expect(rulePathIssues(rule, { input: { a: { c: 1 } }, inputName: 'the sample input', mappedKeys: ['title'] }, 'condition')).toEqual([
      { path: 'condition.conditions[0].path', message: '"input.a.b" does not exist in the sample input' },
      { path: 'condition.conditions[2].path', message: '"body" is not in the context: a path starts with input, deps, items, task, or a mapped field (title)' },
    ]);
  });

  it('without an input checks only the names', () => {
    expect(rulePathIssues(rule, { inputName: 'the sample input', mappedKeys: [] }, 'condition').map((i) => i.path)).toEqual(['condition.conditions[2].path', 'condition.conditions[4].path']);
  });
});
