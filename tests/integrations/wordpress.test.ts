import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sandboxWordPressSiteUrl } from '@/lib/sandbox/urls';
import { create, newClient, sandbox, waitForStatus, type Client } from '../engine/helpers';
import { sandboxUrl } from '../support/app';

const POSTS = '/wp/wp-json/wp/v2/posts';

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});
afterEach(async () => {
  await sandbox().clearFaults();
});

async function wpUser(role: 'editor' | 'contributor' | 'subscriber' = 'editor') {
  return sandbox().createWordPressUser({ username: `wp_${randomUUID().slice(0, 8)}`, role });
}

async function wpConnection(user: { username: string; applicationPassword: string }) {
  const secret = { siteUrl: `${sandboxWordPressSiteUrl(sandboxUrl())}/`, username: user.username, applicationPassword: user.applicationPassword };
  return client.post('/connections', { kind: 'wordpress-post', label: 'Blog', secret });
}

async function connected(role: 'editor' | 'contributor' = 'editor') {
  const user = await wpUser(role);
  const res = await wpConnection(user);
  if (res.status !== 201) throw new Error(`POST /connections → ${res.status}: ${JSON.stringify(res.body)}`);
  return { user, connection: res.body };
}

const postTask = (connectionId: string, config: Record<string, unknown>, input: Record<string, unknown> = {}) => ({
  kind: 'wordpress-post',
  connectionId,
  input: { title: 'Weekly digest', body: '## Highlights\n\n- one\n- two\n\nRead [more](https://example.com).', ...input },
  template: '{{ input.body }}',
  config: { title: '{{ input.title }}', ...config },
});

async function postsBy(username: string) {
  const { wordpress } = await sandbox().state();
  const user = wordpress.users.find((u) => u.username === username)!;
  return { posts: wordpress.posts.filter((p) => p.authorId === user.id), wordpress };
}

describe('wordpress-post connections', () => {
  it('verifies the application password on save and keeps only a masked hint', async () => {
    const user = await wpUser();
    const res = await wpConnection(user);
    expect(res.status).toBe(201);
    const site = sandboxWordPressSiteUrl(sandboxUrl());
    expect(res.body).toMatchObject({ kind: 'wordpress-post', status: 'active', metadata: { siteUrl: site, username: user.username } });
    expect(res.body.hint).toContain(user.username);
    expect(JSON.stringify(res.body)).not.toContain(user.applicationPassword);
  });

  it('refuses a wrong application password with a 400 naming secret.applicationPassword', async () => {
    const user = await wpUser();
    const res = await wpConnection({ ...user, applicationPassword: 'wrong pass word wron gpas swor' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'secret.applicationPassword', message: expect.stringContaining('rejected') }]);
  });

  it('refuses a site without the WordPress REST API, naming secret.siteUrl', async () => {
    const res = await client.post('/connections', {
      kind: 'wordpress-post',
      label: 'Blog',
      secret: { siteUrl: `${sandboxUrl()}/http/not-wordpress`, username: 'a', applicationPassword: 'b' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('secret.siteUrl');
  });

  it('refuses a private-network site URL (SSRF guard), naming secret.siteUrl', async () => {
    const res = await client.post('/connections', {
      kind: 'wordpress-post',
      label: 'Blog',
      secret: { siteUrl: 'http://169.254.169.254/blog', username: 'a', applicationPassword: 'b' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('secret.siteUrl');
  });
});

describe('wordpress-post delivery', () => {
  it('creates a draft with HTML content, categories and tags created and attached', async () => {
    const { user, connection } = await connected();
    const category = `Digest ${randomUUID().slice(0, 6)}`;
    const tags = [`ai-${randomUUID().slice(0, 4)}`, `agents-${randomUUID().slice(0, 4)}`];
    const task = await create(client, postTask(connection.id, { categories: [category], tags, excerpt: 'About {{ input.title }}' }));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    const { posts, wordpress } = await postsBy(user.username);
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post).toMatchObject({ status: 'draft', title: 'Weekly digest', excerpt: 'About Weekly digest', slug: expect.stringMatching(/^weekly-digest-[a-z0-9]{8}$/) });
    expect(post.content).toContain('<h2>Highlights</h2>');
    expect(post.categories).toEqual([wordpress.categories.find((c) => c.name === category)!.id]);
    expect(post.tags).toEqual(tags.map((t) => wordpress.tags.find((x) => x.name === t)!.id));
    const site = sandboxWordPressSiteUrl(sandboxUrl());
    expect(done.result).toMatchObject({ externalId: String(post.id), postId: post.id, editLink: `${site}/wp-admin/post.php?post=${post.id}&action=edit`, link: post.link });
  });

  it('creates the draft once when the first create response is lost: the retry finds it by slug', async () => {
    const { user, connection } = await connected();
    // The sandbox stores the post, then never answers: the delivery must time out (config.timeoutMs).
    await sandbox().fault({ target: 'wordpress', path: POSTS, method: 'POST', type: 'hang_after_create', mode: 'hang' });
    const task = await create(client, postTask(connection.id, { timeoutMs: 1000 }, { title: `Lost ${randomUUID().slice(0, 6)}` }));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, result: { foundExisting: true } });
    const { posts } = await postsBy(user.username);
    expect(posts).toHaveLength(1);
    expect(done.result.postId).toBe(posts[0]!.id);
    const attempts = (await client.get(`/tasks/${task.id}/attempts`)).body.data;
    expect(attempts.map((a: any) => a.outcome)).toEqual(['retryable', 'succeeded']);
    expect(attempts[1].request.map((r: any) => r.method)).toEqual(['GET']);
  });

  it('fails with auth_expired and marks the connection needs_reauth when the password is revoked', async () => {
    const { user, connection } = await connected();
    await sandbox().revoke({ target: 'wordpress', username: user.username });
    const task = await create(client, postTask(connection.id, {}));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, lastError: { code: 'auth_expired' } });
    expect((await client.get(`/connections/${connection.id}`)).body.status).toBe('needs_reauth');
  });

  it('fails permanently on 403 rest_cannot_create', async () => {
    const { connection } = await connected();
    await sandbox().fault({
      target: 'wordpress',
      path: POSTS,
      method: 'POST',
      type: 'status',
      status: 403,
      body: { code: 'rest_cannot_create', message: 'Sorry, you are not allowed to create posts as this user.', data: { status: 403 } },
    });
    const task = await create(client, postTask(connection.id, {}));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, lastError: { code: 'permanent', message: expect.stringContaining('rest_cannot_create') } });
  });

  it('retries a 500 and creates the draft', async () => {
    const { user, connection } = await connected();
    await sandbox().fault({ target: 'wordpress', path: POSTS, method: 'POST', type: 'server_error', status: 500 });
    const task = await create(client, postTask(connection.id, {}));
    expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect((await postsBy(user.username)).posts).toHaveLength(1);
  });
});

describe('wordpress-post validation', () => {
  it('refuses a title template that does not parse, naming config.title', async () => {
    const { connection } = await connected();
    const res = await client.post('/tasks', postTask(connection.id, { title: '{{ input.title ' }));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('config.title');
  });

  it('refuses a title that renders empty, naming config.title', async () => {
    const { connection } = await connected();
    const res = await client.post('/tasks', postTask(connection.id, { title: '{{ input.title }}' }, { title: '' }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'config.title', message: 'rendered title is empty' }]);
  });
});
