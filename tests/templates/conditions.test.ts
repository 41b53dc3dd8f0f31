import { beforeAll, describe, expect, it } from 'vitest';
import { create, httpTask, receiver, sandbox, waitForStatus } from '../engine/helpers';
import { createTemplate, newAuthor, slackTemplate, type Client } from './helpers';

// Conditions as data (issue 11): a structured rule is accepted wherever a Liquid condition is,
// checked at save against the sample input (or the task's input), and decides delivery.

let client: Client;
beforeAll(async () => {
  ({ client } = await newAuthor());
});

const english = { op: 'all', conditions: [{ op: 'gte', path: 'input.score', value: 0.5 }, { op: 'eq', path: 'input.lang', value: 'en' }] };
const scored = (extra: Record<string, unknown> = {}) => ({ ...slackTemplate({ body: '{{ input.title }} scored {{ input.score }}', sampleInput: { title: 'Run', score: 0.9, lang: 'en', tags: ['ai'] } }), ...extra });

describe('structured conditions on templates', () => {
  it('saves a rule, reads it back as data and lists its paths as variables', async () => {
    const t = await createTemplate(client, scored({ condition: english }));
    expect(t.condition).toEqual(english);
    expect(t.variables).toEqual(expect.arrayContaining(['input.score', 'input.lang', 'input.title']));
    const patched = await client.patch(`/templates/${t.id}`, { condition: { op: 'contains', path: 'input.tags', value: 'ai' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, condition: { op: 'contains', path: 'input.tags', value: 'ai' } });
    // Version 1 keeps its own condition.
    expect((await client.get(`/templates/${t.id}?version=1`)).body.condition).toEqual(english);
  });

  it('refuses a path the sample input does not have, naming the test', async () => {
    const condition = { op: 'any', conditions: [{ op: 'eq', path: 'input.lang', value: 'en' }, { op: 'gt', path: 'input.scroe', value: 1 }] };
    const res = await client.post('/templates', scored({ condition }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'condition.conditions[1].path', message: '"input.scroe" does not exist in the sample input' }]);
  });

  it('lets exists/empty name a path the sample lacks (their point is that it may be missing)', async () => {
    const res = await client.post('/templates', scored({ condition: { op: 'not', condition: { op: 'exists', path: 'input.draft' } } }));
    expect(res.status).toBe(201);
  });

  it.each([
    { what: 'an unknown op', condition: { op: 'all', conditions: [{ op: 'matches', path: 'input.lang', value: 'e.*' }] }, path: 'condition.conditions[0].op', message: expect.stringContaining('must be one of: all, any, not, eq') },
    { what: 'an object to compare with gt', condition: { op: 'gt', path: 'input.score', value: { n: 1 } }, path: 'condition.value', message: 'must be a number or a string' },
    { what: 'a test without its value', condition: { op: 'eq', path: 'input.lang' }, path: 'condition.value', message: 'is required' },
    { what: 'a value on exists', condition: { op: 'exists', path: 'input.lang', value: true }, path: 'condition.value', message: 'is not a known field' },
    { what: 'a path outside the context', condition: { op: 'eq', path: 'lang', value: 'en' }, path: 'condition.path', message: expect.stringContaining('"lang" is not in the context') },
    { what: 'a JSONPath-style path', condition: { op: 'eq', path: '$.lang', value: 'en' }, path: 'condition.path', message: expect.stringContaining('not "$"') },
    { what: 'an empty group', condition: { op: 'any', conditions: [] }, path: 'condition.conditions', message: 'give at least one condition' },
    { what: 'neither text nor a rule', condition: 42, path: 'condition', message: expect.stringContaining('Liquid expression (text) or a condition object') },
  ])('$what → 400 naming $path', async ({ condition, path, message }) => {
    const res = await client.post('/templates', scored({ condition }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path, message }]);
  });

  it('bounds depth', async () => {
    let deep: unknown = { op: 'exists', path: 'input.lang' };
    for (let i = 0; i < 8; i++) deep = { op: 'not', condition: deep };
    const res = await client.post('/templates', scored({ condition: deep }));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: `condition${'.condition'.repeat(8)}`, message: 'conditions nest at most 8 levels deep' });
  });

  it('accepts a mapped field as a path root', async () => {
    const res = await client.post('/templates', scored({ mapping: { headline: 'title' }, condition: { op: 'ne', path: 'headline', value: '' } }));
    expect(res.status).toBe(201);
  });

  it('exports and imports a rule unchanged', async () => {
    const t = await createTemplate(client, scored({ condition: english }));
    const doc = await client.get(`/templates/${t.id}/export`);
    expect(doc.body.condition).toEqual(english);
    const imported = await client.post('/templates/import', doc.body);
    expect(imported.status).toBe(201);
    expect(imported.body.condition).toEqual(english);
  });

  it('still takes a Liquid condition, stored and read as text', async () => {
    const t = await createTemplate(client, scored({ condition: 'input.score > 0.5' }));
    expect(t.condition).toBe('input.score > 0.5');
  });
});

