import { describe, expect, it } from 'vitest';
import { postJson, useSandbox } from './use-sandbox';
import { SANDBOX_OAUTH_CLIENTS } from '@/lib/sandbox/oauth/clients';

const sandbox = useSandbox();
const REDIRECT = 'http://127.0.0.1:9/wpcom-callback';

describe('sandbox WordPress.com', () => {
  it('runs the OAuth code flow and posts drafts with the Bearer token', async () => {
    const params = new URLSearchParams({ client_id: SANDBOX_OAUTH_CLIENTS.wpcom.id, redirect_uri: REDIRECT, response_type: 'code', scope: 'posts', state: 's1' });
    const page = await fetch(`${sandbox.url}/wpcom/oauth2/authorize?${params}`);
    expect(await page.text()).toContain('Authorize app');

    params.set('decision', 'allow');
    const back = await fetch(`${sandbox.url}/wpcom/oauth2/authorize`, { method: 'POST', body: params, redirect: 'manual' });
    const location = new URL(back.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('s1');

    const token = await fetch(`${sandbox.url}/wpcom/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: SANDBOX_OAUTH_CLIENTS.wpcom.id, client_secret: SANDBOX_OAUTH_CLIENTS.wpcom.secret!, redirect_uri: REDIRECT, grant_type: 'authorization_code', code: location.searchParams.get('code')! }),
    });
    const issued = (await token.json()) as { access_token: string; blog_id: string; token_type: string };
    expect(issued).toMatchObject({ token_type: 'bearer', blog_id: expect.any(String) });

    const post = await postJson(
      `${sandbox.url}/wpcom/wp/v2/sites/${issued.blog_id}/posts`,
      { title: 'From WordPress.com', content: 'c', status: 'draft' },
      { authorization: `Bearer ${issued.access_token}` },
    );
    expect(post.status).toBe(201);
    expect(await post.json()).toMatchObject({ status: 'draft', title: { raw: 'From WordPress.com' } });
  });

  it('refuses a reused code with invalid_grant', async () => {
    const params = new URLSearchParams({ client_id: SANDBOX_OAUTH_CLIENTS.wpcom.id, redirect_uri: REDIRECT, response_type: 'code', decision: 'allow' });
    const back = await fetch(`${sandbox.url}/wpcom/oauth2/authorize`, { method: 'POST', body: params, redirect: 'manual' });
    const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
    const form = { client_id: SANDBOX_OAUTH_CLIENTS.wpcom.id, client_secret: SANDBOX_OAUTH_CLIENTS.wpcom.secret!, redirect_uri: REDIRECT, grant_type: 'authorization_code', code };
    expect((await fetch(`${sandbox.url}/wpcom/oauth2/token`, { method: 'POST', body: new URLSearchParams(form) })).status).toBe(200);
    const again = await fetch(`${sandbox.url}/wpcom/oauth2/token`, { method: 'POST', body: new URLSearchParams(form) });
    expect([again.status, ((await again.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
  });

  it('answers 401 invalid_token to an unknown or revoked token', async () => {
    const { accessToken, blogId } = await sandbox.control.issueWordPressComToken();
    const url = `${sandbox.url}/wpcom/wp/v2/sites/${blogId}/posts`;
    expect((await postJson(url, { title: 't' }, { authorization: `Bearer ${accessToken}` })).status).toBe(201);
    await sandbox.control.revoke({ target: 'wordpress', token: accessToken });
    const refused = await postJson(url, { title: 't' }, { authorization: `Bearer ${accessToken}` });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'invalid_token', data: { status: 401 } });
  });

  it('records WordPress.com requests under the wordpress target', async () => {
    const { accessToken, blogId } = await sandbox.control.issueWordPressComToken();
    await fetch(`${sandbox.url}/wpcom/wp/v2/sites/${blogId}/categories`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await sandbox.control.requests({ target: 'wordpress' })).map((r) => r.path)).toEqual([`/wpcom/wp/v2/sites/${blogId}/categories`]);
  });
});
