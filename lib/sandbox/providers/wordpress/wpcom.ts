import { consentPage, oauthErrorPage } from '../../consent-page';
import { bearerToken, json, parseFormBody, redirect, type ProviderRequest, type ProviderResponse } from '../../http';
import { opaqueToken } from '../../ids';
import { SANDBOX_OAUTH_CLIENTS } from '../../oauth/clients';
import { AuthorizationCodes, authenticateClient, pkceOf } from '../../oauth/codes';
import { wpError } from './errors';
import type { WordPressStore, WordPressUser } from './store';

// WordPress.com: OAuth 2 at `/oauth2/authorize` + `/oauth2/token`, the WP REST API at
// `/wp/v2/sites/{site}/...` with a Bearer token (https://developer.wordpress.com/docs/oauth2/).
export const WPCOM_BLOG_ID = 200000001;
const CODE_TTL_MS = 10 * 60 * 1000;
const SITE_ROUTE = /^\/wp\/v2\/sites\/([^/]+)(\/.*)?$/;

type Dispatch = (req: ProviderRequest, route: string, user: WordPressUser) => ProviderResponse;

const tokenError = (error: string, description: string) => json(400, { error, error_description: description });

export class WordPressComApi {
  private readonly tokens = new Map<string, string>();
  private readonly codes = new AuthorizationCodes<{ username: string }>(CODE_TTL_MS);

  constructor(
    private readonly store: WordPressStore,
    private readonly dispatch: Dispatch,
  ) {}

  reset(): void {
    this.tokens.clear();
    this.codes.clear();
  }

  /** A token for `username` (default: the seeded user), as if the OAuth dance had happened. */
  issueToken(username = this.store.users[0]?.username ?? ''): string {
    if (!this.store.findUser(username)) throw new Error(`unknown WordPress user ${username}`);
    const token = opaqueToken();
    this.tokens.set(token, username);
    return token;
  }

  usernameForToken(token: string | undefined): string | undefined {
    return token ? this.tokens.get(token) : undefined;
  }

  revoke(token: string): boolean {
    return this.tokens.delete(token);
  }

  handle(req: ProviderRequest): ProviderResponse {
    const path = req.path.replace(/\/+$/, '');
    if (path === '/oauth2/authorize') return this.authorize(req);
    if (path === '/oauth2/token' && req.method === 'POST') return this.token(req, parseFormBody(req));
    const site = SITE_ROUTE.exec(path);
    if (!site) return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
    const username = this.tokens.get(bearerToken(req) ?? '');
    const user = username ? this.store.findUser(username) : undefined;
    if (!user) return wpError(401, 'invalid_token', 'The OAuth2 token is invalid.');
    return this.dispatch(req, `/wp/v2${site[2] ?? ''}`, user);
  }

  private authorize(req: ProviderRequest): ProviderResponse {
    const source = req.method === 'POST' ? new URLSearchParams(req.rawBody.toString('utf8')) : req.url.searchParams;
    const fields = Object.fromEntries(
      ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'blog', 'code_challenge', 'code_challenge_method', 'login_hint'].map((n) => [n, source.get(n) ?? '']),
    );
    let back: URL;
    try {
      back = new URL(fields.redirect_uri ?? '');
    } catch {
      return oauthErrorPage('WordPress.com', 'redirect_uri is missing or not a URL.');
    }
    if (fields.client_id !== SANDBOX_OAUTH_CLIENTS.wpcom.id) return oauthErrorPage('WordPress.com', 'Invalid client_id: no such application.');
    if (fields.response_type !== 'code') return oauthErrorPage('WordPress.com', 'response_type=code is required.');
    const username = this.store.consentingUser(fields.login_hint).username;
    if (req.method === 'GET') {
      return consentPage({
        provider: 'WordPress.com',
        clientId: fields.client_id,
        account: username,
        scopes: (fields.scope || 'posts').split(/[\s,]+/),
        action: `${req.origin}/wpcom/oauth2/authorize`,
        fields,
      });
    }
    if (fields.state) back.searchParams.set('state', fields.state);
    if (source.get('decision') !== 'allow') {
      back.searchParams.set('error', 'access_denied');
      return redirect(back.toString());
    }
    const code = this.codes.issue({ clientId: fields.client_id ?? '', redirectUri: fields.redirect_uri ?? '', ...pkceOf(fields), grant: { username } });
    back.searchParams.set('code', code);
    return redirect(back.toString());
  }

  private token(req: ProviderRequest, form: Record<string, string>): ProviderResponse {
    if (form.grant_type !== 'authorization_code') return tokenError('unsupported_grant_type', 'grant_type must be authorization_code.');
    const client = authenticateClient(req, SANDBOX_OAUTH_CLIENTS.wpcom);
    if (!client.ok) return tokenError('invalid_client', 'Unknown client_id or wrong client_secret.');
    const redeemed = this.codes.redeem(form, client.clientId);
    if (!redeemed.ok) return tokenError('invalid_grant', 'Invalid authorization code.');
    return json(200, {
      access_token: this.issueToken(redeemed.grant.username),
      token_type: 'bearer',
      blog_id: String(WPCOM_BLOG_ID),
      blog_url: `${req.origin}/wp`,
      scope: 'global',
    });
  }
}
