import { env } from '@/lib/env';
import { DeliveryError } from '@/lib/integrations/types';
import type { XSecret } from './schema';
import { parseJson, xRequest, type XIo } from './x-http';

type TokenResponse = { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };

/**
 * Exchanges the refresh token for a new pair at OUTPOST_X_TOKEN_URL. X rotates refresh tokens: once
 * this returns, the old one is dead, so the caller must persist the result before doing anything else.
 */
export async function refreshXTokens(refreshToken: string, io: XIo, now = Date.now()): Promise<XSecret> {
  const { OUTPOST_X_TOKEN_URL, OUTPOST_X_CLIENT_ID } = env();
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: OUTPOST_X_CLIENT_ID });
  const response = await xRequest(
    {
      method: 'POST',
      url: OUTPOST_X_TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    },
    io,
  );
  if (response.status === 429 || response.status >= 500) {
    // The token endpoint being down says nothing about the grant: try again later.
    throw new DeliveryError({ type: 'retryable', reason: `X token endpoint answered ${response.status}` }, { httpStatus: response.status });
  }
  const parsed = parseJson(response.body) as TokenResponse | null;
  if (response.status !== 200 || !parsed || typeof parsed.access_token !== 'string') {
    const error = parsed && typeof (parsed as { error?: unknown }).error === 'string' ? ` (${(parsed as { error: string }).error})` : '';
    throw new DeliveryError(
      { type: 'auth_expired', reason: `refreshing the X access token failed: HTTP ${response.status}${error}; reconnect the X account` },
      { httpStatus: response.status },
    );
  }
  const expiresIn = typeof parsed.expires_in === 'number' ? parsed.expires_in : 7200;
  return {
    accessToken: parsed.access_token,
    // Rotation hands out a new refresh token; keep the old one only if none came back.
    ...(typeof parsed.refresh_token === 'string' ? { refreshToken: parsed.refresh_token } : {}),
    expiresAt: new Date(now + expiresIn * 1000).toISOString(),
  };
}
