import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTemplate, newAuthor } from './helpers';

const hook = (word: string) => ({ name: 'Hook', kind: 'http-post', description: `Posts the ${word} of a run`, body: '{"n": {{ input.n }}}', sampleInput: { n: 1 } });

describe('unpublish', () => {
  it('takes a template out of the marketplace; forks keep their lineage but see no update while the origin is private', async () => {
    const a = await newAuthor();
    const b = await newAuthor();
    const word = `okapi${randomUUID().slice(0, 8)}`;
    const origin = await createTemplate(a.client, hook(word));
    await a.client.post(`/templates/${origin.id}/publish`);
    const fork = (await b.client.post(`/templates/${origin.id}/fork`)).body;
    await a.client.patch(`/templates/${origin.id}`, { body: '{"n": {{ input.n }}, "v": 2}' });
    await a.client.post(`/templates/${origin.id}/publish`);
    expect((await b.client.get(`/templates/${fork.id}`)).body).toMatchObject({ updateAvailable: true, upstreamVersion: 2 });

    const res = await a.client.post(`/templates/${origin.id}/unpublish`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ visibility: 'private', publishedVersion: null, version: 2 });
    expect((await b.client.get(`/marketplace/templates?q=${word}`)).body.data).toEqual([]);
    expect((await b.client.get(`/templates/${origin.id}`)).status).toBe(404);
    expect((await b.client.post(`/templates/${origin.id}/fork`)).status).toBe(404);
    // Unpublishing again changes nothing.
    expect((await a.client.post(`/templates/${origin.id}/unpublish`)).body).toMatchObject({ visibility: 'private', version: 2 });

    const forkNow = await b.client.get(`/templates/${fork.id}`);
    expect(forkNow.body).toMatchObject({ forkedFrom: { templateId: origin.id, version: 1 }, updateAvailable: false, upstreamVersion: null, body: fork.body });
    for (const res of [await b.client.get(`/templates/${fork.id}/diff`), await b.client.post(`/templates/${fork.id}/pull`)]) {
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('The template this was forked from is no longer published');
    }
    // The fork itself keeps working.
    const task = await b.client.post('/tasks', { kind: 'http-post', templateId: fork.id, config: { url: 'https://example.com/hook' }, input: { n: 3 }, draft: true });
    expect(task.status).toBe(201);

    // Publishing again brings it back, and the fork sees the update again.
    expect((await a.client.post(`/templates/${origin.id}/publish`)).body).toMatchObject({ visibility: 'shared', publishedVersion: 2 });
    expect((await b.client.get(`/marketplace/templates?q=${word}`)).body.data).toHaveLength(1);
    expect((await b.client.get(`/templates/${fork.id}`)).body).toMatchObject({ updateAvailable: true, upstreamVersion: 2 });
  });
});
