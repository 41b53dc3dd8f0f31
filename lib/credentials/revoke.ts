import { eq } from 'drizzle-orm';
import { allowedTargets } from '@/lib/allowed-targets';
import { db } from '@/lib/db/client';
import { connections, type Connection } from '@/lib/db/schema';
import { getOwnedConnection } from './connections';
import { oauthProvider, oauthTokensOf, providerOfConnection } from './providers';
import { openRowSecret } from './sealed-row';
import { revokeAtProvider } from './token-endpoint';

export type RevokeReport = { provider: string | null; revoked: boolean; detail: string };

/**
 * Revokes a connection's tokens where its provider has an endpoint: the refresh token when there is
 * one (X and Discord end its access tokens with it), else the access token. Never throws: a provider
 * that cannot be reached must not keep a person from deleting their connection.
 */
export async function revokeAtProviderFor(row: Connection): Promise<RevokeReport> {
  const providerId = providerOfConnection(row);
  if (!providerId) return { provider: null, revoked: false, detail: 'nothing to revoke (no provider tokens)' };
  const provider = oauthProvider(providerId);
  let tokens;
  try {
    tokens = oauthTokensOf(openRowSecret(row));
  } catch {
    return { provider: provider.name, revoked: false, detail: 'the secret does not open; nothing sent' };
  }
  if (!tokens) return { provider: provider.name, revoked: false, detail: 'no OAuth token in the secret' };
  const token =
    tokens.refreshToken && provider.revokeStyle === 'rfc7009'
      ? { value: tokens.refreshToken, hint: 'refresh_token' as const }
      : { value: tokens.accessToken, hint: 'access_token' as const };
  const result = await revokeAtProvider(provider, token, { allowedTargets: allowedTargets() });
  if (!result.ok) console.warn(`[credentials] revoking connection ${row.id} at ${provider.name} failed: ${result.detail}`);
  return { provider: provider.name, revoked: result.ok, detail: result.detail };
}

/**
 * DELETE /connections/:id: revokes at the provider, then deletes the row — the sealed secret goes
 * with it, and tasks keep their history with no connection.
 */
export async function deleteConnection(userId: string, id: string): Promise<RevokeReport> {
  const row = await getOwnedConnection(userId, id);
  const report = await revokeAtProviderFor(row);
  await db.delete(connections).where(eq(connections.id, row.id));
  return report;
}
