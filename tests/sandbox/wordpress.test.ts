import { describe, expect, it } from 'vitest';
import { basicAuth, postJson, useSandbox } from './use-sandbox';

const sandbox = useSandbox();
const api = (route: string) => `${sandbox.url}/wp/wp-json/wp/v2${route}`;
const admin = { authorization: basicAuth('sandbox', 'abcd efgh ijkl mnop qrst uvwx') };

async function createPost(body: unknown, headers: Record<string, string> = admin) {
  const response = await postJson(api('/posts'), body, headers);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

describe('sandbox WordPress REST API', () => {
  it('creates a draft: 201 with id, link, status, slug and raw/rendered title', async () => {
    const { response, body } = await createPost({ title: 'Weekly report', content: 'Hello\n\nWorld', status: 'draft', slug: 'weekly-report-7f3a' });
    expect(response.status).toBe(201);
    expect(body).toMatchObject({
      id: expect.any(Number),
      status: 'draft',
      slug: 'weekly-report-7f3a',
      title: { raw: 'Weekly report', rendered: 'Weekly report' },
      content: { raw: 'Hello\n\nWorld', rendered: '<p>Hello</p>\n<p>World</p>\n' },
      link: `${sandbox.url}/wp/?p=${body.id}`,
      categories: [1],
    });
  });

  it('accepts the application password without its spaces, as WordPress does', async () => {
    const { response } = await createPost({ title: 't' }, { authorization: basicAuth('sandbox', 'abcdefghijklmnopqrstuvwx') });
    expect(response.status).toBe(201);
  });

  it('finds a draft by slug and status, so a retry can look before it posts', async () => {
    await createPost({ title: 'A', status: 'draft', slug: 'outpost-abc' });
    const response = await fetch(`${api('/posts')}?slug=outpost-abc&status=draft,publish,pending,private,future`, { headers: admin });
    const posts = (await response.json()) as { slug: string }[];
    expect(posts.map((p) => p.slug)).toEqual(['outpost-abc']);
    expect(response.headers.get('x-wp-total')).toBe('1');
  });

  it('refuses draft listings to visitors with rest_invalid_param', async () => {
    const response = await fetch(`${api('/posts')}?status=draft`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'rest_invalid_param', data: { status: 400, params: { status: 'Status is forbidden.' } } });
  });

  it('gives published posts a unique slug', async () => {
    const first = await createPost({ title: 'Same Title', status: 'publish' });
    const second = await createPost({ title: 'Same Title', status: 'publish' });
    expect([first.body.slug, second.body.slug]).toEqual(['same-title', 'same-title-2']);
  });

  it('answers users/me for the signed-in user, with roles in edit context', async () => {
    const response = await fetch(`${api('/users/me')}?context=edit`, { headers: admin });
    expect(await response.json()).toMatchObject({ id: 1, slug: 'sandbox', roles: ['administrator'], capabilities: { edit_posts: true } });
  });

  it('answers users/me without credentials with 401 rest_not_logged_in', async () => {
    const response = await fetch(api('/users/me'));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'rest_not_logged_in', message: 'You are not currently logged in.', data: { status: 401 } });
  });

  it('refuses to create a post without credentials (401)', async () => {
    const { response, body } = await createPost({ title: 't' }, {});
    expect(response.status).toBe(401);
    expect(body).toMatchObject({ code: 'rest_cannot_create', data: { status: 401 } });
  });

  it('answers a wrong application password with 401 incorrect_password', async () => {
    const { response, body } = await createPost({ title: 't' }, { authorization: basicAuth('sandbox', 'wrong wrong wrong wrong wrong wrong') });
    expect(response.status).toBe(401);
    expect(body).toMatchObject({ code: 'incorrect_password', data: { status: 401 } });
  });

  it('answers an unknown user with 401 invalid_username', async () => {
    const { body } = await createPost({ title: 't' }, { authorization: basicAuth('ghost', 'abcd efgh ijkl mnop qrst uvwx') });
    expect(body).toMatchObject({ code: 'invalid_username', data: { status: 401 } });
  });

  it('answers 401 incorrect_password once the password is revoked', async () => {
    await sandbox.control.revoke({ target: 'wordpress', username: 'sandbox' });
    expect((await createPost({ title: 't' })).body.code).toBe('incorrect_password');
  });

  it('refuses a user without rights with 403 rest_cannot_create', async () => {
    const user = await sandbox.control.createWordPressUser({ username: 'reader', role: 'subscriber' });
    const { response, body } = await createPost({ title: 't' }, { authorization: basicAuth(user.username, user.applicationPassword) });
    expect(response.status).toBe(403);
    expect(body).toMatchObject({ code: 'rest_cannot_create', data: { status: 403 } });
  });

  it('lets a created author post drafts, with a 24-character application password', async () => {
    const user = await sandbox.control.createWordPressUser({ username: 'writer', role: 'author' });
    expect(user.applicationPassword.replace(/ /g, '')).toHaveLength(24);
    const { response, body } = await createPost({ title: 'by writer' }, { authorization: basicAuth('writer', user.applicationPassword) });
    expect(response.status).toBe(201);
    expect(body.author).toBe(user.id);
  });

  it('refuses a post with no title, content or excerpt with 400 empty_content', async () => {
    const { response, body } = await createPost({ status: 'draft' });
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ code: 'empty_content', data: { status: 400 } });
  });

  it('refuses an unknown status and non-integer categories with 400 rest_invalid_param', async () => {
    const { response, body } = await createPost({ title: 't', status: 'bogus', categories: ['x'] });
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ code: 'rest_invalid_param', data: { status: 400, params: { status: expect.any(String), categories: expect.any(String) } } });
  });

  it('creates categories and tags, finds them by search and slug, and assigns them to posts', async () => {
    const category = await postJson(api('/categories'), { name: 'Agent Reports' }, admin);
    expect(category.status).toBe(201);
    const { id: categoryId, slug } = (await category.json()) as { id: number; slug: string };
    expect(slug).toBe('agent-reports');
    const tag = (await (await postJson(api('/tags'), { name: 'weekly' }, admin)).json()) as { id: number };

    expect(await (await fetch(`${api('/categories')}?search=agent`)).json()).toMatchObject([{ id: categoryId, name: 'Agent Reports' }]);
    expect(await (await fetch(`${api('/tags')}?slug=weekly`)).json()).toMatchObject([{ id: tag.id }]);

    const { body } = await createPost({ title: 't', categories: [categoryId], tags: [tag.id, 9999] });
    expect(body).toMatchObject({ categories: [categoryId], tags: [tag.id] });
  });

  it('answers an existing term name with 400 term_exists and its id', async () => {
    const created = (await (await postJson(api('/tags'), { name: 'News' }, admin)).json()) as { id: number };
    const again = await postJson(api('/tags'), { name: 'news' }, admin);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'term_exists', data: { status: 400, term_id: created.id } });
  });

  it('refuses term creation to an author with 403', async () => {
    const user = await sandbox.control.createWordPressUser({ role: 'author' });
    const response = await postJson(api('/categories'), { name: 'X' }, { authorization: basicAuth(user.username, user.applicationPassword) });
    expect(response.status).toBe(403);
  });

  it('answers unknown routes with 404 rest_no_route', async () => {
    const response = await fetch(api('/nothing'));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('rest_no_route');
  });

  it('answers an invalid JSON body with 400 rest_invalid_json', async () => {
    const response = await fetch(api('/posts'), { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('rest_invalid_json');
  });

  it('shows posts in the provider state', async () => {
    await createPost({ title: 'Stateful', status: 'draft' });
    const { wordpress } = await sandbox.control.state();
    expect(wordpress.posts).toMatchObject([{ title: 'Stateful', status: 'draft' }]);
    expect(wordpress.categories).toMatchObject([{ id: 1, slug: 'uncategorized' }]);
  });
});
