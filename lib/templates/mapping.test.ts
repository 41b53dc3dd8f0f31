import { describe, expect, it } from 'vitest';
import { applyMapping, evaluateCondition, MappingError, mappingSchema, parseCondition, type Mapping } from './mapping';
import { TemplateError } from './template-error';

const input = {
  result: {
    title: '  Weekly report  ',
    score: '0.75',
    items: [{ title: 'First' }, { title: 'Second' }],
    'odd key': 'odd',
    body: '**Done** & dusted',
    empty: null,
  },
};

describe('applyMapping', () => {
  it('reads dotted paths with array indexes', () => {
    expect(applyMapping(input, { first: 'result.items[0].title', second: 'result.items.1.title' })).toEqual({
      first: 'First',
      second: 'Second',
    });
  });

  it('accepts JSONPath-style $ prefixes and quoted keys', () => {
    expect(applyMapping(input, { a: '$.result.items[1].title', b: "$.result['odd key']", all: '$' })).toEqual({
      a: 'Second',
      b: 'odd',
      all: input,
    });
  });

  it('applies text transforms', () => {
    expect(
      applyMapping(input, {
        trimmed: { path: 'result.title', transform: 'trim' },
        lower: { path: 'result.items[0].title', transform: 'lower' },
        upper: { path: 'result.items[0].title', transform: 'upper' },
      }),
    ).toEqual({ trimmed: 'Weekly report', lower: 'first', upper: 'FIRST' });
  });

  it('applies Markdown transforms', () => {
    expect(
      applyMapping(input, {
        html: { path: 'result.body', transform: 'markdown_to_html' },
        slack: { path: 'result.body', transform: 'markdown_to_slack' },
      }),
    ).toEqual({ html: '<p><strong>Done</strong> &amp; dusted</p>\n', slack: '*Done* &amp; dusted' });
  });

  it('applies json, string and number transforms', () => {
    expect(
      applyMapping(input, {
        json: { path: 'result.items[0]', transform: 'json' },
        string: { path: 'result.items', transform: 'string' },
        number: { path: 'result.score', transform: 'number' },
      }),
    ).toEqual({ json: '{"title":"First"}', string: '[{"title":"First"},{"title":"Second"}]', number: 0.75 });
  });

  it('uses the default when the path is missing or null', () => {
    expect(
      applyMapping(input, {
        missing: { path: 'result.nope', default: 'fallback' },
        nullish: { path: 'result.empty', default: 0 },
        outOfRange: { path: 'result.items[9].title', default: 'none', transform: 'upper' },
      }),
    ).toEqual({ missing: 'fallback', nullish: 0, outOfRange: 'NONE' });
  });

  it('keeps a present null when there is no default', () => {
    expect(applyMapping(input, { empty: 'result.empty' })).toEqual({ empty: null });
  });

  it('fails on a missing path without default, naming the key and the path', () => {
    expect(() => applyMapping(input, { headline: 'result.headline' })).toThrow(
      'mapping "headline": path "result.headline" not found in input',
    );
    try {
      applyMapping(input, { headline: { path: 'result.headline' } });
    } catch (err) {
      expect(err).toBeInstanceOf(MappingError);
      expect(err).toBeInstanceOf(TemplateError);
      expect(err).toMatchObject({ key: 'headline', path: 'result.headline' });
    }
  });

  it('does not follow inherited properties', () => {
    expect(() => applyMapping(input, { c: 'result.constructor' })).toThrow(/not found/u);
    expect(() => applyMapping(input, { p: 'result.__proto__' })).toThrow(/not found/u);
  });

  it('fails when a transform cannot apply', () => {
    expect(() => applyMapping(input, { n: { path: 'result.title', transform: 'number' } })).toThrow(
      /mapping "n": cannot convert .* to a number/u,
    );
    expect(() => applyMapping(input, { u: { path: 'result.items', transform: 'upper' } })).toThrow(
      /mapping "u": transform "upper" expects text/u,
    );
  });
});

