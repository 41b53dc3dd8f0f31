import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { basicAuth, useSandbox } from './use-sandbox';

const sandbox = useSandbox();
const REDIRECT = 'http://127.0.0.1:9/callback';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeParams(challenge: string, state = 'st4te') {
  return new URLSearchParams({
    response_type: 'code',
    client_id: 'outpost-client',
    redirect_uri: REDIRECT,
    scope: 'tweet.read tweet.write users.read offline.access',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
}

/** What the consent page's form posts when the person clicks a button. */
async function decide(challenge: string, decision: 'allow' | 'deny') {
  const form = authorizeParams(challenge);
  form.set('decision', decision);
  const response = await fetch(`${sandbox.url}/x/i/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${sandbox.url}/x/2/oauth2/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
}

async function authorizedCode() {
  const { verifier, challenge } = pkce();
  const back = await decide(challenge, 'allow');
  return { verifier, code: back.searchParams.get('code')! };
}

describe('sandbox X OAuth 2.0 with PKCE', () => {
  it('renders a consent page with Authorize and Cancel buttons', async () => {
    const response = await fetch(`${sandbox.url}/x/i/oauth2/authorize?${authorizeParams(pkce().challenge)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('Authorize app');
    expect(html).toContain('Cancel');
    expect(html).toContain('method="post"');
  });

  it('shows an error page for a request without redirect_uri', async () => {
    const params = authorizeParams('c');
    params.delete('redirect_uri');
    expect((await fetch(`${sandbox.url}/x/i/oauth2/authorize?${params}`)).status).toBe(400);
  });

  it('redirects with error=access_denied when the person cancels', async () => {
    const back = await decide(pkce().challenge, 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st4te');
  });

  it('round-trips: code + verifier → tokens that post tweets; refresh rotates and kills the old refresh token', async () => {
    const { verifier, challenge } = pkce();
    const back = await decide(challenge, 'allow');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st4te');
    const code = back.searchParams.get('code')!;

    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: 'outpost-client' });
    expect(exchanged.status).toBe(200);
    const first = (await exchanged.json()) as Record<string, string | number>;
    expect(first).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: 'tweet.read tweet.write users.read offline.access' });

    const posted = await fetch(`${sandbox.url}/x/2/tweets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'via oauth' }),
    });
    expect(posted.status).toBe(201);

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: String(first.refresh_token), client_id: 'outpost-client' });
    const second = (await refreshed.json()) as Record<string, string>;
    expect(refreshed.status).toBe(200);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);

    const reused = await token({ grant_type: 'refresh_token', refresh_token: String(first.refresh_token), client_id: 'outpost-client' });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });

    const again = await token({ grant_type: 'refresh_token', refresh_token: second.refresh_token!, client_id: 'outpost-client' });
    expect(again.status).toBe(200);
  });

  it('accepts confidential clients authenticating with HTTP Basic', async () => {
    const { verifier, code } = await authorizedCode();
    const response = await token(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      { authorization: basicAuth('outpost-client', 'client-secret') },
    );
    expect(response.status).toBe(200);
  });

  it('refuses a wrong code_verifier', async () => {
    const { code } = await authorizedCode();
    const response = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: 'wrong'.repeat(10), client_id: 'outpost-client' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('uses a code once only', async () => {
    const { verifier, code } = await authorizedCode();
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: 'outpost-client' };
    expect((await token(form)).status).toBe(200);
    const second = await token(form);
    expect(second.status).toBe(400);
    expect(((await second.json()) as { error_description: string }).error_description).toBe('Value passed for the authorization code was invalid.');
  });

  it('refuses a token request without client authentication', async () => {
    const { verifier, code } = await authorizedCode();
    const response = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('unauthorized_client');
  });

  it('refreshes tokens issued through the control API, for any client', async () => {
    const issued = await sandbox.control.issueXTokens({ expired: true });
    const response = await token({ grant_type: 'refresh_token', refresh_token: issued.refreshToken!, client_id: 'whatever-client' });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    const me = await fetch(`${sandbox.url}/x/2/users/me`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(me.status).toBe(200);
  });

  it('refuses a revoked refresh token', async () => {
    const issued = await sandbox.control.issueXTokens();
    await sandbox.control.revoke({ target: 'x', token: issued.refreshToken! });
    const response = await token({ grant_type: 'refresh_token', refresh_token: issued.refreshToken!, client_id: 'c' });
    expect(response.status).toBe(400);
  });
});
