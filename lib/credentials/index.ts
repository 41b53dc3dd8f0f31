/**
 * Credentials: connections and their secrets (DESIGN §1, §2). Everything that stores, opens,
 * refreshes or revokes a connection's secret lives here; integrations never touch the database and
 * get fresh credentials through their DeliveryContext.
 *
 * For connect flows (lib/connect/, app/api/connect/…):
 * - `saveConnection(userId, {kind, label, externalAccountId, secret, hint, metadata, tokenExpiresAt?,
 *   oauthProvider?})` → `{connection, reconnected}`. Creates the connection, or — when this user
 *   already connected the same external account for this kind — updates that one in place (new
 *   secret, hint, metadata and expiry; status back to `active`; label and id kept), so its tasks keep
 *   working. OAuth secrets use `{accessToken, refreshToken?, expiresAt? (ISO)}` plus the kind's own
 *   fields (e.g. `webhookUrl`); pass `oauthProvider` ('x' | 'slack' | 'discord' | 'wpcom') so refresh
 *   and revoke find the provider's endpoints (`oauthProvider(id)` gives them, from lib/env.ts).
 *   externalAccountId (as lib/connect/identity.ts builds it): X user id, Slack `team/channel`,
 *   Discord `guild/channel`, WordPress.com `wpcom:<blog id>`, self-hosted WordPress site and user.
 *   Refresh applies where the secret has a refresh token and the row a `tokenExpiresAt` (X; a
 *   WordPress.com token does not expire; Slack and Discord deliver through their webhook URL and
 *   keep the OAuth token only to revoke it).
 * - `renameConnection`, `testConnection`, `deleteConnection` (revokes at the provider first),
 *   `listConnections`, `getOwnedConnection`, `toConnectionView` for the Connections page and routes.
 *
 * For the engine: `loadConnectionForDelivery`, `secretForDelivery` (refreshes a token about to
 * expire), `refreshAfterRejection` (once after a 401), `setConnectionStatus`; for maintenance:
 * `connectionsExpiringWithin` + `refreshConnection`; for the CLI: `rotateKeys`.
 */
export * from './connections';
export { deleteConnection, revokeAtProviderFor, type RevokeReport } from './revoke';
export { refreshAfterRejection, secretForDelivery } from './delivery';
export {
  connectionsExpiringWithin,
  CredentialsUnavailableError,
  EXPIRY_SKEW_MS,
  expiresWithin,
  reauthMessage,
  REFRESH_LEASE_MS,
  refreshConnection,
  type RefreshOutcome,
  type RefreshRequest,
} from './refresh';
export { oauthProvider, oauthProviderIds, oauthTokensOf, providerOfConnection, type OAuthProvider, type OAuthProviderId, type OAuthTokens } from './providers';
export { TokenRefreshError, refreshAtProvider, revokeAtProvider } from './token-endpoint';
export { openRowSecret } from './sealed-row';