describe('structured conditions at preview', () => {
  const preview = (condition: unknown, input: unknown = { title: 'x', score: 0.7, lang: 'en' }) =>
    client.post('/preview', { kind: 'http-post', config: { url: 'https://example.com/hook', contentType: 'text/plain' }, template: '{{ input.title }}', input, condition });

  it('answers wouldRun from the rule', async () => {
    expect((await preview(english)).body.wouldRun).toBe(true);
    expect((await preview(english, { title: 'x', score: 0.2, lang: 'en' })).body.wouldRun).toBe(false);
    expect((await preview({ op: 'any', conditions: [{ op: 'lt', path: 'input.score', value: 0.5 }, { op: 'empty', path: 'input.missing' }] })).body.wouldRun).toBe(true);
  });

  it('answers wouldRun from a Liquid condition as before', async () => {
    expect((await preview('input.score > 0.5')).body.wouldRun).toBe(true);
    expect((await preview('input.score > 0.9')).body.wouldRun).toBe(false);
  });

  it('checks paths against the input it previews', async () => {
    const res = await preview({ op: 'eq', path: 'input.langue', value: 'en' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'condition.path', message: '"input.langue" does not exist in the input' }]);
  });
});

describe('structured conditions at delivery', () => {
  it('delivers when the rule holds and skips when it does not (real worker)', async () => {
    const target = receiver();
    const rule = { op: 'gt', path: 'input.n', value: 0 };
    const yes = await create(client, httpTask(target.url, { condition: rule, input: { title: 'yes', n: 1 } }));
    const no = await create(client, httpTask(target.url, { condition: rule, input: { title: 'no', n: 0 } }));
    expect(yes.condition).toEqual(rule);
    expect(await waitForStatus(client, yes.id)).toMatchObject({ status: 'succeeded' });
    expect(await waitForStatus(client, no.id)).toMatchObject({ status: 'skipped', lastError: { code: 'condition_false' } });
    const requests = await sandbox().requests({ path: target.path });
    expect(requests.map((r) => (r.body as { title: string }).title)).toEqual(['yes']);
  });

  it('skips by a template\'s rule, and reads deps at delivery', async () => {
    const t = await createTemplate(client, { name: 'Hook', kind: 'http-post', body: '{"title": {{ input.title | json }}}', sampleInput: { title: 'x', lang: 'en' }, condition: { op: 'eq', path: 'input.lang', value: 'en' } });
    const target = receiver();
    const de = await create(client, { kind: 'http-post', templateId: t.id, config: { url: target.url }, input: { title: 'de', lang: 'de' } });
    expect(await waitForStatus(client, de.id)).toMatchObject({ status: 'skipped' });
    const first = await create(client, httpTask(target.url, { name: 'first', input: { title: 'first', n: 1 } }));
    const after = await create(client, httpTask(target.url, { dependsOn: [first.id], input: { title: 'after', n: 1 }, condition: { op: 'exists', path: 'deps.first' } }));
    const unnamed = await create(client, httpTask(target.url, { dependsOn: [first.id], input: { title: 'unnamed', n: 1 }, condition: { op: 'exists', path: 'deps.second' } }));
    expect(await waitForStatus(client, after.id)).toMatchObject({ status: 'succeeded' });
    expect(await waitForStatus(client, unnamed.id)).toMatchObject({ status: 'skipped' });
  });

  it('names tasks[i].condition paths in a batch, and PATCH revalidates', async () => {
    const target = receiver();
    const bad = await client.post('/tasks/batch', {
      tasks: [httpTask(target.url, { draft: true }), httpTask(target.url, { draft: true, condition: { op: 'all', conditions: [{ op: 'eq', path: 'input.nope', value: 1 }] } })],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'tasks[1].condition.conditions[0].path', message: '"input.nope" does not exist in the input' }]);

    const draft = await create(client, httpTask(target.url, { draft: true }));
    const patched = await client.patch(`/tasks/${draft.id}`, { condition: { op: 'eq', path: 'input.title', value: 'Hello' } });
    expect(patched.status).toBe(200);
    expect(patched.body.condition).toEqual({ op: 'eq', path: 'input.title', value: 'Hello' });
    const refused = await client.patch(`/tasks/${draft.id}`, { condition: { op: 'lte', path: 'input.n', value: [1] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: 'condition.value', message: 'must be a number or a string' }]);
  });
});
