import { excerpt } from '@/lib/integrations/shared/excerpt';
import { DeliveryError, type DeliveryContext, type DeliveryResult } from '@/lib/integrations/types';
import { classifyWpResponse } from './classify';
import type { StoredWordPressSecret, WordPressConfig, WordPressPayload, WordPressProgress } from './schema';
import { deriveSlug } from './slug';
import { resolveTerms } from './terms';
import { parseJson, restApiOf, restUrl, siteOf, wpRequest, type WpIo } from './wp-http';

type WpPost = { id: number; link?: string; status?: string; slug?: string };

// Every status a post made by an earlier attempt could be in by now (someone may have published it).
const ANY_LIVE_STATUS = 'draft,publish,pending,private,future';

function asPost(value: unknown): WpPost | null {
  const post = value as Partial<WpPost> | null;
  return post && typeof post === 'object' && typeof post.id === 'number' ? (post as WpPost) : null;
}

function resultOf(site: string, post: WpPost, slug: string, found: boolean): DeliveryResult {
  const editLink = `${site}/wp-admin/post.php?post=${post.id}&action=edit`;
  return {
    externalId: String(post.id),
    url: editLink,
    postId: post.id,
    editLink,
    link: post.link ?? `${site}/?p=${post.id}`,
    slug: post.slug ?? slug,
    status: post.status ?? 'draft',
    // True when a retry found the draft an earlier attempt created (its response was lost).
    ...(found ? { foundExisting: true } : {}),
  };
}

function failure(response: { status: number; headers: Record<string, string>; body: string }, what: string): DeliveryError {
  const classified = classifyWpResponse(response) ?? { type: 'retryable' as const, reason: `unexpected answer ${response.status}` };
  return new DeliveryError({ ...classified, reason: `${what}: ${classified.reason}` }, { httpStatus: response.status, responseExcerpt: excerpt(response.body) });
}

async function findBySlug(api: string, secret: StoredWordPressSecret, slug: string, io: WpIo): Promise<WpPost | null> {
  const url = restUrl(api, 'posts', { slug, status: ANY_LIVE_STATUS, context: 'edit', per_page: '1' });
  const response = await wpRequest(secret, { method: 'GET', url }, io);
  if (response.status !== 200) throw failure(response, 'looking up the post by slug');
  const list = parseJson(response.body);
  if (!Array.isArray(list)) throw new DeliveryError({ type: 'retryable', reason: 'looking up the post by slug: WordPress answered without a JSON list' });
  return asPost(list[0]);
}

/**
 * Creates a draft. WordPress has no idempotency key, so Outpost assigns the slug and saves it
 * before the create; any later attempt (retry, or a worker taking over a crashed delivery) first
 * looks the post up by that slug and returns it instead of creating a second draft.
 */
export async function deliverPost(
  payload: WordPressPayload,
  auth: { secret: StoredWordPressSecret } | null,
  ctx: DeliveryContext<WordPressProgress>,
  config: WordPressConfig,
): Promise<DeliveryResult> {
  if (!auth) throw new DeliveryError({ type: 'permanent', reason: 'wordpress-post needs a WordPress connection' });
  const { secret } = auth;
  const site = siteOf(secret);
  const api = restApiOf(secret);
  const io: WpIo = { allowedTargets: ctx.allowedTargets, signal: ctx.signal, timeoutMs: config.timeoutMs, record: (r) => ctx.record(r) };

  // A slug in the progress means an earlier attempt may have created the post. Without one, nothing
  // was created yet, and a lookup could only find an unrelated post that happens to share config.slug.
  let slug = ctx.progress?.slug;
  if (slug) {
    const existing = await findBySlug(api, secret, slug, io);
    if (existing) return resultOf(site, existing, slug, true);
  } else {
    slug = config.slug ?? deriveSlug(payload.title, ctx.taskId);
    await ctx.saveProgress({ slug });
  }

  const create = { create: config.createTerms };
  const categories = payload.categories.length ? await resolveTerms(api, secret, 'categories', payload.categories, create, io) : [];
  const tags = payload.tags.length ? await resolveTerms(api, secret, 'tags', payload.tags, create, io) : [];
  if (ctx.signal.aborted) throw new DeliveryError({ type: 'retryable', reason: 'delivery aborted before the post was created' });

  const body = {
    title: payload.title,
    content: payload.content,
    status: 'draft',
    slug,
    ...(payload.excerpt ? { excerpt: payload.excerpt } : {}),
    ...(categories.length ? { categories } : {}),
    ...(tags.length ? { tags } : {}),
  };
  const response = await wpRequest(secret, { method: 'POST', url: restUrl(api, 'posts'), body }, io);
  if (response.status < 200 || response.status >= 300) throw failure(response, 'creating the draft');
  const post = asPost(parseJson(response.body));
  // Created but unreadable: the retry's lookup by slug will find it.
  if (!post) throw new DeliveryError({ type: 'retryable', reason: `creating the draft: WordPress answered ${response.status} without a post id` });
  return resultOf(site, post, slug, false);
}
