import { isOutboundError, redactBody, safeFetch, summarizeRequest, type SafeResponse } from '@/lib/http';
import { excerpt } from '@/lib/integrations/shared/excerpt';
import { parseRetryAfter } from '@/lib/integrations/shared/retry-after';
import type { RequestRecord } from '@/lib/integrations/types';
import type { OAuthProvider, OAuthTokens } from './providers';

export type TokenIo = {
  allowedTargets: Set<string>;
  signal?: AbortSignal;
  /** Gets every request made, redacted (the attempt log of the delivery that caused the refresh). */
  record?: (request: RequestRecord) => void;
};

/**
 * Why a refresh did not produce tokens. `grant_refused`: the provider said the refresh token is no
 * good (revoked, already used, expired) — only a reconnect helps. `unavailable`: the provider could
 * not be asked (5xx, 429, timeouts, refused by our own configuration) — says nothing about the grant.
 */
export class TokenRefreshError extends Error {
  constructor(
    readonly reason: 'grant_refused' | 'unavailable',
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'TokenRefreshError';
  }
}

export type RefreshPolicy = {
  /** Tries in all, the first included. */
  attempts: number;
  /** Every try together, waits included, stays inside this (shorter than the refresh lease). */
  budgetMs: number;
  /** One request's limit. */
  requestTimeoutMs: number;
  /** Backoff base: base, 3×base, 9×base…, with jitter; a Retry-After replaces it (capped by the budget). */
  backoffMs: number;
};

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = { attempts: 3, budgetMs: 25_000, requestTimeoutMs: 8_000, backoffMs: 400 };

const MAX_TOKEN_RESPONSE_BYTES = 16 * 1024;
// Slack answers 200 {ok: false, error} instead of an HTTP status.
const SLACK_TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

type Attempt = { ok: true; tokens: OAuthTokens } | { ok: false; error: TokenRefreshError; retryAfterMs?: number };

function clientAuth(provider: OAuthProvider): { headers: Record<string, string>; form: Record<string, string> } {
  const form: Record<string, string> = {};
  const headers: Record<string, string> = {};
  if (!provider.clientId) return { headers, form };
  if (provider.clientSecret && (provider.id === 'x' || provider.id === 'discord')) {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(provider.clientId)}:${encodeURIComponent(provider.clientSecret)}`).toString('base64')}`;
  } else {
    form.client_id = provider.clientId;
    if (provider.clientSecret) form.client_secret = provider.clientSecret;
  }
  return { headers, form };
}

async function post(url: string, headers: Record<string, string>, form: Record<string, string>, io: TokenIo, timeoutMs: number): Promise<SafeResponse> {
  const body = new URLSearchParams(form).toString();
  const allHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'Outpost/1 (+credentials)', ...headers };
  const summary = summarizeRequest({ method: 'POST', url, headers: allHeaders, body });
  try {
    const response = await safeFetch(url, {
      method: 'POST',
      headers: allHeaders,
      body,
      timeoutMs,
      maxResponseBytes: MAX_TOKEN_RESPONSE_BYTES,
      allowedTargets: io.allowedTargets,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    // Token answers carry the tokens: the log keeps their field names, never their values.
    io.record?.({ method: summary.method, url: summary.url, status: response.status, durationMs: response.durationMs, responseExcerpt: excerpt(redactBody(response.body)) });
    return response;
  } catch (error) {
    io.record?.({ method: summary.method, url: summary.url });
    throw error;
  }
}

function pickRetryAfter(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() === 'retry-after'));
}

