import { describe, expect, it } from 'vitest';
import { createTemplate, newAuthor, slackTemplate } from './helpers';

describe('template CRUD with versions', () => {
  it('creates version 1 with the author\'s display name and never their email', async () => {
    const a = await newAuthor('Ada L.');
    const res = await a.client.post('/templates', slackTemplate());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Deploy note',
      kind: 'slack-webhook',
      description: 'Tells the channel a deploy finished',
      version: 1,
      visibility: 'private',
      publishedVersion: null,
      forkedFrom: null,
      forks: 0,
      author: { name: 'Ada L.' },
      sampleInput: { title: 'Deploy', status: 'done' },
      mapping: null,
      condition: null,
      config: {},
      editable: true,
    });
    expect(JSON.stringify(res.body)).not.toContain(a.email);
  });

  it('lists the variables the template reads, for field mapping', async () => {
    const a = await newAuthor();
    const t = await createTemplate(a.client, slackTemplate({ body: '{{ input.title }} {% for s in input.steps %}{{ s }}{% endfor %} {{ headline }}', mapping: { headline: 'title' }, sampleInput: { title: 'T', steps: [] } }));
    const res = await a.client.get(`/templates/${t.id}`);
    expect(res.body.variables).toEqual(['headline', 'input.steps', 'input.title']);
  });

  it('PATCH saves a new version and the old one stays readable', async () => {
    const a = await newAuthor();
    const t = await createTemplate(a.client, slackTemplate());
    const patched = await a.client.patch(`/templates/${t.id}`, { body: '{{ input.title }}: {{ input.status }}' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, body: '{{ input.title }}: {{ input.status }}', name: 'Deploy note' });
    expect((await a.client.get(`/templates/${t.id}?version=1`)).body).toMatchObject({ version: 1, latestVersion: 2, body: '**{{ input.title }}** is {{ input.status }}' });
    expect((await a.client.get(`/templates/${t.id}`)).body).toMatchObject({ version: 2 });
    const versions = await a.client.get(`/templates/${t.id}/versions`);
    expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await a.client.get(`/templates/${t.id}?version=3`)).status).toBe(404);
  });

  it('a PATCH that changes nothing makes no new version', async () => {
    const a = await newAuthor();
    const t = await createTemplate(a.client, slackTemplate());
    const res = await a.client.patch(`/templates/${t.id}`, { name: 'Deploy note' });
    expect(res.body.version).toBe(1);
  });

  it('lists only the caller\'s templates, with cursor pagination', async () => {
    const a = await newAuthor();
    const b = await newAuthor();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createTemplate(a.client, slackTemplate({ name: `T${i}` }))).id);
    await createTemplate(b.client, slackTemplate());
    const first = await a.client.get('/templates?limit=2');
    expect(first.body.data.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
    const second = await a.client.get(`/templates?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });
  });

  it('DELETE removes the template; tasks made from it keep rendering their copy', async () => {
    const a = await newAuthor();
    const t = await createTemplate(a.client, { ...slackTemplate(), kind: 'http-post', body: '{"title": {{ input.title | json }}}' });
    const task = await a.client.post('/tasks', { kind: 'http-post', templateId: t.id, config: { url: 'https://example.com/hook' }, input: { title: 'x' }, draft: true });
    expect(task.status).toBe(201);
    expect(task.body).toMatchObject({ templateId: t.id, templateVersion: 1 });
    expect((await a.client.del(`/templates/${t.id}`)).status).toBe(204);
    expect((await a.client.get(`/templates/${t.id}`)).status).toBe(404);
    expect((await a.client.get(`/tasks/${task.body.id}`)).body).toMatchObject({ templateId: t.id, templateVersion: 1 });
  });

  it('refuses unknown fields and kinds naming the field', async () => {
    const a = await newAuthor();
    const unknown = await a.client.post('/templates', slackTemplate({ owner: 'me' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('owner');
    const kind = await a.client.post('/templates', slackTemplate({ kind: 'fax' }));
    expect(kind.status).toBe(400);
    expect(kind.body.error.details).toEqual([{ path: 'kind', message: expect.stringContaining('slack-webhook') }]);
  });
});
