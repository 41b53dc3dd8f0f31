import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SANDBOX_OAUTH_CLIENTS } from '@/lib/sandbox/oauth/clients';
import { basicAuth, postJson, useSandbox } from './use-sandbox';

// The sandbox's Slack, Discord and WordPress OAuth/authorization servers, spoken to directly as
// the real ones would be: consent, code exchange checks, webhooks that work, revocation.

const sandbox = useSandbox();
const REDIRECT = 'http://127.0.0.1:9/api/connect/callback';
const slack = SANDBOX_OAUTH_CLIENTS.slack;
const discord = SANDBOX_OAUTH_CLIENTS.discord;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function approve(path: string, params: Record<string, string>, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const form = new URLSearchParams({ ...params, decision });
  const response = await fetch(`${sandbox.url}${path}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

const form = (url: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${sandbox.url}${url}`, { method: 'POST', headers, body: new URLSearchParams(body) });

describe('sandbox Slack OAuth v2 (incoming-webhook)', () => {
  const authorize = (challenge: string) => ({ client_id: slack.id, scope: 'incoming-webhook', redirect_uri: REDIRECT, state: 's', code_challenge: challenge, code_challenge_method: 'S256' });

  it('shows a consent page with a channel choice, Authorize and Cancel', async () => {
    const page = await fetch(`${sandbox.url}/slack/oauth/v2/authorize?${new URLSearchParams(authorize('c'))}`);
    const html = await page.text();
    expect(html).toContain('<select name="channel_id">');
    expect(html).toContain('#outpost-reports');
    expect(html).toContain('Cancel');
  });

  it('Cancel returns access_denied with the state', async () => {
    const back = await approve('/slack/oauth/v2/authorize', authorize('c'), 'deny');
    expect(Object.fromEntries(back.searchParams)).toEqual({ state: 's', error: 'access_denied' });
  });

  it('oauth.v2.access answers with the webhook of the channel picked, which takes messages; auth.revoke ends it', async () => {
    const { verifier, challenge } = pkce();
    const back = await approve('/slack/oauth/v2/authorize', { ...authorize(challenge), channel_id: 'C0OUTPOST01' });
    const answer = await (await form('/slack/api/oauth.v2.access', { code: back.searchParams.get('code')!, redirect_uri: REDIRECT, code_verifier: verifier }, { authorization: basicAuth(slack.id, slack.secret!) })).json();
    expect(answer).toMatchObject({ ok: true, token_type: 'bot', team: { id: 'T0SANDBOX' }, incoming_webhook: { channel: '#outpost-reports', channel_id: 'C0OUTPOST01' } });
    expect(answer.incoming_webhook.url).toMatch(new RegExp(`^${sandbox.url}/slack/services/T0SANDBOX/B[0-9A-F]+/[0-9a-f]+$`));
    expect((await postJson(answer.incoming_webhook.url, { text: 'hi' })).status).toBe(200);

    expect(await (await form('/slack/api/auth.revoke', { token: answer.access_token })).json()).toEqual({ ok: true, revoked: true });
    expect((await postJson(answer.incoming_webhook.url, { text: 'hi' })).status).toBe(404);
  });

  it('refuses a wrong client secret, a wrong redirect_uri, a wrong verifier and a second use of a code', async () => {
    const exchange = async (override: Record<string, string>, secret = slack.secret!) => {
      const { verifier, challenge } = pkce();
      const back = await approve('/slack/oauth/v2/authorize', authorize(challenge));
      const body = { client_id: slack.id, client_secret: secret, code: back.searchParams.get('code')!, redirect_uri: REDIRECT, code_verifier: verifier, ...override };
      const first = await (await form('/slack/api/oauth.v2.access', body)).json();
      return { first, again: await (await form('/slack/api/oauth.v2.access', body)).json() };
    };
    expect((await exchange({}, 'wrong')).first).toEqual({ ok: false, error: 'invalid_client_id' });
    expect((await exchange({ redirect_uri: 'http://127.0.0.1:9/elsewhere' })).first).toEqual({ ok: false, error: 'bad_redirect_uri' });
    expect((await exchange({ code_verifier: 'x'.repeat(43) })).first).toEqual({ ok: false, error: 'invalid_code_verifier' });
    const reused = await exchange({});
    expect(reused.first.ok).toBe(true);
    expect(reused.again).toEqual({ ok: false, error: 'invalid_code' });
  });
});

describe('sandbox Discord OAuth2 (webhook.incoming)', () => {
  const authorize = (challenge: string) => ({ client_id: discord.id, response_type: 'code', scope: 'webhook.incoming', redirect_uri: REDIRECT, state: 's', code_challenge: challenge, code_challenge_method: 'S256' });

  async function tokens(channel = '1000000000000000102') {
    const { verifier, challenge } = pkce();
    const back = await approve('/discord/api/oauth2/authorize', { ...authorize(challenge), channel_id: channel });
    const response = await form('/discord/api/oauth2/token', { grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: REDIRECT, code_verifier: verifier }, { authorization: basicAuth(discord.id, discord.secret!) });
    expect(response.status).toBe(200);
    return response.json();
  }

  it('answers with a webhook in the channel picked, which executes', async () => {
    const answer = await tokens();
    expect(answer).toMatchObject({ token_type: 'Bearer', scope: 'webhook.incoming', webhook: { channel_id: '1000000000000000102', guild_id: '1000000000000000001', type: 1 } });
    expect(answer.webhook.url).toBe(`${sandbox.url}/discord/api/webhooks/${answer.webhook.id}/${answer.webhook.token}`);
    const sent = await postJson(`${answer.webhook.url}?wait=true`, { content: 'hello' });
    expect(sent.status).toBe(200);
    expect((await sent.json()).channel_id).toBe('1000000000000000102');
  });

  it('rotates refresh tokens: the old one is dead after use', async () => {
    const answer = await tokens();
    const auth = { authorization: basicAuth(discord.id, discord.secret!) };
    const refreshed = await form('/discord/api/oauth2/token', { grant_type: 'refresh_token', refresh_token: answer.refresh_token }, auth);
    expect(refreshed.status).toBe(200);
    expect((await refreshed.json()).refresh_token).not.toBe(answer.refresh_token);
    const again = await form('/discord/api/oauth2/token', { grant_type: 'refresh_token', refresh_token: answer.refresh_token }, auth);
    expect([again.status, (await again.json()).error]).toEqual([400, 'invalid_grant']);
  });

  it('refuses a code for another redirect_uri, a wrong verifier, unknown client credentials and a reused code', async () => {
    const { verifier, challenge } = pkce();
    const code = async () => (await approve('/discord/api/oauth2/authorize', authorize(challenge))).searchParams.get('code')!;
    const auth = { authorization: basicAuth(discord.id, discord.secret!) };
    const exchange = async (body: Record<string, string>, headers = auth) => {
      const response = await form('/discord/api/oauth2/token', { grant_type: 'authorization_code', redirect_uri: REDIRECT, code_verifier: verifier, ...body }, headers);
      return [response.status, (await response.json()).error];
    };
    expect(await exchange({ code: await code(), redirect_uri: 'http://127.0.0.1:9/other' })).toEqual([400, 'invalid_grant']);
    expect(await exchange({ code: await code(), code_verifier: 'y'.repeat(43) })).toEqual([400, 'invalid_grant']);
    expect(await exchange({ code: await code() }, { authorization: basicAuth(discord.id, 'nope') })).toEqual([401, 'invalid_client']);
    const once = await code();
    expect((await exchange({ code: once }))[0]).toBe(200);
    expect(await exchange({ code: once })).toEqual([400, 'invalid_grant']);
  });

  it('revokes a token at /api/oauth2/token/revoke', async () => {
    const answer = await tokens();
    const auth = { authorization: basicAuth(discord.id, discord.secret!) };
    expect((await form('/discord/api/oauth2/token/revoke', { token: answer.refresh_token, token_type_hint: 'refresh_token' }, auth)).status).toBe(200);
    const refreshed = await form('/discord/api/oauth2/token', { grant_type: 'refresh_token', refresh_token: answer.refresh_token }, auth);
    expect(refreshed.status).toBe(400);
  });
});

describe('sandbox WordPress authorize-application.php', () => {
  const params = { app_name: 'Outpost', success_url: `${REDIRECT}?state=n1`, reject_url: `${REDIRECT}?state=n1&error=access_denied` };

  it('shows the approval page', async () => {
    const html = await (await fetch(`${sandbox.url}/wp/wp-admin/authorize-application.php?${new URLSearchParams(params)}`)).text();
    expect(html).toContain('Authorize Application');
    expect(html).toContain('Yes, I approve of this connection');
  });

  it('approving hands back site_url, user_login and a new application password that works for the REST API', async () => {
    const response = await fetch(`${sandbox.url}/wp/wp-admin/authorize-application.php`, { method: 'POST', body: new URLSearchParams({ ...params, approve: '1' }), redirect: 'manual' });
    const back = new URL(response.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('n1');
    expect(back.searchParams.get('site_url')).toBe(`${sandbox.url}/wp`);
    const me = await fetch(`${sandbox.url}/wp/wp-json/wp/v2/users/me`, { headers: { authorization: basicAuth(back.searchParams.get('user_login')!, back.searchParams.get('password')!) } });
    expect(me.status).toBe(200);
  });

  it('rejecting goes to reject_url, or to success_url with success=false when there is none', async () => {
    const reject = async (body: Record<string, string>) => new URL((await fetch(`${sandbox.url}/wp/wp-admin/authorize-application.php`, { method: 'POST', body: new URLSearchParams({ ...body, reject: '1' }), redirect: 'manual' })).headers.get('location')!);
    expect((await reject(params)).searchParams.get('error')).toBe('access_denied');
    const { reject_url: _ignored, ...withoutReject } = params;
    expect((await reject(withoutReject)).searchParams.get('success')).toBe('false');
  });
});
