import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/app';
import { createTemplate, newAuthor, slackTemplate, type Client } from './helpers';

type Actor = 'owner' | 'other user' | 'no key';
type Visibility = 'private' | 'shared';
type Action = 'read' | 'change' | 'delete' | 'publish' | 'unpublish' | 'fork';

// DESIGN §3.3: another user's private template does not exist for them; a shared one can be read
// and forked, never changed; without a key nothing is answered but 401.
const expected: Record<Actor, Record<Visibility, Record<Action, number>>> = {
  owner: {
    private: { read: 200, change: 200, delete: 204, publish: 200, unpublish: 200, fork: 201 },
    shared: { read: 200, change: 200, delete: 204, publish: 200, unpublish: 200, fork: 201 },
  },
  'other user': {
    private: { read: 404, change: 404, delete: 404, publish: 404, unpublish: 404, fork: 404 },
    shared: { read: 200, change: 404, delete: 404, publish: 404, unpublish: 404, fork: 201 },
  },
  'no key': {
    private: { read: 401, change: 401, delete: 401, publish: 401, unpublish: 401, fork: 401 },
    shared: { read: 401, change: 401, delete: 401, publish: 401, unpublish: 401, fork: 401 },
  },
};

const act: Record<Action, (c: Client, id: string) => Promise<{ status: number }>> = {
  read: (c, id) => c.get(`/templates/${id}`),
  change: (c, id) => c.patch(`/templates/${id}`, { body: '{{ input.title }} changed' }),
  delete: (c, id) => c.del(`/templates/${id}`),
  publish: (c, id) => c.post(`/templates/${id}/publish`),
  unpublish: (c, id) => c.post(`/templates/${id}/unpublish`),
  fork: (c, id) => c.post(`/templates/${id}/fork`),
};

let owner: Client;
let clients: Record<Actor, Client>;
beforeAll(async () => {
  owner = (await newAuthor()).client;
  clients = { owner, 'other user': (await newAuthor()).client, 'no key': api(null) };
});

const cases = (Object.keys(expected) as Actor[]).flatMap((actor) =>
  (['private', 'shared'] as Visibility[]).flatMap((visibility) =>
    (Object.keys(act) as Action[]).map((action) => ({ actor, visibility, action, status: expected[actor][visibility][action] })),
  ),
);

describe('template permissions', () => {
  it.each(cases)('$actor × $visibility × $action → $status', async ({ actor, visibility, action, status }) => {
    const template = await createTemplate(owner, slackTemplate());
    if (visibility === 'shared') expect((await owner.post(`/templates/${template.id}/publish`)).status).toBe(200);
    const res = await act[action](clients[actor], template.id);
    expect(res.status).toBe(status);
    if (action === 'unpublish' && status === 200) expect((await owner.get(`/templates/${template.id}`)).body).toMatchObject({ visibility: 'private', publishedVersion: null });
    // A refused change leaves the template exactly as it was.
    if (status >= 400) {
      const after = await owner.get(`/templates/${template.id}`);
      expect(after.body).toMatchObject({ version: 1, body: template.body, visibility });
    }
  });
});
