import { describe, expect, it } from 'vitest';
import { buildConfig, buildMapping, createRequest, displayPath, emptyValues, stepOfPath, templateVariables, type IntegrationOption } from './model';

const http: IntegrationOption = {
  kind: 'http-post',
  displayName: 'HTTP request',
  description: '',
  authType: 'none',
  connection: 'optional',
  configSchema: {
    properties: {
      url: { type: 'string' },
      method: { type: 'string', enum: ['POST', 'PUT'] },
      timeoutMs: { type: 'integer' },
      sign: { type: 'boolean' },
      headers: { type: 'object' },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['url'],
  },
  secretSchema: null,
  defaultTemplate: '{{ input | json }}',
};

describe('wizard model', () => {
  it('turns the config strings into typed values and leaves empty ones to the defaults', () => {
    const { config, errors } = buildConfig(http.configSchema, { url: 'https://x.test', timeoutMs: '5000', sign: 'true', headers: '{"x-a":"1"}', tags: 'a, b', method: '' });
    expect(errors).toEqual({});
    expect(config).toEqual({ url: 'https://x.test', timeoutMs: 5000, sign: true, headers: { 'x-a': '1' }, tags: ['a', 'b'] });
  });

  it('names the config field that is missing or malformed', () => {
    expect(buildConfig(http.configSchema, { timeoutMs: 'soon', headers: '{' }).errors).toEqual({
      'config.url': 'is required',
      'config.timeoutMs': 'must be a number',
      'config.headers': 'must be valid JSON, e.g. {"title": "Release"}',
    });
  });

  it('refuses reserved and malformed mapping names, and ignores blank rows', () => {
    const { mapping, errors } = buildMapping([
      { variable: 'title', path: 'article.title' },
      { variable: '', path: '' },
      { variable: 'input', path: 'x' },
      { variable: '9lives', path: '' },
    ]);
    expect(mapping).toMatchObject({ title: 'article.title' });
    expect(errors['mapping.2.variable']).toBe('input, deps and items are reserved');
    expect(errors['mapping.3.variable']).toMatch(/letters, digits/);
    expect(errors['mapping.3.path']).toMatch(/name the input path/);
  });

  it('builds the POST /tasks body for each timing mode', () => {
    const base = { ...emptyValues, kind: 'http-post', templateSource: 'write' as const, template: 'x', inputText: '{"a":1}', config: { url: 'https://x.test' } };
    expect(createRequest({ ...base, when: 'cron', schedule: '0 9 * * 1' }, http).body).toMatchObject({ schedule: '0 9 * * 1', template: 'x', input: { a: 1 } });
    expect(createRequest({ ...base, when: 'draft' }, http).body).toMatchObject({ draft: true });
    expect(createRequest({ ...base, when: 'after', dependsOn: [] }, http).errors).toEqual({ dependsOn: 'Choose at least one task to wait for' });
    expect(createRequest({ ...base, when: 'at', runAt: '2000-01-01T00:00' }, http).errors).toEqual({ runAt: 'must be in the future' });
    expect(createRequest({ ...base, templateSource: 'starter', templateId: 'abc' }, http).body).toMatchObject({ templateId: 'abc' });
    expect(createRequest({ ...base, templateSource: 'starter', templateId: 'abc' }, http).body).not.toHaveProperty('template');
  });

  it('sends a server error to the step and field that show it', () => {
    expect(stepOfPath('config.url')).toBe(4);
    expect(stepOfPath('posts[2]')).toBe(2);
    expect(stepOfPath('schedule')).toBe(6);
    expect(displayPath('posts[2]')).toBe('template');
    expect(displayPath('config.embed.title')).toBe('config.embed');
  });

  it('lists the variables a template reads', () => {
    expect(templateVariables('{{ input.title }} {% if score > 1 %}{{ deps.a.url }}{% endif %}{% for p in input.points %}{% endfor %}')).toEqual([
      'deps.a.url',
      'input.points',
      'input.title',
      'score',
    ]);
  });
});
