import { env } from '@/lib/env';

export const oauthProviderIds = ['x', 'slack', 'discord', 'wpcom'] as const;
export type OAuthProviderId = (typeof oauthProviderIds)[number];

/** The endpoints and client of one OAuth provider, from configuration (DESIGN §4), so the sandbox can stand in. */
export type OAuthProvider = {
  id: OAuthProviderId;
  name: string;
  /** The token endpoint for `grant_type=refresh_token`. */
  tokenUrl: string;
  /** Where a token is revoked; null when the provider has none (WordPress.com). */
  revokeUrl: string | null;
  /** RFC 7009 form `token=` with client authentication, or Slack's `auth.revoke` called with the token itself. */
  revokeStyle: 'rfc7009' | 'slack';
  clientId: string | undefined;
  clientSecret: string | undefined;
};

const trim = (base: string) => base.replace(/\/+$/, '');

export function oauthProvider(id: OAuthProviderId): OAuthProvider {
  const e = env();
  switch (id) {
    case 'x':
      return {
        id,
        name: 'X',
        tokenUrl: e.OUTPOST_X_TOKEN_URL,
        revokeUrl: e.OUTPOST_X_REVOKE_URL,
        revokeStyle: 'rfc7009',
        clientId: e.OUTPOST_X_CLIENT_ID,
        clientSecret: e.OUTPOST_X_CLIENT_SECRET,
      };
    case 'slack':
      return {
        id,
        name: 'Slack',
        tokenUrl: `${trim(e.OUTPOST_SLACK_OAUTH_BASE)}/api/oauth.v2.access`,
        revokeUrl: `${trim(e.OUTPOST_SLACK_OAUTH_BASE)}/api/auth.revoke`,
        revokeStyle: 'slack',
        clientId: e.OUTPOST_SLACK_CLIENT_ID,
        clientSecret: e.OUTPOST_SLACK_CLIENT_SECRET,
      };
    case 'discord':
      return {
        id,
        name: 'Discord',
        tokenUrl: `${trim(e.OUTPOST_DISCORD_OAUTH_BASE)}/api/oauth2/token`,
        revokeUrl: `${trim(e.OUTPOST_DISCORD_OAUTH_BASE)}/api/oauth2/token/revoke`,
        revokeStyle: 'rfc7009',
        clientId: e.OUTPOST_DISCORD_CLIENT_ID,
        clientSecret: e.OUTPOST_DISCORD_CLIENT_SECRET,
      };
    case 'wpcom':
      return {
        id,
        name: 'WordPress.com',
        tokenUrl: `${trim(e.OUTPOST_WPCOM_BASE)}/oauth2/token`,
        revokeUrl: null,
        revokeStyle: 'rfc7009',
        clientId: e.OUTPOST_WPCOM_CLIENT_ID,
        clientSecret: e.OUTPOST_WPCOM_CLIENT_SECRET,
      };
  }
}

/**
 * Which provider issued a connection's tokens: what the connect flow recorded
 * (`metadata.oauthProvider`), else the kind's own (tokens pasted into an X connection are X's).
 */
export function providerOfConnection(row: { kind: string; metadata: Record<string, unknown> }): OAuthProviderId | null {
  const recorded = row.metadata.oauthProvider;
  if (typeof recorded === 'string' && (oauthProviderIds as readonly string[]).includes(recorded)) return recorded as OAuthProviderId;
  if (row.kind === 'twitter-thread') return 'x';
  return null;
}

/** The OAuth fields every connect flow stores in a connection's secret (other fields are the kind's own). */
export type OAuthTokens = { accessToken: string; refreshToken?: string; expiresAt?: string };

export function oauthTokensOf(secret: unknown): OAuthTokens | null {
  const s = secret as Partial<OAuthTokens> | null;
  if (!s || typeof s !== 'object' || typeof s.accessToken !== 'string') return null;
  return {
    accessToken: s.accessToken,
    ...(typeof s.refreshToken === 'string' ? { refreshToken: s.refreshToken } : {}),
    ...(typeof s.expiresAt === 'string' ? { expiresAt: s.expiresAt } : {}),
  };
}
