import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedTargets } from '@/lib/allowed-targets';
import type { DeliveryContext, RequestRecord } from '@/lib/integrations/types';
import { sandboxClient } from '@/lib/sandbox/client';
import { sandboxWordPressSiteUrl } from '@/lib/sandbox/urls';
import { deliverPost } from '@/lib/integrations/wordpress-post/deliver';
import { wordpressConfigSchema, type WordPressPayload, type WordPressProgress, type WordPressSecret } from '@/lib/integrations/wordpress-post/schema';

// Runs against the sandbox the global setup started.
const sandboxUrl = () => process.env.OUTPOST_TEST_SANDBOX_URL!;
const sandbox = () => sandboxClient(sandboxUrl());
const POSTS = '/wp/wp-json/wp/v2/posts';

afterEach(async () => {
  await sandbox().clearFaults();
});

async function author(role: 'editor' | 'contributor' = 'editor'): Promise<WordPressSecret> {
  const user = await sandbox().createWordPressUser({ username: `wp${randomUUID().slice(0, 8)}`, role });
  return { siteUrl: sandboxWordPressSiteUrl(sandboxUrl()), username: user.username, applicationPassword: user.applicationPassword };
}

function fakeCtx(progress: WordPressProgress | null = null) {
  const records: RequestRecord[] = [];
  const saved: WordPressProgress[] = [];
  const ctx: DeliveryContext<WordPressProgress> = {
    taskId: randomUUID(),
    attempt: 1,
    progress,
    saveProgress: async (p) => {
      saved.push(p);
    },
    refreshSecret: async () => {
      throw new Error('no refresh in this test');
    },
    record: (r) => records.push(r),
    allowedTargets: allowedTargets(),
    signal: new AbortController().signal,
  };
  return { ctx, records, saved };
}

const config = (extra: Record<string, unknown> = {}) => wordpressConfigSchema.parse({ title: 't', timeoutMs: 1000, ...extra });
const payload = (extra: Partial<WordPressPayload> = {}): WordPressPayload => ({ title: `Post ${randomUUID().slice(0, 6)}`, content: '<p>Hello</p>', categories: [], tags: [], ...extra });
const postsBy = async (username: string) => {
  const { wordpress } = await sandbox().state();
  const user = wordpress.users.find((u) => u.username === username)!;
  return wordpress.posts.filter((p) => p.authorId === user.id);
};

