import { describe, expect, it } from 'vitest';
import { conditionOf, draftOf, emptyConditionDraft, samplePaths, type ConditionDraft } from './condition-draft';

const builder = (rows: ConditionDraft['rows'], match: 'all' | 'any' = 'all'): ConditionDraft => ({ ...emptyConditionDraft, mode: 'builder', match, rows });

describe('condition draft', () => {
  it('turns rows into a rule, reading values as JSON when they parse', () => {
    const draft = builder([
      { path: 'input.score', op: 'gte', value: '0.5' },
      { path: 'input.lang', op: 'eq', value: 'en' },
      { path: 'input.flag', op: 'eq', value: 'true' },
      { path: 'input.code', op: 'eq', value: '"5"' },
      { path: 'input.draft', op: 'exists', value: 'ignored' },
    ], 'any');
    expect(conditionOf(draft)).toEqual({
      errors: {},
      condition: {
        op: 'any',
        conditions: [
          { op: 'gte', path: 'input.score', value: 0.5 },
          { op: 'eq', path: 'input.lang', value: 'en' },
          { op: 'eq', path: 'input.flag', value: true },
          { op: 'eq', path: 'input.code', value: '5' },
          { op: 'exists', path: 'input.draft' },
        ],
      },
    });
  });

  it('round-trips a stored rule and a Liquid expression', () => {
    const rule = { op: 'all' as const, conditions: [{ op: 'eq' as const, path: 'input.code', value: '5' }, { op: 'contains' as const, path: 'input.tags', value: ['a'] }] };
    expect(conditionOf(draftOf(rule)).condition).toEqual(rule);
    expect(draftOf('input.n > 1')).toMatchObject({ mode: 'liquid', liquid: 'input.n > 1' });
    expect(conditionOf(draftOf('input.n > 1')).condition).toBe('input.n > 1');
    const nested = { op: 'not' as const, condition: { op: 'exists' as const, path: 'input.x' } };
    expect(draftOf(nested)).toMatchObject({ mode: 'builder', rows: [], kept: nested });
    expect(conditionOf(draftOf(nested)).condition).toEqual(nested);
  });

  it('names the row and field at fault with the server\'s paths', () => {
    expect(conditionOf(builder([{ path: '', op: 'eq', value: 'x' }, { path: 'input.a', op: 'lt', value: ' ' }])).errors).toEqual({
      'condition.conditions[0].path': 'name a path, e.g. input.score',
      'condition.conditions[1].value': 'give a value (write "" for empty text)',
    });
  });

  it('offers the sample\'s paths', () => {
    expect(samplePaths({ title: 'x', tags: ['a', 'b'], meta: { 'odd key': 1 } })).toEqual(['input.title', 'input.tags', 'input.meta', 'input.tags[0]', 'input.tags[1]', 'input.meta["odd key"]']);
  });
});
