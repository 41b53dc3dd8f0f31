import { randomBytes } from 'node:crypto';
import { consentPage, oauthErrorPage } from '../consent-page';
import { bearerToken, json, parseFormBody, redirect, type ProviderRequest, type ProviderResponse } from '../http';
import { opaqueToken } from '../ids';
import { SANDBOX_OAUTH_CLIENTS } from '../oauth/clients';
import { isSandboxNamespace } from '../namespace';
import { AuthorizationCodes, authenticateClient, parseRedirectUri, pkceOf } from '../oauth/codes';

// Slack OAuth v2 for an app asking for `incoming-webhook`
// (https://api.slack.com/authentication/oauth-v2): the person picks a channel on the consent page;
// oauth.v2.access answers `{ok: true, access_token, team, incoming_webhook: {url, channel, ...}}`.
// Web API errors are HTTP 200 with `{ok: false, error}`.

export const SANDBOX_TEAM = { id: 'T0SANDBOX', name: 'Sandbox Workspace' };
export const SANDBOX_SLACK_CHANNELS = [
  { id: 'C0GENERAL01', name: 'general' },
  { id: 'C0OUTPOST01', name: 'outpost-reports' },
];

type Grant = { scope: string; channelId: string; team: { id: string; name: string } };
type Installation = { webhookUrl: string; revoked: boolean };

const AUTHORIZE_FIELDS = ['client_id', 'scope', 'user_scope', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'login_hint'] as const;
const slackError = (error: string) => json(200, { ok: false, error });

export class SlackOAuth {
  private readonly codes = new AuthorizationCodes<Grant>(10 * 60_000);
  private readonly tokens = new Map<string, Installation>();

  /** Webhook URLs installed by a token that was then revoked: they stop working, as in Slack. */
  constructor(private readonly onUninstall: (webhookUrl: string) => void) {}

  reset(): void {
    this.codes.clear();
    this.tokens.clear();
  }

  authorize(req: ProviderRequest): ProviderResponse {
    const source = req.method === 'POST' ? new URLSearchParams(req.rawBody.toString('utf8')) : req.url.searchParams;
    const fields = Object.fromEntries(AUTHORIZE_FIELDS.map((n) => [n, source.get(n) ?? ''])) as Record<(typeof AUTHORIZE_FIELDS)[number], string>;
    const back = parseRedirectUri(fields.redirect_uri);
    if (!back) return oauthErrorPage('Slack', 'redirect_uri is missing or not a URL.');
    if (fields.client_id !== SANDBOX_OAUTH_CLIENTS.slack.id) return oauthErrorPage('Slack', 'Invalid client_id parameter.');
    if (!fields.scope) return oauthErrorPage('Slack', 'Invalid permissions requested: the scope is missing.');
    // The Outpost user's sandbox namespace (login_hint) is their workspace, so their webhook's
    // messages list on their Sandbox page.
    const team = isSandboxNamespace(fields.login_hint) ? { id: fields.login_hint, name: SANDBOX_TEAM.name } : SANDBOX_TEAM;
    if (req.method === 'GET') {
      return consentPage({
        provider: 'Slack',
        clientId: 'Outpost',
        account: team.name,
        scopes: fields.scope.split(/[\s,]+/),
        action: `${req.origin}/${req.mount}/oauth/v2/authorize`,
        fields,
        choice: { name: 'channel_id', label: 'Post to', options: SANDBOX_SLACK_CHANNELS.map((c) => ({ value: c.id, label: `#${c.name}` })) },
      });
    }
    if (fields.state) back.searchParams.set('state', fields.state);
    if (source.get('decision') !== 'allow') {
      back.searchParams.set('error', 'access_denied');
      return redirect(back.toString());
    }
    const channel = SANDBOX_SLACK_CHANNELS.find((c) => c.id === source.get('channel_id')) ?? SANDBOX_SLACK_CHANNELS[0]!;
    const code = this.codes.issue({
      clientId: fields.client_id,
      redirectUri: fields.redirect_uri,
      ...pkceOf(fields),
      grant: { scope: fields.scope, channelId: channel.id, team },
    });
    back.searchParams.set('code', code);
    return redirect(back.toString());
  }

  /** POST /api/oauth.v2.access */
  access(req: ProviderRequest): ProviderResponse {
    if (req.method !== 'POST') return slackError('invalid_request');
    const client = authenticateClient(req, SANDBOX_OAUTH_CLIENTS.slack);
    if (!client.ok) return slackError('invalid_client_id');
    const form = parseFormBody(req);
    if (form.grant_type && form.grant_type !== 'authorization_code') return slackError('invalid_grant_type');
    if (!form.code) return slackError('invalid_code');
    const redeemed = this.codes.redeem(form, client.clientId);
    if (!redeemed.ok) {
      if (redeemed.description.includes('redirect_uri')) return slackError('bad_redirect_uri');
      if (redeemed.description.includes('verifier')) return slackError('invalid_code_verifier');
      return slackError('invalid_code');
    }
    const channel = SANDBOX_SLACK_CHANNELS.find((c) => c.id === redeemed.grant.channelId)!;
    const bot = `B${randomBytes(5).toString('hex').toUpperCase()}`;
    const webhookUrl = `${req.origin}/${req.mount}/services/${redeemed.grant.team.id}/${bot}/${randomBytes(12).toString('hex')}`;
    const accessToken = `xoxb-${opaqueToken(24)}`;
    this.tokens.set(accessToken, { webhookUrl, revoked: false });
    return json(200, {
      ok: true,
      app_id: 'A0OUTPOST01',
      authed_user: { id: 'U0SANDBOX01' },
      scope: redeemed.grant.scope,
      token_type: 'bot',
      access_token: accessToken,
      bot_user_id: 'U0SANDBOXBOT',
      team: redeemed.grant.team,
      enterprise: null,
      is_enterprise_install: false,
      incoming_webhook: {
        channel: `#${channel.name}`,
        channel_id: channel.id,
        configuration_url: `${req.origin}/${req.mount}/services/${bot}`,
        url: webhookUrl,
      },
    });
  }

  /** POST /api/auth.revoke: the token dies and the app's webhook with it. */
  revoke(req: ProviderRequest): ProviderResponse {
    const token = bearerToken(req) ?? parseFormBody(req).token ?? req.url.searchParams.get('token') ?? '';
    const installation = this.tokens.get(token);
    if (!installation || installation.revoked) return slackError('invalid_auth');
    installation.revoked = true;
    this.onUninstall(installation.webhookUrl);
    return json(200, { ok: true, revoked: true });
  }

  /** auth.test, which apps use to check a token. */
  test(req: ProviderRequest): ProviderResponse {
    const installation = this.tokens.get(bearerToken(req) ?? parseFormBody(req).token ?? '');
    if (!installation || installation.revoked) return slackError('invalid_auth');
    return json(200, { ok: true, url: 'https://sandbox.slack.invalid/', team: SANDBOX_TEAM.name, team_id: SANDBOX_TEAM.id, user_id: 'U0SANDBOXBOT' });
  }
}