describe('deliverPost', () => {
  it('saves the slug, then creates a draft and returns id, edit link and link', async () => {
    const secret = await author();
    const { ctx, saved } = fakeCtx();
    const result = await deliverPost(payload({ title: 'Launch Day' }), { secret }, ctx, config());
    const [post] = await postsBy(secret.username);
    expect(saved).toEqual([{ slug: `launch-day-${ctx.taskId.replace(/-/g, '').slice(-8)}` }]);
    expect(post).toMatchObject({ status: 'draft', title: 'Launch Day', slug: saved[0]!.slug, content: '<p>Hello</p>' });
    expect(result).toMatchObject({
      externalId: String(post!.id),
      postId: post!.id,
      editLink: `${secret.siteUrl}/wp-admin/post.php?post=${post!.id}&action=edit`,
      link: post!.link,
    });
  });

  it('uses config.slug when given', async () => {
    const secret = await author();
    await deliverPost(payload(), { secret }, fakeCtx().ctx, config({ slug: `my-post-${randomUUID().slice(0, 4)}` }));
    expect((await postsBy(secret.username))[0]!.slug).toMatch(/^my-post-/);
  });

  it('a retry after a lost create response finds the draft by slug instead of creating another', async () => {
    const secret = await author();
    await sandbox().fault({ target: 'wordpress', path: POSTS, method: 'POST', type: 'hang_after_create' });
    const first = fakeCtx();
    const error = await deliverPost(payload(), { secret }, first.ctx, config()).catch((e) => e);
    expect(error.classification.type).toBe('retryable');
    const retry = fakeCtx(first.saved[0]!);
    const result = await deliverPost(payload(), { secret }, retry.ctx, config());
    const posts = await postsBy(secret.username);
    expect(posts).toHaveLength(1);
    expect(result).toMatchObject({ postId: posts[0]!.id, foundExisting: true });
    expect(retry.records.map((r) => r.method)).toEqual(['GET']);
  });

  it('looks categories and tags up by name, creates missing ones, and attaches their ids', async () => {
    const secret = await author();
    const name = `Cat ${randomUUID().slice(0, 6)}`;
    const [alpha, beta] = [`alpha-${randomUUID().slice(0, 6)}`, `beta-${randomUUID().slice(0, 6)}`];
    await deliverPost(payload({ categories: [name], tags: [alpha, alpha.toUpperCase(), beta] }), { secret }, fakeCtx().ctx, config());
    await deliverPost(payload({ categories: [name.toUpperCase()] }), { secret }, fakeCtx().ctx, config());
    const { wordpress } = await sandbox().state();
    const category = wordpress.categories.filter((c) => c.name === name);
    expect(category).toHaveLength(1);
    const [one, two] = await postsBy(secret.username);
    expect(one!.categories).toEqual([category[0]!.id]);
    expect(two!.categories).toEqual([category[0]!.id]);
    const tagIds = [alpha, beta].map((n) => wordpress.tags.find((t) => t.name === n)!.id);
    expect(one!.tags).toEqual(tagIds);
  });

  it('uses data.term_id when the term was created meanwhile (term_exists)', async () => {
    const secret = await author();
    await sandbox().fault({ target: 'wordpress', path: '/wp/wp-json/wp/v2/categories', method: 'POST', type: 'duplicate' });
    await deliverPost(payload({ categories: [`Fresh ${randomUUID().slice(0, 6)}`] }), { secret }, fakeCtx().ctx, config());
    expect((await postsBy(secret.username))[0]!.categories).toEqual([1]);
  });

  it('fails permanently for a missing term when createTerms is false', async () => {
    const secret = await author();
    const error = await deliverPost(payload({ categories: [`Nope ${randomUUID()}`] }), { secret }, fakeCtx().ctx, config({ createTerms: false })).catch((e) => e);
    expect(error.classification).toMatchObject({ type: 'permanent', reason: expect.stringContaining('createTerms is false') });
  });

  it('a revoked application password is auth_expired', async () => {
    const secret = await author();
    await sandbox().revoke({ target: 'wordpress', username: secret.username });
    const error = await deliverPost(payload(), { secret }, fakeCtx().ctx, config()).catch((e) => e);
    expect(error.classification).toMatchObject({ type: 'auth_expired', reason: expect.stringContaining('incorrect_password') });
  });

  it('403 rest_cannot_create (a contributor creating a category) is permanent', async () => {
    const secret = await author('contributor');
    const error = await deliverPost(payload({ categories: [`New ${randomUUID()}`] }), { secret }, fakeCtx().ctx, config()).catch((e) => e);
    expect(error.classification).toMatchObject({ type: 'permanent', reason: expect.stringContaining('rest_cannot_create') });
  });

  it('400 rest_invalid_param is permanent', async () => {
    const secret = await author();
    await sandbox().fault({ target: 'wordpress', path: POSTS, method: 'POST', type: 'status', status: 400, body: { code: 'rest_invalid_param', message: 'Invalid parameter(s): title', data: { status: 400 } } });
    const error = await deliverPost(payload(), { secret }, fakeCtx().ctx, config()).catch((e) => e);
    expect(error.classification).toMatchObject({ type: 'permanent', reason: expect.stringContaining('rest_invalid_param') });
  });

  it('5xx and timeouts are retryable', async () => {
    const secret = await author();
    await sandbox().fault({ target: 'wordpress', path: POSTS, method: 'POST', type: 'server_error', status: 503 });
    expect((await deliverPost(payload(), { secret }, fakeCtx().ctx, config()).catch((e) => e)).classification.type).toBe('retryable');
    await sandbox().fault({ target: 'wordpress', path: POSTS, method: 'POST', type: 'hang' });
    const started = Date.now();
    expect((await deliverPost(payload(), { secret }, fakeCtx().ctx, config()).catch((e) => e)).classification.type).toBe('retryable');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('never logs the application password', async () => {
    const secret = await author();
    const { ctx, records } = fakeCtx();
    await deliverPost(payload({ tags: ['x'] }), { secret }, ctx, config());
    expect(JSON.stringify(records)).not.toContain(Buffer.from(`${secret.username}:${secret.applicationPassword}`).toString('base64'));
  });
});
