import { beforeAll, describe, expect, it } from 'vitest';
import { createTemplate, newAuthor, slackTemplate, type Client } from './helpers';

let client: Client;
beforeAll(async () => {
  ({ client } = await newAuthor());
});

// The three ways a template fails, each answered with a 400 naming line and column, at save and at
// preview alike (never a 500, never a hung request).
const broken = [
  { what: 'an unknown variable', body: 'Hello\n  {{ input.titel }}', detail: { line: 2, column: 6, variable: 'input.titel', message: expect.stringMatching(/undefined variable: input\.titel \(line 2, column 6\)/) } },
  { what: 'an unclosed tag', body: 'Hi\n{% if input.title %}\n{{ input.title }}', detail: { line: 2, column: 1, message: expect.stringMatching(/not closed \(line 2, column 1\)/) } },
  // Which node is running when the deadline strikes depends on the machine: the column is whatever it is.
  { what: 'a render over the time limit', body: 'Busy\n {% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}', detail: { line: 2, message: expect.stringMatching(/render time limit exceeded \(line 2, column \d+\)/) } },
  { what: 'output over the size limit', body: `Big\n{% for a in (1..100000) %}${'x'.repeat(1000)}{% endfor %}`, detail: { line: 2, column: 27, message: expect.stringMatching(/output larger than 256 KiB \(line 2, column 27\)/) } },
];

describe('validation at save and at preview', () => {
  it.each(broken)('$what → 400 at POST /templates with path body, line and column', async ({ body, detail }) => {
    const res = await client.post('/templates', slackTemplate({ body }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([{ path: 'body', ...detail, column: detail.column ?? expect.any(Number) }]);
  });

  it.each(broken)('$what → 400 at PATCH /templates/:id, and the template is unchanged', async ({ body, detail }) => {
    const t = await createTemplate(client, slackTemplate());
    const res = await client.patch(`/templates/${t.id}`, { body });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'body', ...detail, column: detail.column ?? expect.any(Number) }]);
    expect((await client.get(`/templates/${t.id}`)).body).toMatchObject({ version: 1, body: t.body });
  });

  it.each(broken)('$what → 400 at POST /preview naming the template, line and column', async ({ body, detail }) => {
    const res = await client.post('/preview', { kind: 'http-post', config: { url: 'https://example.com/hook', contentType: 'text/plain' }, template: body, input: { title: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'template', ...detail, column: detail.column ?? expect.any(Number) }]);
  });

  it('checks the kind\'s limits on the rendered sample, with preview\'s paths', async () => {
    const body = '[{"type": "section", "text": {"type": "mrkdwn", "text": {{ input.long | json }}}}]';
    const res = await client.post('/templates', slackTemplate({ body, config: { format: 'blocks' }, sampleInput: { long: 'y'.repeat(3001) } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'payload.blocks[0].text.text', message: 'must be at most 3000 characters (has 3001)' }]);
  });

  it('refuses a JSON webhook body that does not parse, naming body', async () => {
    const res = await client.post('/templates', { name: 'Hook', kind: 'http-post', body: '{"title": {{ input.title }}}', sampleInput: { title: 'not quoted' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'body', message: expect.stringContaining('not valid JSON') }]);
  });

  it('checks config defaults against the kind', async () => {
    const res = await client.post('/templates', slackTemplate({ config: { format: 'carrier-pigeon' } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'config.format', message: expect.any(String) }]);
  });

  it('checks the mapping against the sample input, naming the mapped field', async () => {
    const res = await client.post('/templates', slackTemplate({ body: '{{ headline }}', mapping: { headline: 'input.missing' } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'mapping.headline', message: expect.stringContaining('input.missing') }]);
  });

  it('refuses an unknown mapping transform with a zod path', async () => {
    const res = await client.post('/templates', slackTemplate({ body: '{{ headline }}', mapping: { headline: { path: 'title', transform: 'shout' } } }));
    expect(res.status).toBe(400);
    // The object form matched, so the detail names its bad field and the transforms it knows.
    expect(res.body.error.details).toEqual([{ path: 'mapping.headline.transform', message: expect.stringContaining('expected one of "trim"|"lower"') }]);
  });

  it('refuses a condition that does not parse, naming its line and column', async () => {
    const res = await client.post('/templates', slackTemplate({ condition: 'input.status == "done" and' }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'condition', message: expect.stringContaining('condition ends with an operator'), line: 1, column: expect.any(Number) }]);
  });

  it('without a sample input only checks that the template parses', async () => {
    const ok = await client.post('/templates', slackTemplate({ sampleInput: undefined, body: '{{ input.anything }}' }));
    expect(ok.status).toBe(201);
    const bad = await client.post('/templates', slackTemplate({ sampleInput: undefined, body: '{% if x %}' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'body', line: 1, column: 1 });
  });
});
