import { createHash } from 'node:crypto';
import { consentPage, oauthErrorPage } from '../../consent-page';
import {
  basicCredentials,
  json,
  parseFormBody,
  redirect,
  type ProviderRequest,
  type ProviderResponse,
} from '../../http';
import { opaqueToken } from '../../ids';
import { isSandboxNamespace } from '../../namespace';
import { ANY_CLIENT, DEFAULT_SCOPE, type XStore } from './store';

// X's OAuth 2.0 authorization code flow with PKCE
// (https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code).
const CODE_TTL_MS = 30_000;
const AUTHORIZE_FIELDS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'login_hint'] as const;

type AuthorizeParams = Record<(typeof AUTHORIZE_FIELDS)[number], string>;

const tokenError = (status: number, error: string, description: string) => json(status, { error, error_description: description });

export class XOAuth {
  constructor(private readonly store: XStore) {}

  /** GET: the consent page. POST: the person's answer, redirected back to the app. */
  authorize(req: ProviderRequest): ProviderResponse {
    const source = req.method === 'POST' ? new URLSearchParams(req.rawBody.toString('utf8')) : req.url.searchParams;
    const params = Object.fromEntries(AUTHORIZE_FIELDS.map((name) => [name, source.get(name) ?? ''])) as AuthorizeParams;
    const problem = checkAuthorizeParams(params);
    if (problem) return oauthErrorPage('X', problem);
    if (req.method === 'GET') {
      return consentPage({
        provider: 'X',
        clientId: params.client_id,
        account: `@${this.consentingUser(params.login_hint).username}`,
        scopes: (params.scope || DEFAULT_SCOPE).split(/\s+/),
        action: `${req.origin}/x/i/oauth2/authorize`,
        fields: params,
      });
    }

    const back = new URL(params.redirect_uri);
    back.searchParams.set('state', params.state);
    if (source.get('decision') !== 'allow') {
      back.searchParams.set('error', 'access_denied');
      return redirect(back.toString());
    }
    const code = opaqueToken(24);
    this.store.codes.set(code, {
      clientId: params.client_id,
      redirectUri: params.redirect_uri,
      codeChallenge: params.code_challenge,
      codeChallengeMethod: params.code_challenge_method === 'S256' ? 'S256' : 'plain',
      scope: params.scope,
      userId: this.consentingUser(params.login_hint).id,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    back.searchParams.set('code', code);
    return redirect(back.toString());
  }

  /** Who approves: the Outpost user's sandbox namespace when the app names it (login_hint), else the default user. */
  private consentingUser(loginHint: string) {
    if (!isSandboxNamespace(loginHint)) return this.store.defaultUser;
    return [...this.store.users.values()].find((u) => u.username === loginHint) ?? this.store.addUser(loginHint, loginHint);
  }

  token(req: ProviderRequest): ProviderResponse {
    if (req.method !== 'POST') return tokenError(405, 'invalid_request', 'Method not allowed.');
    const form = parseFormBody(req);
    // Confidential clients authenticate with Basic; public clients send client_id in the body.
    const clientId = basicCredentials(req)?.username || form.client_id;
    if (!clientId) return tokenError(401, 'unauthorized_client', 'Missing valid authorization header');

    if (form.grant_type === 'authorization_code') return this.exchangeCode(form, clientId);
    if (form.grant_type === 'refresh_token') return this.refresh(form, clientId);
    return tokenError(400, 'unsupported_grant_type', 'Value passed for the grant type was invalid.');
  }

  /**
   * POST /2/oauth2/revoke (RFC 7009, as X runs it): the client identifies itself (Basic or
   * `client_id`); revoking a refresh token ends its access tokens too. An unknown token is still 200.
   */
  revoke(req: ProviderRequest): ProviderResponse {
    if (req.method !== 'POST') return tokenError(405, 'invalid_request', 'Method not allowed.');
    const form = parseFormBody(req);
    const clientId = basicCredentials(req)?.username || form.client_id;
    if (!clientId) return tokenError(401, 'unauthorized_client', 'Missing valid authorization header');
    if (!form.token) return tokenError(400, 'invalid_request', 'Missing required parameter [token].');
    this.store.revoke(form.token);
    return json(200, { revoked: true });
  }

  private exchangeCode(form: Record<string, string>, clientId: string): ProviderResponse {
    for (const name of ['code', 'redirect_uri', 'code_verifier']) {
      if (!form[name]) return tokenError(400, 'invalid_request', `Missing required parameter [${name}].`);
    }
    const code = this.store.codes.get(form.code ?? '');
    // Codes are single use, even when the exchange fails.
    if (code) this.store.codes.delete(form.code ?? '');
    if (!code || code.expiresAt <= Date.now() || code.clientId !== clientId || code.redirectUri !== form.redirect_uri) {
      return tokenError(400, 'invalid_request', 'Value passed for the authorization code was invalid.');
    }
    if (!verifierMatches(form.code_verifier ?? '', code.codeChallenge, code.codeChallengeMethod)) {
      return tokenError(400, 'invalid_request', 'Value passed for the code verifier was invalid.');
    }
    return this.tokenResponse(code.userId, clientId, code.scope);
  }

  private refresh(form: Record<string, string>, clientId: string): ProviderResponse {
    if (!form.refresh_token) return tokenError(400, 'invalid_request', 'Missing required parameter [refresh_token].');
    const entry = this.store.refreshTokens.get(form.refresh_token);
    if (!entry || (entry.clientId !== ANY_CLIENT && entry.clientId !== clientId)) {
      return tokenError(400, 'invalid_request', 'Value passed for the token was invalid.');
    }
    // Rotation: the refresh token just used is dead from now on.
    this.store.refreshTokens.delete(form.refresh_token);
    return this.tokenResponse(entry.userId, clientId, entry.scope);
  }

  private tokenResponse(userId: string, clientId: string, scope: string): ProviderResponse {
    const issued = this.store.issue(userId, clientId, scope);
    return json(200, {
      token_type: 'bearer',
      expires_in: issued.expiresIn,
      access_token: issued.accessToken,
      scope,
      ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
    });
  }
}

function verifierMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return computed === challenge;
}

function checkAuthorizeParams(params: AuthorizeParams): string | undefined {
  if (params.response_type !== 'code') return 'response_type must be "code".';
  if (!params.client_id) return 'client_id is missing.';
  try {
    const target = new URL(params.redirect_uri);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return 'redirect_uri must be an http(s) URL.';
  } catch {
    return 'redirect_uri is missing or not a URL.';
  }
  if (!params.state) return 'state is missing.';
  if (!params.scope) return 'scope is missing.';
  if (!params.code_challenge) return 'code_challenge is missing.';
  if (params.code_challenge_method && !['S256', 'plain'].includes(params.code_challenge_method)) {
    return 'code_challenge_method must be S256 or plain.';
  }
  return undefined;
}
