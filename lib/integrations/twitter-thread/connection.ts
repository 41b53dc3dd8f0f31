import { env } from '@/lib/env';
import { validationError } from '@/lib/errors';
import { DeliveryError, type PreparedConnection } from '@/lib/integrations/types';
import { xErrorMessage } from './classify';
import { oauthProvider } from '@/lib/credentials/providers';
import { refreshAtProvider, TokenRefreshError } from '@/lib/credentials/token-endpoint';
import { DEFAULT_TIMEOUT_MS, type XSecret } from './schema';
import { parseJson, xRequest, type XIo } from './x-http';

type XUser = { id: string; username: string; name?: string };
type MeResult = { ok: true; user: XUser } | { ok: false; status?: number; message: string };

async function fetchMe(accessToken: string, io: XIo): Promise<MeResult> {
  const url = `${env().OUTPOST_X_API_BASE.replace(/\/+$/, '')}/2/users/me`;
  try {
    const response = await xRequest({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } }, io);
    const data = (parseJson(response.body) as { data?: Partial<XUser> } | null)?.data;
    if (response.status === 200 && typeof data?.id === 'string' && typeof data.username === 'string') {
      return { ok: true, user: { id: data.id, username: data.username, ...(typeof data.name === 'string' ? { name: data.name } : {}) } };
    }
    return { ok: false, status: response.status, message: `X answered ${response.status}${xErrorMessage(response.body) ? `: ${xErrorMessage(response.body)}` : ''}` };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'X could not be reached' };
  }
}

/** Refreshes when the token is expired, or when X refused it and a refresh token exists. */
async function verify(secret: XSecret, io: XIo): Promise<{ secret: XSecret; me: MeResult }> {
  let current = secret;
  // Nothing is stored yet, so no other process can race this refresh: no lease needed.
  const refresh = async () => {
    const fresh = await refreshAtProvider(oauthProvider('x'), current.refreshToken!, { allowedTargets: io.allowedTargets });
    current = { accessToken: fresh.accessToken, ...(fresh.refreshToken ? { refreshToken: fresh.refreshToken } : {}), ...(fresh.expiresAt ? { expiresAt: fresh.expiresAt } : {}) };
  };
  if (current.refreshToken && current.expiresAt && Date.parse(current.expiresAt) <= Date.now()) await refresh();
  let me = await fetchMe(current.accessToken, io);
  if (!me.ok && me.status === 401 && current.refreshToken && current === secret) {
    await refresh();
    me = await fetchMe(current.accessToken, io);
  }
  return { secret: current, me };
}

/** POST /connections: checks the tokens against GET /2/users/me and keeps the account handle. */
export async function prepareXConnection(secret: XSecret, environment: { allowedTargets: Set<string> }): Promise<PreparedConnection> {
  const io: XIo = { allowedTargets: environment.allowedTargets, timeoutMs: DEFAULT_TIMEOUT_MS };
  let verified;
  try {
    verified = await verify(secret, io);
  } catch (error) {
    const reason = error instanceof TokenRefreshError || error instanceof DeliveryError ? error.message : 'refreshing the tokens failed';
    throw validationError([{ path: 'secret.refreshToken', message: reason }]);
  }
  const { me } = verified;
  if (!me.ok) {
    const path = me.status === 401 || me.status === 403 ? 'secret.accessToken' : 'secret';
    const why = me.status === 401 ? 'X rejected the access token (expired or revoked)' : `could not verify the tokens with X: ${me.message}`;
    throw validationError([{ path, message: why }]);
  }
  const stored = verified.secret;
  return {
    secret: stored,
    hint: `@${me.user.username}`,
    metadata: { username: me.user.username, userId: me.user.id, ...(me.user.name ? { name: me.user.name } : {}) },
    tokenExpiresAt: stored.expiresAt ? new Date(stored.expiresAt) : null,
  };
}

/** POST /connections/:id/test: a read-only check (never refreshes: that would rotate tokens unseen). */
export async function testXConnection(secret: XSecret, environment: { allowedTargets: Set<string> }): Promise<{ ok: boolean; message: string }> {
  const me = await fetchMe(secret.accessToken, { allowedTargets: environment.allowedTargets, timeoutMs: DEFAULT_TIMEOUT_MS });
  if (me.ok) return { ok: true, message: `Connected as @${me.user.username}` };
  if (me.status === 401 && secret.refreshToken) {
    return { ok: true, message: 'The access token has expired; it will be refreshed at the next delivery' };
  }
  return { ok: false, message: me.message };
}
