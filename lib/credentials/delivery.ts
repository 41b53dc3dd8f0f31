import { DeliveryError } from '@/lib/integrations/types';
import { oauthProvider, oauthTokensOf, providerOfConnection } from './providers';
import { CredentialsUnavailableError, EXPIRY_SKEW_MS, expiresWithin, refreshConnection, type RefreshRequest } from './refresh';
import { TokenRefreshError, type TokenIo } from './token-endpoint';
import type { DeliveryConnection } from './connections';

/** A refresh failure as the delivery engine classifies it. */
function asDeliveryError(error: unknown, connection: DeliveryConnection): unknown {
  const name = oauthProviderName(connection);
  if (error instanceof TokenRefreshError) {
    if (error.reason === 'grant_refused') {
      return new DeliveryError(
        { type: 'auth_expired', reason: `${error.message}: the ${name} connection "${connection.row.label}" needs to be reconnected; reconnect it, then retry the task` },
        error.httpStatus ? { httpStatus: error.httpStatus } : {},
      );
    }
    // The token endpoint being down says nothing about the grant: try again later.
    return new DeliveryError({ type: 'retryable', reason: `refreshing the ${name} token: ${error.message}` }, error.httpStatus ? { httpStatus: error.httpStatus } : {});
  }
  if (error instanceof CredentialsUnavailableError) {
    return new DeliveryError(
      error.needsReauth
        ? { type: 'auth_expired', reason: `${error.message}; reconnect it, then retry the task` }
        : { type: 'permanent', reason: error.message },
    );
  }
  return error;
}

function oauthProviderName(connection: DeliveryConnection): string {
  const id = providerOfConnection(connection.row);
  return id ? oauthProvider(id).name : connection.row.kind;
}

async function refreshForDelivery(connection: DeliveryConnection, request: RefreshRequest): Promise<Record<string, unknown>> {
  try {
    return (await refreshConnection(connection.row.id, request)).secret;
  } catch (error) {
    throw asDeliveryError(error, connection);
  }
}

/**
 * The secret to deliver with: refreshed first when its access token expires within a minute and
 * the connection can be refreshed. Throws a classified DeliveryError when it cannot. Only
 * connections with a token expiry (`token_expires_at`) deliver with their access token; a Discord
 * or Slack connection delivers through its webhook URL, and its OAuth token is kept for revoking.
 */
export async function secretForDelivery(connection: DeliveryConnection, io: TokenIo): Promise<unknown> {
  if (!connection.row.tokenExpiresAt) return connection.secret;
  const tokens = oauthTokensOf(connection.secret);
  if (!tokens || !expiresWithin(tokens, EXPIRY_SKEW_MS)) return connection.secret;
  if (!tokens.refreshToken || !providerOfConnection(connection.row)) return connection.secret;
  return refreshForDelivery(connection, { io, minValidityMs: EXPIRY_SKEW_MS });
}

/** DeliveryContext.refreshSecret: after the provider rejected `rejected` (a 401), the refreshed secret. */
export async function refreshAfterRejection(connection: DeliveryConnection, rejected: unknown, io: TokenIo): Promise<unknown> {
  const tokens = oauthTokensOf(rejected);
  if (!tokens) {
    throw new DeliveryError({ type: 'auth_expired', reason: `the provider rejected the credentials of connection "${connection.row.label}"; reconnect it, then retry the task` });
  }
  return refreshForDelivery(connection, { io, rejectedAccessToken: tokens.accessToken });
}
