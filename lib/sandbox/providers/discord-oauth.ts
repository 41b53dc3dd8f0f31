import { consentPage, oauthErrorPage } from '../consent-page';
import { json, parseFormBody, redirect, type ProviderRequest, type ProviderResponse } from '../http';
import { opaqueToken } from '../ids';
import { SANDBOX_OAUTH_CLIENTS } from '../oauth/clients';
import { isSandboxNamespace } from '../namespace';
import { AuthorizationCodes, authenticateClient, parseRedirectUri, pkceOf } from '../oauth/codes';

// Discord OAuth2 with the `webhook.incoming` scope
// (https://discord.com/developers/docs/topics/oauth2#webhooks): the person picks a server channel on
// the consent page and the token answer carries the webhook Discord created there.

export const SANDBOX_GUILD = { id: '1000000000000000001', name: 'Sandbox Server' };
export const SANDBOX_DISCORD_CHANNELS = [
  { id: '1000000000000000101', name: 'general' },
  { id: '1000000000000000102', name: 'outpost-reports' },
];
const TOKEN_SECONDS = 604_800;

export interface CreatedDiscordWebhook {
  id: string;
  token: string;
  url: string;
  channelId: string;
  guildId: string;
}

type Grant = { scope: string; channelId: string; namespace?: string };
type Tokens = { scope: string; webhookId?: string };

const AUTHORIZE_FIELDS = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'prompt', 'login_hint'] as const;
const tokenError = (status: number, error: string, description: string) => json(status, { error, error_description: description });

export class DiscordOAuth {
  private readonly codes = new AuthorizationCodes<Grant>(10 * 60_000);
  private readonly accessTokens = new Map<string, Tokens>();
  private readonly refreshTokens = new Map<string, Tokens>();

  constructor(private readonly createWebhook: (channelId: string, guildId: string, origin: string, namespace?: string) => CreatedDiscordWebhook) {}

  reset(): void {
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  authorize(req: ProviderRequest): ProviderResponse {
    const source = req.method === 'POST' ? new URLSearchParams(req.rawBody.toString('utf8')) : req.url.searchParams;
    const fields = Object.fromEntries(AUTHORIZE_FIELDS.map((n) => [n, source.get(n) ?? ''])) as Record<(typeof AUTHORIZE_FIELDS)[number], string>;
    const back = parseRedirectUri(fields.redirect_uri);
    if (!back) return oauthErrorPage('Discord', 'Invalid OAuth2 redirect_uri.');
    if (fields.client_id !== SANDBOX_OAUTH_CLIENTS.discord.id) return oauthErrorPage('Discord', 'Unknown Application (invalid client_id).');
    if (fields.response_type !== 'code') return oauthErrorPage('Discord', 'response_type must be "code".');
    if (!fields.scope.split(/\s+/).includes('webhook.incoming')) return oauthErrorPage('Discord', 'This sandbox only grants the webhook.incoming scope.');
    if (req.method === 'GET') {
      return consentPage({
        provider: 'Discord',
        clientId: 'Outpost',
        account: SANDBOX_GUILD.name,
        scopes: fields.scope.split(/\s+/),
        action: `${req.origin}/${req.mount}/api/oauth2/authorize`,
        fields,
        choice: { name: 'channel_id', label: 'Channel', options: SANDBOX_DISCORD_CHANNELS.map((c) => ({ value: c.id, label: `#${c.name}` })) },
      });
    }
    if (fields.state) back.searchParams.set('state', fields.state);
    if (source.get('decision') !== 'allow') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The resource owner or authorization server denied the request');
      return redirect(back.toString());
    }
    const channel = SANDBOX_DISCORD_CHANNELS.find((c) => c.id === source.get('channel_id')) ?? SANDBOX_DISCORD_CHANNELS[0]!;
    const code = this.codes.issue({ clientId: fields.client_id, redirectUri: fields.redirect_uri, ...pkceOf(fields), grant: { scope: fields.scope, channelId: channel.id, ...(isSandboxNamespace(fields.login_hint) ? { namespace: fields.login_hint } : {}) } });
    back.searchParams.set('code', code);
    // Discord also names the server the webhook went to.
    back.searchParams.set('guild_id', SANDBOX_GUILD.id);
    return redirect(back.toString());
  }

  /** POST /api/oauth2/token: authorization_code (answers with the webhook) and refresh_token (rotates). */
  token(req: ProviderRequest): ProviderResponse {
    if (req.method !== 'POST') return json(405, { message: '405: Method Not Allowed', code: 0 });
    const client = authenticateClient(req, SANDBOX_OAUTH_CLIENTS.discord);
    if (!client.ok) return tokenError(401, 'invalid_client', 'Unknown client or wrong client secret.');
    const form = parseFormBody(req);
    if (form.grant_type === 'refresh_token') {
      const entry = this.refreshTokens.get(form.refresh_token ?? '');
      if (!entry) return tokenError(400, 'invalid_grant', 'Invalid "refresh_token" in request.');
      this.refreshTokens.delete(form.refresh_token ?? '');
      return json(200, this.issue(entry));
    }
    if (form.grant_type !== 'authorization_code') return tokenError(400, 'unsupported_grant_type', 'Unsupported grant type.');
    const redeemed = this.codes.redeem(form, client.clientId);
    if (!redeemed.ok) return tokenError(400, redeemed.error, redeemed.description);
    const webhook = this.createWebhook(redeemed.grant.channelId, SANDBOX_GUILD.id, req.origin, redeemed.grant.namespace);
    return json(200, {
      ...this.issue({ scope: redeemed.grant.scope, webhookId: webhook.id }),
      webhook: {
        application_id: SANDBOX_OAUTH_CLIENTS.discord.id,
        name: 'Outpost',
        url: webhook.url,
        channel_id: webhook.channelId,
        token: webhook.token,
        type: 1,
        avatar: null,
        guild_id: webhook.guildId,
        id: webhook.id,
      },
    });
  }

  /** POST /api/oauth2/token/revoke: always 200, as RFC 7009 asks. */
  revoke(req: ProviderRequest): ProviderResponse {
    if (req.method !== 'POST') return json(405, { message: '405: Method Not Allowed', code: 0 });
    const client = authenticateClient(req, SANDBOX_OAUTH_CLIENTS.discord);
    if (!client.ok) return tokenError(401, 'invalid_client', 'Unknown client or wrong client secret.');
    const token = parseFormBody(req).token ?? '';
    const entry = this.accessTokens.get(token) ?? this.refreshTokens.get(token);
    if (entry) {
      for (const map of [this.accessTokens, this.refreshTokens]) {
        for (const [value, tokens] of map) if (tokens === entry || tokens.webhookId === entry.webhookId) map.delete(value);
      }
    }
    return json(200, {});
  }

  /** Whether a token is live (for tests and the state view). */
  isLive(token: string): boolean {
    return this.accessTokens.has(token) || this.refreshTokens.has(token);
  }

  private issue(tokens: Tokens) {
    const accessToken = opaqueToken(24);
    const refreshToken = opaqueToken(24);
    this.accessTokens.set(accessToken, tokens);
    this.refreshTokens.set(refreshToken, tokens);
    return { token_type: 'Bearer', access_token: accessToken, expires_in: TOKEN_SECONDS, refresh_token: refreshToken, scope: tokens.scope };
  }
}
