import { isFormBody, isPlainObject, json, parseFormBody, parseJsonBody, type ProviderRequest, type ProviderResponse } from '../../http';
import type { Provider, ShapedFault } from '../../provider';
import { authenticate } from './auth';
import { authorizeApplication } from './authorize-application';
import { noRoute, wpError } from './errors';
import { PostsRoutes } from './posts';
import { RestRequest } from './rest-request';
import { capabilitiesOf, WordPressStore, type WordPressUser } from './store';
import { TermsRoutes } from './terms';
import { WordPressComApi } from './wpcom';

// A self-hosted WordPress site at `/wp` (REST API at `/wp/wp-json/wp/v2/...`), and WordPress.com's
// public API at `/wpcom` serving the same store.
export class WordPressProvider implements Provider {
  readonly target = 'wordpress' as const;
  readonly store = new WordPressStore();
  private readonly posts = new PostsRoutes(this.store);
  private readonly categories = new TermsRoutes(this.store, 'category');
  private readonly tags = new TermsRoutes(this.store, 'post_tag');

  readonly wpcom = new WordPressComApi(this.store, (req, route, user) => this.dispatch(req, route, user, `${req.origin}/wp`));

  reset(): void {
    this.store.reset();
    this.wpcom.reset();
  }

  handle(req: ProviderRequest): ProviderResponse {
    if (req.mount === 'wpcom') return this.wpcom.handle(req);
    const site = `${req.origin}/wp`;
    if (req.path.replace(/\/+$/, '') === '/wp-admin/authorize-application.php') return authorizeApplication(req, this.store, site);
    const route = restRoute(req);
    if (route === undefined) return sitePage(site);
    if (route === '' || route === '/') return json(200, siteIndex(site), { link: `<${site}/wp-json/>; rel="https://api.w.org/"` });

    const auth = authenticate(req, this.store);
    if (!auth.ok) return auth.response;
    return this.dispatch(req, route, auth.user, site);
  }

  /** Runs a `/wp/v2/...` route as `user`; shared by the self-hosted site and WordPress.com. */
  dispatch(req: ProviderRequest, route: string, user: WordPressUser | undefined, site: string): ProviderResponse {
    const body = readBody(req);
    if (!body.ok) {
      return wpError(400, 'rest_invalid_json', 'Invalid JSON body passed.', { json_error_code: 4, json_error_message: 'Syntax error' });
    }
    const rest = new RestRequest(req.url.searchParams, body.value, user, site);
    const method = req.method === 'PUT' || req.method === 'PATCH' ? 'POST' : req.method;
    const postId = /^\/wp\/v2\/posts\/(\d+)$/.exec(route)?.[1];

    switch (`${method} ${postId ? '/wp/v2/posts/:id' : route}`) {
      case 'GET /wp/v2/users/me':
        return this.me(rest);
      case 'GET /wp/v2/posts':
        return this.posts.list(rest);
      case 'POST /wp/v2/posts':
        return this.posts.create(rest);
      case 'GET /wp/v2/posts/:id':
        return this.posts.get(rest, Number(postId));
      case 'GET /wp/v2/categories':
        return this.categories.list(rest);
      case 'POST /wp/v2/categories':
        return this.categories.create(rest);
      case 'GET /wp/v2/tags':
        return this.tags.list(rest);
      case 'POST /wp/v2/tags':
        return this.tags.create(rest);
      default:
        return noRoute();
    }
  }

  faultResponse(fault: ShapedFault, req: ProviderRequest): ProviderResponse {
    switch (fault.type) {
      case 'rate_limit':
        // WordPress core has no rate limit; hosts and security plugins answer 429 with Retry-After.
        return {
          ...wpError(429, 'rest_too_many_requests', 'Too many requests. Please try again later.'),
          headers: { 'retry-after': String(Math.max(1, Math.ceil(fault.retryAfterSeconds))) },
        };
      case 'server_error':
        return wpError(fault.status ?? 500, 'internal_server_error', '<p>There has been a critical error on this website.</p>');
      case 'auth_revoked':
        return wpError(401, 'incorrect_password', 'The provided password is an invalid application password.');
      case 'duplicate': {
        const route = restRoute(req) ?? '';
        if (/\/(categories|tags)$/.test(route)) {
          return wpError(400, 'term_exists', 'A term with the name provided already exists with this parent.', { term_id: 1 });
        }
        return wpError(400, 'rest_post_exists', 'Cannot create existing post.');
      }
    }
  }

  private me(req: RestRequest): ProviderResponse {
    const user = req.user;
    if (!user) return wpError(401, 'rest_not_logged_in', 'You are not currently logged in.');
    const edit = req.param('context') === 'edit';
    return json(200, {
      id: user.id,
      name: user.name,
      url: '',
      description: '',
      link: `${req.site}/author/${user.username}/`,
      slug: user.username,
      avatar_urls: {},
      meta: [],
      ...(edit
        ? { username: user.username, email: `${user.username}@sandbox.invalid`, roles: [user.role], capabilities: capabilitiesOf(user.role) }
        : {}),
    });
  }
}

/** The REST route of a request (`/wp-json/<route>` or `/?rest_route=<route>`), or undefined for a site page. */
function restRoute(req: ProviderRequest): string | undefined {
  if (req.path === '/wp-json' || req.path.startsWith('/wp-json/')) return req.path.slice('/wp-json'.length).replace(/\/+$/, '');
  const param = req.url.searchParams.get('rest_route');
  return param === null ? undefined : param.replace(/\/+$/, '');
}

function readBody(req: ProviderRequest): { ok: true; value: Record<string, unknown> } | { ok: false } {
  if (req.rawBody.length === 0) return { ok: true, value: {} };
  if (isFormBody(req)) return { ok: true, value: parseFormBody(req) };
  const parsed = parseJsonBody(req);
  if (!parsed.ok) return { ok: false };
  return { ok: true, value: isPlainObject(parsed.value) ? parsed.value : {} };
}

function siteIndex(site: string) {
  return {
    name: 'Outpost Sandbox',
    description: 'A WordPress stand-in for trying Outpost',
    url: site,
    home: site,
    namespaces: ['oembed/1.0', 'wp/v2'],
    authentication: {
      'application-passwords': { endpoints: { authorization: `${site}/wp-admin/authorize-application.php` } },
    },
    routes: {},
  };
}

function sitePage(site: string): ProviderResponse {
  return {
    status: 200,
    html: `<!doctype html><html><head><title>Outpost Sandbox</title><link rel="https://api.w.org/" href="${site}/wp-json/"></head><body><h1>Outpost Sandbox (WordPress)</h1></body></html>`,
    headers: { link: `<${site}/wp-json/>; rel="https://api.w.org/"` },
  };
}
