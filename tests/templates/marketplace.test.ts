import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { receiver, sandbox, waitForStatus } from '../engine/helpers';
import { createTemplate, newAuthor, slackTemplate } from './helpers';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const httpTemplate = (word: string) => ({
  name: 'Score webhook',
  kind: 'http-post',
  description: `Posts the ${word} score of a run`,
  body: '{"score": {{ input.score }}}',
  sampleInput: { score: 1 },
});

describe('marketplace and lineage', () => {
  it('B finds A\'s published template by a word of its description, forks it, and A\'s next version changes neither the fork nor tasks', async () => {
    const a = await newAuthor('Grace H.');
    const b = await newAuthor();
    const word = `zebra${randomUUID().slice(0, 8)}`;
    const original = await createTemplate(a.client, httpTemplate(word));
    // Not shared yet: the marketplace does not show it.
    expect((await b.client.get(`/marketplace/templates?q=${word}`)).body.data).toEqual([]);
    await a.client.post(`/templates/${original.id}/publish`);

    const found = await b.client.get(`/marketplace/templates?q=${word.toUpperCase()}&kind=http-post`);
    expect(found.status).toBe(200);
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0]).toMatchObject({ id: original.id, author: { name: 'Grace H.' }, publishedVersion: 1, forks: 0, editable: false });
    expect(JSON.stringify(found.body)).not.toContain(a.email);

    const fork = await b.client.post(`/templates/${original.id}/fork`);
    expect(fork.status).toBe(201);
    expect(fork.body).toMatchObject({ version: 1, visibility: 'private', forkedFrom: { templateId: original.id, version: 1 }, body: original.body, editable: true, updateAvailable: false });
    expect((await b.client.patch(`/templates/${original.id}`, { body: '{}' })).status).toBe(404);
    expect((await b.client.get(`/marketplace/templates?q=${word}`)).body.data[0].forks).toBe(1);

    const task = await b.client.post('/tasks', { kind: 'http-post', templateId: fork.body.id, config: { url: 'https://example.com/hook' }, input: { score: 7 }, draft: true });
    expect(task.body).toMatchObject({ templateVersion: 1 });
    const target = receiver();
    const taskOfOriginal = await b.client.post('/tasks', { kind: 'http-post', templateId: original.id, config: { url: target.url }, input: { score: 7 }, draft: true });
    expect(taskOfOriginal.body).toMatchObject({ templateVersion: 1 });

    // A edits (version 2, unpublished): nobody else sees it, the fork has no update yet.
    const v2 = await a.client.patch(`/templates/${original.id}`, { body: '{"score": {{ input.score }}, "v": 2}' });
    expect(v2.body.version).toBe(2);
    expect((await b.client.get(`/templates/${original.id}`)).body).toMatchObject({ version: 1, body: original.body });
    expect((await b.client.get(`/templates/${fork.body.id}`)).body).toMatchObject({ updateAvailable: false, body: original.body });
    expect((await b.client.get(`/templates/${original.id}?version=2`)).status).toBe(404);

    await a.client.post(`/templates/${original.id}/publish`);
    const forkNow = await b.client.get(`/templates/${fork.body.id}`);
    expect(forkNow.body).toMatchObject({ version: 1, body: original.body, updateAvailable: true, upstreamVersion: 2 });

    // A task created before version 2 delivers what version 1 renders.
    expect((await b.client.post(`/tasks/${taskOfOriginal.body.id}/run`)).status).toBe(200);
    expect(await waitForStatus(b.client, taskOfOriginal.body.id)).toMatchObject({ status: 'succeeded', templateVersion: 1 });
    const [delivered] = await sandbox().requests({ target: 'http', path: target.path });
    expect(delivered?.bodySha256).toBe(sha256('{"score": 7}'));

    const diff = await b.client.get(`/templates/${fork.body.id}/diff`);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({
      updateAvailable: true,
      forkedFrom: { templateId: original.id, version: 1 },
      current: { version: 1, payload: { body: '{"score": 1}' }, validation: { ok: true } },
      incoming: { version: 2, payload: { body: '{"score": 1, "v": 2}' }, validation: { ok: true } },
    });

    const pulled = await b.client.post(`/templates/${fork.body.id}/pull`);
    expect(pulled.status).toBe(200);
    expect(pulled.body).toMatchObject({ version: 2, body: '{"score": {{ input.score }}, "v": 2}', forkedFrom: { templateId: original.id, version: 2 }, updateAvailable: false });
    expect((await b.client.post(`/templates/${fork.body.id}/pull`)).status).toBe(409);
    expect((await b.client.get(`/templates/${fork.body.id}?version=1`)).body.body).toBe(original.body);
  });

  it('searches name and description, filters by kind and pages with a cursor', async () => {
    const a = await newAuthor();
    const word = `quokka${randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    for (const name of [`${word} one`, `${word} two`, `${word} three`]) {
      const t = await createTemplate(a.client, slackTemplate({ name }));
      await a.client.post(`/templates/${t.id}/publish`);
      ids.push(t.id);
    }
    const other = await createTemplate(a.client, httpTemplate(word));
    await a.client.post(`/templates/${other.id}/publish`);
    const page1 = await a.client.get(`/marketplace/templates?q=${word}&kind=slack-webhook&limit=2`);
    expect(page1.body.data.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
    const page2 = await a.client.get(`/marketplace/templates?q=${word}&kind=slack-webhook&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });
    expect((await a.client.get(`/marketplace/templates?q=${word}%20three`)).body.data.map((t: { id: string }) => t.id)).toEqual([ids[2]]);
    expect((await a.client.get(`/marketplace/templates?q=100%25`)).status).toBe(200);
  });

  it('starters are listed, readable and forkable, never changeable', async () => {
    const a = await newAuthor();
    const starters = await a.client.get('/templates/starters');
    expect(starters.body.data.map((s: { kind: string }) => s.kind).sort()).toEqual(['discord-webhook', 'http-post', 'slack-webhook', 'twitter-thread', 'wordpress-post']);
    const starter = starters.body.data[0];
    expect(starter).toMatchObject({ starter: true, editable: false, author: { name: 'Outpost' } });
    expect((await a.client.patch(`/templates/${starter.id}`, { name: 'mine' })).status).toBe(404);
    expect((await a.client.del(`/templates/${starter.id}`)).status).toBe(404);
    expect((await a.client.post(`/templates/${starter.id}/publish`)).status).toBe(404);
    const fork = await a.client.post(`/templates/${starter.id}/fork`);
    expect(fork.status).toBe(201);
    expect(fork.body).toMatchObject({ body: starter.body, forkedFrom: { templateId: starter.id, version: 1 }, editable: true });
  });

  it('exports to JSON and imports it as a new private template, without connection secrets', async () => {
    const a = await newAuthor();
    const t = await createTemplate(a.client, { ...httpTemplate('export'), config: { method: 'PUT', headers: { 'X-Team': 'blue' } } });
    const exported = await a.client.get(`/templates/${t.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ format: 'outpost.template/v1', name: 'Score webhook', kind: 'http-post', body: t.body, config: { method: 'PUT' } });
    expect(exported.body.config.headers).toBeUndefined();
    const b = await newAuthor();
    const imported = await b.client.post('/templates/import', exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ name: 'Score webhook', version: 1, visibility: 'private', forkedFrom: null, body: t.body, config: { method: 'PUT' } });
    const bad = await b.client.post('/templates/import', { ...exported.body, body: '{{ input.nope }}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'body', line: 1, column: 4, variable: 'input.nope' });
  });
});
