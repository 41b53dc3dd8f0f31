import { json, type ProviderResponse } from '../../http';
import type { WordPressTerm } from '../../types';
import { authorizationRequiredCode } from './auth';
import { invalidParams, wpError } from './errors';
import type { RestRequest } from './rest-request';
import { can, type WordPressStore } from './store';

/** `/wp/v2/categories` and `/wp/v2/tags`. */
export class TermsRoutes {
  constructor(
    private readonly store: WordPressStore,
    private readonly taxonomy: WordPressTerm['taxonomy'],
  ) {}

  list(req: RestRequest): ProviderResponse {
    const invalid: Record<string, string> = {};
    const paging = req.paging(invalid);
    if (Object.keys(invalid).length > 0) return invalidParams(invalid);
    const search = req.param('search')?.toLowerCase();
    const slugs = req.list('slug');
    const found = this.store
      .termsOf(this.taxonomy)
      .filter((t) => !search || t.name.toLowerCase().includes(search) || t.slug.includes(search))
      .filter((t) => !slugs || slugs.includes(t.slug))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = found.slice((paging.page - 1) * paging.perPage, paging.page * paging.perPage);
    return json(200, page.map((t) => this.present(t, req.site)), {
      'x-wp-total': String(found.length),
      'x-wp-totalpages': String(Math.ceil(found.length / paging.perPage)),
    });
  }

  create(req: RestRequest): ProviderResponse {
    if (!can(req.user, 'manage_categories')) {
      return wpError(authorizationRequiredCode(req.user), 'rest_cannot_create', 'Sorry, you are not allowed to create terms in this taxonomy.');
    }
    const { name, slug, description, parent } = req.body;
    if (name === undefined || name === '') {
      return wpError(400, 'rest_missing_callback_param', 'Missing parameter(s): name', { params: ['name'] });
    }
    const invalid: Record<string, string> = {};
    if (typeof name !== 'string') invalid.name = 'name is not of type string.';
    if (slug !== undefined && typeof slug !== 'string') invalid.slug = 'slug is not of type string.';
    if (description !== undefined && typeof description !== 'string') invalid.description = 'description is not of type string.';
    const parentId = parent === undefined ? 0 : Number(parent);
    if (this.taxonomy === 'category' && !Number.isInteger(parentId)) invalid.parent = 'parent is not of type integer.';
    if (Object.keys(invalid).length > 0) return invalidParams(invalid);

    const existing = this.store
      .termsOf(this.taxonomy)
      .find((t) => t.name.toLowerCase() === (name as string).trim().toLowerCase() && t.parent === parentId);
    if (existing) {
      const message =
        this.taxonomy === 'category'
          ? 'A term with the name provided already exists with this parent.'
          : 'A term with the name provided already exists in this taxonomy.';
      return wpError(400, 'term_exists', message, { term_id: existing.id });
    }
    const term = this.store.addTerm(this.taxonomy, (name as string).trim(), slug as string | undefined, (description as string | undefined) ?? '', parentId);
    return json(201, this.present(term, req.site));
  }

  private present(term: WordPressTerm, site: string) {
    const base = this.taxonomy === 'category' ? 'category' : 'tag';
    return {
      id: term.id,
      count: this.store.posts.filter((p) => (this.taxonomy === 'category' ? p.categories : p.tags).includes(term.id)).length,
      description: term.description,
      link: `${site}/${base}/${term.slug}/`,
      name: term.name,
      slug: term.slug,
      taxonomy: term.taxonomy,
      ...(this.taxonomy === 'category' ? { parent: term.parent } : {}),
      meta: [],
    };
  }
}
