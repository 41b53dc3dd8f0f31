import { json, type ProviderResponse } from '../../http';
import type { WordPressPost } from '../../types';
import { authorizationRequiredCode } from './auth';
import { invalidParams, wpError } from './errors';
import type { RestRequest } from './rest-request';
import { can, type WordPressStore } from './store';
import { renderContent, sanitizeTitle, wpDate } from './text';

const STATUSES = ['publish', 'future', 'draft', 'pending', 'private'];

export class PostsRoutes {
  constructor(private readonly store: WordPressStore) {}

  list(req: RestRequest): ProviderResponse {
    const statuses = req.list('status') ?? ['publish'];
    const invalid: Record<string, string> = {};
    if (statuses.some((s) => s !== 'any' && !STATUSES.includes(s))) invalid.status = `status[0] is not one of ${STATUSES.join(', ')}, any.`;
    else if (statuses.some((s) => s !== 'publish') && !can(req.user, 'edit_posts')) invalid.status = 'Status is forbidden.';
    const paging = req.paging(invalid);
    if (Object.keys(invalid).length > 0) return invalidParams(invalid);
    if (req.param('context') === 'edit' && !can(req.user, 'edit_posts')) {
      return wpError(authorizationRequiredCode(req.user), 'rest_forbidden_context', 'Sorry, you are not allowed to edit posts in this post type.');
    }
    const slugs = req.list('slug');
    const search = req.param('search')?.toLowerCase();
    const found = this.store.posts
      .filter((p) => statuses.includes('any') ? p.status !== 'trash' : statuses.includes(p.status))
      .filter((p) => !slugs || slugs.includes(p.slug))
      .filter((p) => !search || `${p.title} ${p.content}`.toLowerCase().includes(search))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
    const page = found.slice((paging.page - 1) * paging.perPage, paging.page * paging.perPage);
    return json(200, page.map((p) => this.present(p, Boolean(req.user))), {
      'x-wp-total': String(found.length),
      'x-wp-totalpages': String(Math.ceil(found.length / paging.perPage)),
    });
  }

  get(req: RestRequest, id: number): ProviderResponse {
    const post = this.store.posts.find((p) => p.id === id);
    if (!post) return wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (post.status !== 'publish' && !can(req.user, 'edit_posts')) {
      return wpError(authorizationRequiredCode(req.user), 'rest_forbidden', 'Sorry, you are not allowed to do that.');
    }
    return json(200, this.present(post, Boolean(req.user)));
  }

  create(req: RestRequest): ProviderResponse {
    if (!can(req.user, 'edit_posts')) {
      return wpError(authorizationRequiredCode(req.user), 'rest_cannot_create', 'Sorry, you are not allowed to create posts as this user.');
    }
    if (req.body.id !== undefined) return wpError(400, 'rest_post_exists', 'Cannot create existing post.');
    const input = this.readInput(req);
    if (!input.ok) return input.response;
    const { title, content, excerpt, status, slug, categories, tags } = input.value;
    if (['publish', 'future', 'private'].includes(status) && !can(req.user, 'publish_posts')) {
      return wpError(authorizationRequiredCode(req.user), 'rest_cannot_publish', 'Sorry, you are not allowed to publish posts in this post type.');
    }
    if (!title.trim() && !content.trim() && !excerpt.trim()) {
      return wpError(400, 'empty_content', 'Content, title, and excerpt are empty.');
    }
    const id = this.store.newPostId();
    const now = new Date().toISOString();
    const published = status === 'publish' || status === 'private' || status === 'future';
    // Drafts keep the slug they were given (duplicates allowed); published posts get a unique one.
    const finalSlug = published ? this.uniqueSlug(slug || sanitizeTitle(title) || String(id)) : slug;
    const post: WordPressPost = {
      id,
      title,
      content,
      excerpt,
      status,
      slug: finalSlug,
      authorId: req.user!.id,
      categories: this.knownTerms('category', categories.length ? categories : [1]),
      tags: this.knownTerms('post_tag', tags),
      createdAt: now,
      modifiedAt: now,
      link: published ? `${req.site}/${now.slice(0, 4)}/${now.slice(5, 7)}/${now.slice(8, 10)}/${finalSlug}/` : `${req.site}/?p=${id}`,
    };
    this.store.posts.push(post);
    return json(201, this.present(post, true), { location: `${req.site}/wp-json/wp/v2/posts/${id}` });
  }

  private readInput(req: RestRequest) {
    const invalid: Record<string, string> = {};
    const title = req.rendered('title', invalid);
    const content = req.rendered('content', invalid);
    const excerpt = req.rendered('excerpt', invalid);
    const status = req.body.status ?? 'draft';
    if (typeof status !== 'string' || !STATUSES.includes(status)) invalid.status = `status is not one of ${STATUSES.join(', ')}.`;
    const slug = req.body.slug ?? '';
    if (typeof slug !== 'string') invalid.slug = 'slug is not of type string.';
    const categories = req.integerList('categories', invalid);
    const tags = req.integerList('tags', invalid);
    if (Object.keys(invalid).length > 0) return { ok: false as const, response: invalidParams(invalid) };
    return {
      ok: true as const,
      value: { title, content, excerpt, status: status as string, slug: sanitizeTitle(slug as string), categories, tags },
    };
  }

  /** Unknown term ids are dropped silently, as wp_set_object_terms does with integers. */
  private knownTerms(taxonomy: 'category' | 'post_tag', ids: number[]): number[] {
    return [...new Set(ids)].filter((id) => this.store.terms.some((t) => t.id === id && t.taxonomy === taxonomy));
  }

  private uniqueSlug(base: string): string {
    let slug = base;
    const taken = (s: string) => this.store.posts.some((p) => p.slug === s && p.status !== 'draft' && p.status !== 'pending');
    for (let n = 2; taken(slug); n++) slug = `${base}-${n}`;
    return slug;
  }

  private present(post: WordPressPost, edit: boolean) {
    const raw = <T extends object>(value: string, rest: T) => (edit ? { raw: value, ...rest } : rest);
    return {
      id: post.id,
      date: wpDate(post.createdAt),
      date_gmt: wpDate(post.createdAt),
      guid: raw(post.link, { rendered: post.link }),
      modified: wpDate(post.modifiedAt),
      modified_gmt: wpDate(post.modifiedAt),
      ...(edit ? { password: '' } : {}),
      slug: post.slug,
      status: post.status,
      type: 'post',
      link: post.link,
      title: raw(post.title, { rendered: post.title }),
      content: raw(post.content, { rendered: renderContent(post.content), protected: false, ...(edit ? { block_version: 0 } : {}) }),
      excerpt: raw(post.excerpt, { rendered: post.excerpt ? `<p>${post.excerpt}</p>\n` : '', protected: false }),
      author: post.authorId,
      featured_media: 0,
      comment_status: 'open',
      ping_status: 'open',
      sticky: false,
      template: '',
      format: 'standard',
      meta: { footnotes: '' },
      categories: post.categories,
      tags: post.tags,
      ...(edit ? { generated_slug: sanitizeTitle(post.title) || String(post.id), permalink_template: `${post.link.split('?')[0]}%postname%/` } : {}),
    };
  }
}