describe('transforms with arguments', () => {
  const data = { text: 'A **long** headline about things', tags: ['ci', 'perf', 3], at: '2026-01-15T12:00:00Z', blank: '', none: null };

  it('truncate cuts to n characters, the ellipsis included', () => {
    expect(applyMapping(data, { t: { path: 'text', transform: { name: 'truncate', length: 10 } } })).toEqual({ t: 'A **long*…' });
    expect(applyMapping(data, { t: { path: 'text', transform: { name: 'truncate', length: 100 } } })).toEqual({ t: data.text });
  });

  it('default replaces null, empty text and empty lists, not other values', () => {
    const mapping: Mapping = { a: { path: 'blank', transform: { name: 'default', value: 'x' } }, b: { path: 'none', transform: { name: 'default', value: 'y' } }, c: { path: 'text', transform: { name: 'default', value: 'z' } } };
    expect(applyMapping(data, mapping)).toEqual({ a: 'x', b: 'y', c: data.text });
  });

  it('join joins a list with a separator', () => {
    expect(applyMapping(data, { t: { path: 'tags', transform: { name: 'join', separator: ' · ' } } })).toEqual({ t: 'ci · perf · 3' });
    expect(applyMapping(data, { t: { path: 'tags', transform: { name: 'join' } } })).toEqual({ t: 'ci, perf, 3' });
  });

  it('date formats in a time zone', () => {
    expect(applyMapping(data, { t: { path: 'at', transform: { name: 'date', format: '%d.%m.%Y %H:%M', zone: 'Europe/Berlin' } } })).toEqual({ t: '15.01.2026 13:00' });
    expect(applyMapping(data, { t: { path: 'at', transform: { name: 'date' } } })).toEqual({ t: '2026-01-15T12:00:00Z' });
  });

  it('markdown_to_text and pipelines apply in order', () => {
    expect(applyMapping(data, { t: { path: 'text', transform: ['markdown_to_text', { name: 'truncate', length: 8, ellipsis: '...' }, 'upper'] } })).toEqual({ t: 'A LON...' });
  });

  it('names the key when a transform cannot apply', () => {
    expect(() => applyMapping(data, { t: { path: 'text', transform: { name: 'join' } } })).toThrow(/mapping "t": transform "join" expects a list/u);
    expect(() => applyMapping(data, { t: { path: 'text', transform: { name: 'date' } } })).toThrow(/mapping "t": transform "date" cannot read/u);
  });

  it('the schema refuses unknown zones, bad lengths and unknown transform names', () => {
    const bad = (transform: unknown) => mappingSchema.safeParse({ t: { path: 'x', transform } }).success;
    expect(bad({ name: 'date', zone: 'Mars/Olympus' })).toBe(false);
    expect(bad({ name: 'truncate', length: 0 })).toBe(false);
    expect(bad({ name: 'shout' })).toBe(false);
    expect(bad([{ name: 'truncate', length: 5 }, 'markdown_to_text'])).toBe(true);
  });
});

describe('mappingSchema', () => {
  it('accepts paths and field objects', () => {
    const mapping = { title: 'result.title', score: { path: '$.result.score', transform: 'number', default: 0 } };
    expect(mappingSchema.parse(mapping)).toEqual(mapping);
  });

  it('rejects unknown transforms, invalid paths, bad keys and reserved keys', () => {
    expect(mappingSchema.safeParse({ a: { path: 'x', transform: 'shout' } }).success).toBe(false);
    expect(mappingSchema.safeParse({ a: 'items[oops' }).success).toBe(false);
    expect(mappingSchema.safeParse({ 'not a key': 'x' }).success).toBe(false);
    expect(mappingSchema.safeParse({ input: 'x' }).success).toBe(false);
    expect(mappingSchema.safeParse({ a: { path: 'x', extra: true } }).success).toBe(false);
  });
});

describe('evaluateCondition', () => {
  const context = { input: { score: 0.7, lang: 'en', tags: ['news', 'ai'], draft: false } };

  it('is true when the expression holds', async () => {
    expect(await evaluateCondition('input.score > 0.5 and input.lang == "en"', context)).toBe(true);
  });

  it('is false when the expression does not hold', async () => {
    expect(await evaluateCondition('input.score > 0.9 or input.lang == "fr"', context)).toBe(false);
  });

  it('supports contains and plain truthiness', async () => {
    expect(await evaluateCondition('input.tags contains "ai"', context)).toBe(true);
    expect(await evaluateCondition('input.draft', context)).toBe(false);
    expect(await evaluateCondition('not input.draft', context)).toBe(true);
  });

  it('treats a missing field as nil', async () => {
    expect(await evaluateCondition('input.missing', context)).toBe(false);
    expect(await evaluateCondition('input.missing == nil', context)).toBe(true);
  });

  it('rejects garbage that Liquid would silently accept, with a position', async () => {
    await expect(evaluateCondition('input.score input.lang', context)).rejects.toMatchObject({
      kind: 'parse',
      line: 1,
      column: 13,
      message: 'missing operator before "input.lang" (line 1, column 13)',
    });
    await expect(evaluateCondition('input.score = 1', context)).rejects.toThrow(/unexpected "= 1"/u);
    await expect(evaluateCondition('input.score >', context)).rejects.toThrow(/ends with an operator/u);
    await expect(evaluateCondition('and input.score', context)).rejects.toThrow(/unexpected operator "and"/u);
  });

  it('refuses Liquid delimiters inside the condition', async () => {
    await expect(evaluateCondition('true %}{{ input }}{% if true', context)).rejects.toBeInstanceOf(TemplateError);
  });

  it('rejects an empty condition', async () => {
    await expect(evaluateCondition('  ', context)).rejects.toThrow('condition is empty');
  });

  it('validates conditions without evaluating them', () => {
    expect(parseCondition('not input.draft')).toEqual({ ok: true });
    expect(parseCondition('input.a input.b').ok).toBe(false);
  });
});