function parse(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function tryRefresh(provider: OAuthProvider, refreshToken: string, io: TokenIo, timeoutMs: number, now: () => number): Promise<Attempt> {
  const auth = clientAuth(provider);
  let response: SafeResponse;
  try {
    response = await post(provider.tokenUrl, auth.headers, { grant_type: 'refresh_token', refresh_token: refreshToken, ...auth.form }, io, timeoutMs);
  } catch (error) {
    const message = isOutboundError(error) ? error.message : error instanceof Error ? error.message : 'request failed';
    const retry = !isOutboundError(error) || error.retryable;
    return { ok: false, error: new TokenRefreshError('unavailable', `${provider.name} token endpoint: ${message}`), ...(retry ? {} : { retryAfterMs: -1 }) };
  }
  const { status } = response;
  const parsed = parse(response.body);
  const code = typeof parsed?.error === 'string' ? parsed.error : undefined;
  if (status === 429 || status >= 500 || (parsed?.ok === false && SLACK_TRANSIENT.has(code ?? ''))) {
    // A 429 may say when to come back in any of the rate-limit headers; for a 5xx only Retry-After
    // counts (X sends its API window's reset on every answer, which says nothing about an outage).
    const headers = status === 429 ? response.headers : pickRetryAfter(response.headers);
    const retryAfterMs = parseRetryAfter(headers, now()) ?? undefined;
    return {
      ok: false,
      error: new TokenRefreshError('unavailable', `${provider.name} token endpoint answered ${status}${code ? ` (${code})` : ''}`, status),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (status === 200 && parsed && parsed.ok !== false && typeof parsed.access_token === 'string') {
    const expiresIn = typeof parsed.expires_in === 'number' ? parsed.expires_in : Number(parsed.expires_in);
    return {
      ok: true,
      tokens: {
        accessToken: parsed.access_token,
        // Rotation hands out a new refresh token; without one the old one stays good.
        refreshToken: typeof parsed.refresh_token === 'string' && parsed.refresh_token ? parsed.refresh_token : refreshToken,
        ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: new Date(now() + expiresIn * 1000).toISOString() } : {}),
      },
    };
  }
  if (status === 400 || status === 401 || (status === 200 && parsed?.ok === false)) {
    return { ok: false, error: new TokenRefreshError('grant_refused', `${provider.name} refused the refresh token (HTTP ${status}${code ? ` ${code}` : ''})`, status), retryAfterMs: -1 };
  }
  return { ok: false, error: new TokenRefreshError('unavailable', `${provider.name} token endpoint answered ${status} without tokens`, status), retryAfterMs: -1 };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * `grant_type=refresh_token` at the provider's token endpoint. 5xx, 429 and transport failures are
 * tried again with backoff inside the policy's budget; a refusal (400/401, Slack `ok: false`) is
 * final at once. Throws TokenRefreshError; never includes a token in a message.
 */
export async function refreshAtProvider(
  provider: OAuthProvider,
  refreshToken: string,
  io: TokenIo,
  policy: RefreshPolicy = DEFAULT_REFRESH_POLICY,
  now: () => number = Date.now,
): Promise<OAuthTokens> {
  const deadline = now() + policy.budgetMs;
  let last: TokenRefreshError | undefined;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    const left = deadline - now();
    if (left < 250 || io.signal?.aborted) break;
    const result = await tryRefresh(provider, refreshToken, io, Math.min(policy.requestTimeoutMs, left), now);
    if (result.ok) return result.tokens;
    last = result.error;
    if (result.retryAfterMs === -1) throw result.error;
    const backoff = policy.backoffMs * 3 ** attempt * (0.75 + Math.random() * 0.5);
    const wait = result.retryAfterMs ?? backoff;
    if (attempt + 1 >= policy.attempts || now() + wait + 250 >= deadline) break;
    await sleep(wait, io.signal);
  }
  throw last ?? new TokenRefreshError('unavailable', `${provider.name} token endpoint could not be reached in time`);
}

/**
 * Revokes a token at the provider (RFC 7009 form with client authentication, or Slack's
 * `auth.revoke` with the token itself). Resolves to what happened, for the caller to log.
 */
export async function revokeAtProvider(
  provider: OAuthProvider,
  token: { value: string; hint: 'access_token' | 'refresh_token' },
  io: TokenIo,
  timeoutMs = 8_000,
): Promise<{ ok: boolean; detail: string }> {
  if (!provider.revokeUrl) return { ok: true, detail: `${provider.name} has no revoke endpoint` };
  try {
    if (provider.revokeStyle === 'slack') {
      const response = await post(provider.revokeUrl, { authorization: `Bearer ${token.value}` }, {}, io, timeoutMs);
      const parsed = parse(response.body);
      // An already dead token is as revoked as it gets.
      const ok = response.status === 200 && (parsed?.ok === true || parsed?.error === 'invalid_auth' || parsed?.error === 'token_revoked');
      return { ok, detail: `${provider.name} answered ${response.status}${typeof parsed?.error === 'string' ? ` (${parsed.error})` : ''}` };
    }
    const auth = clientAuth(provider);
    const response = await post(provider.revokeUrl, auth.headers, { token: token.value, token_type_hint: token.hint, ...auth.form }, io, timeoutMs);
    return { ok: response.status === 200, detail: `${provider.name} answered ${response.status}` };
  } catch (error) {
    return { ok: false, detail: `${provider.name} revoke endpoint: ${error instanceof Error ? error.message : 'request failed'}` };
  }
}
