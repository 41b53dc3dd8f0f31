import 'server-only';
import * as oauth from 'oauth4webapi';
import type { OAuthProvider } from './providers';

export type TokenAnswer = Record<string, unknown> & { access_token: string; refresh_token?: string; expires_in?: number };
export type ExchangeResult = { ok: true; tokens: TokenAnswer } | { ok: false; code: 'access_denied' | 'code_rejected' | 'provider_error'; detail: string };

// The sandbox (and a self-hosted test setup) serve OAuth over plain http on loopback.
const insecure = (url: string) => (new URL(url).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {});

/**
 * The authorization response (already matched to its state by the caller) and the code exchange,
 * with oauth4webapi, the library Auth.js itself runs on: PKCE verifier, redirect_uri and client
 * authentication go to the token endpoint, and its answer is checked before anything is stored.
 */
export async function exchangeCode(provider: OAuthProvider, callbackUrl: URL, state: string, redirectUri: string, verifier: string): Promise<ExchangeResult> {
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(provider.as, provider.client, callbackUrl.searchParams, state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      return error.error === 'access_denied'
        ? { ok: false, code: 'access_denied', detail: error.error_description ?? 'denied' }
        : { ok: false, code: 'provider_error', detail: error.error };
    }
    return { ok: false, code: 'provider_error', detail: (error as Error).message };
  }

  let response: Response;
  try {
    response = await oauth.authorizationCodeGrantRequest(provider.as, provider.client, provider.clientAuth, params, redirectUri, verifier, insecure(provider.as.token_endpoint!));
  } catch (error) {
    return { ok: false, code: 'provider_error', detail: `token endpoint unreachable: ${(error as Error).message}` };
  }
  // Slack's Web API reports errors as HTTP 200 {ok: false, error}.
  const slackStyle = await slackError(response);
  if (slackStyle) return { ok: false, code: slackStyle === 'invalid_code' || slackStyle === 'invalid_code_verifier' ? 'code_rejected' : 'provider_error', detail: slackStyle };
  try {
    const recognizedTokenTypes = Object.fromEntries((provider.tokenTypes ?? []).map((t) => [t, () => {}]));
    const tokens = await oauth.processAuthorizationCodeResponse(provider.as, provider.client, response, { recognizedTokenTypes });
    return { ok: true, tokens: tokens as unknown as TokenAnswer };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      const rejected = ['invalid_grant', 'invalid_request'].includes(error.error);
      return { ok: false, code: rejected ? 'code_rejected' : 'provider_error', detail: error.error };
    }
    return { ok: false, code: 'provider_error', detail: (error as Error).message };
  }
}

async function slackError(response: Response): Promise<string | null> {
  if (response.status !== 200 || !(response.headers.get('content-type') ?? '').includes('json')) return null;
  try {
    const body = (await response.clone().json()) as { ok?: unknown; error?: unknown };
    return body.ok === false ? String(body.error ?? 'unknown_error') : null;
  } catch {
    return null;
  }
}
