import { describe, expect, it } from 'vitest';
import { MAX_RECORDED_REQUESTS, RequestRecorder } from '@/lib/sandbox/recorder';
import { redactedFingerprint } from '@/lib/sandbox/redact';
import { basicAuth, postJson, useSandbox } from './use-sandbox';

const sandbox = useSandbox();

async function recordedJson() {
  return JSON.stringify(await sandbox.control.requests());
}

describe('sandbox request recorder', () => {
  it('redacts a Bearer token but keeps the scheme and a fingerprint to compare', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    await postJson(`${sandbox.url}/x/2/tweets`, { text: 'hi' }, { authorization: `Bearer ${accessToken}` });
    const [recorded] = await sandbox.control.requests({ target: 'x' });
    expect(await recordedJson()).not.toContain(accessToken);
    expect(recorded?.auth).toEqual({ scheme: 'Bearer' });
    expect(recorded?.headers.authorization).toBe(redactedFingerprint(`Bearer ${accessToken}`));
  });

  it('redacts Basic credentials but names the user', async () => {
    await fetch(`${sandbox.url}/wp/wp-json/wp/v2/users/me`, { headers: { authorization: basicAuth('sandbox', 'abcd efgh ijkl mnop qrst uvwx') } });
    const [recorded] = await sandbox.control.requests({ target: 'wordpress' });
    expect(recorded?.auth).toEqual({ scheme: 'Basic', username: 'sandbox' });
    expect(await recordedJson()).not.toContain(Buffer.from('sandbox:abcd efgh ijkl mnop qrst uvwx').toString('base64'));
  });

  it('redacts the secret in Slack and Discord webhook paths', async () => {
    await postJson(`${sandbox.url}/slack/services/T1/B1/verysecretslackpart`, { text: 'x' });
    await postJson(`${sandbox.url}/discord/api/webhooks/123/verysecretdiscordtoken?wait=true`, { content: 'x' });
    const paths = (await sandbox.control.requests()).map((r) => r.path);
    expect(paths).toEqual(['/slack/services/T1/B1/[REDACTED]', '/discord/api/webhooks/123/[REDACTED]']);
    expect(await recordedJson()).not.toMatch(/verysecret/);
    expect(JSON.stringify(await sandbox.control.state())).not.toMatch(/verysecret/);
  });

  it('redacts OAuth secrets in form bodies and query strings', async () => {
    await fetch(`${sandbox.url}/x/2/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'refresh-SECRET-1', client_id: 'c', client_secret: 'client-SECRET-2' }),
    });
    await fetch(`${sandbox.url}/http/callback?code=code-SECRET-3&state=ok`);
    const text = await recordedJson();
    expect(text).not.toMatch(/SECRET/);
    const [token, callback] = await sandbox.control.requests();
    expect(token?.body).toMatchObject({ grant_type: 'refresh_token', client_id: 'c' });
    expect(callback?.query.state).toBe('ok');
  });

  it('redacts secret-looking headers and JSON fields, keeping the rest', async () => {
    await postJson(
      `${sandbox.url}/http/in`,
      { message: 'hello', nested: { api_key: 'key-SECRET-4', password: 'pw-SECRET-5' } },
      { 'x-api-key': 'hdr-SECRET-6', cookie: 'session=SECRET-7', 'x-custom-token': 'hdr-SECRET-8', 'x-request-id': 'r-1' },
    );
    const [recorded] = await sandbox.control.requests();
    expect(JSON.stringify(recorded)).not.toMatch(/SECRET/);
    expect(recorded?.headers['x-request-id']).toBe('r-1');
    expect(recorded?.body).toMatchObject({ message: 'hello' });
  });

  it('does not record control API calls', async () => {
    await sandbox.control.state();
    expect(await sandbox.control.requests()).toEqual([]);
  });

  it('filters by target and clears on demand', async () => {
    await fetch(`${sandbox.url}/http/a`);
    await postJson(`${sandbox.url}/slack/services/T/B/s`, { text: 'x' });
    expect((await sandbox.control.requests({ target: 'slack' })).map((r) => r.target)).toEqual(['slack']);
    await sandbox.control.clearRequests();
    expect(await sandbox.control.requests()).toEqual([]);
  });

  it('caps large bodies and marks them truncated', async () => {
    await fetch(`${sandbox.url}/http/big`, { method: 'POST', body: 'z'.repeat(100_000) });
    const [recorded] = await sandbox.control.requests();
    expect(recorded?.bodyTruncated).toBe(true);
    expect((recorded?.body as string).length).toBe(64 * 1024);
  });

  it(`keeps only the last ${MAX_RECORDED_REQUESTS} requests`, () => {
    const recorder = new RequestRecorder();
    const url = new URL('http://127.0.0.1/http/x');
    for (let i = 0; i < MAX_RECORDED_REQUESTS + 10; i++) {
      recorder.record({ target: 'http', namespace: null, method: 'POST', url, headers: {}, rawBody: Buffer.from(String(i)) });
    }
    const all = recorder.list();
    expect(all).toHaveLength(MAX_RECORDED_REQUESTS);
    expect(all[0]?.body).toBe(10);
  });
});
