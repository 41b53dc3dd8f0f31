import { describe, expect, it } from 'vitest';
import { SandboxControlError } from '@/lib/sandbox/client';
import { startSandbox } from '@/lib/sandbox/server';
import { basicAuth, postJson, useSandbox } from './use-sandbox';

const sandbox = useSandbox();
const admin = { authorization: basicAuth('sandbox', 'abcd efgh ijkl mnop qrst uvwx') };

async function xToken() {
  return { authorization: `Bearer ${(await sandbox.control.issueXTokens()).accessToken}` };
}
const tweet = (headers: Record<string, string>, text: string, signal?: AbortSignal) =>
  fetch(`${sandbox.url}/x/2/tweets`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ text }), signal });

describe('sandbox faults', () => {
  it('answers a status fault with the given status, JSON body and headers', async () => {
    await sandbox.control.fault({ target: 'http', type: 'status', status: 418, body: { teapot: true }, headers: { 'x-why': 'because' } });
    const response = await fetch(`${sandbox.url}/http/x`, { method: 'POST' });
    expect(response.status).toBe(418);
    expect(response.headers.get('x-why')).toBe('because');
    expect(await response.json()).toEqual({ teapot: true });
  });

  it('answers a status fault with a text body as text', async () => {
    await sandbox.control.fault({ target: 'slack', type: 'status', status: 404, body: 'channel_not_found' });
    const response = await postJson(`${sandbox.url}/slack/services/T/B/s`, { text: 'x' });
    expect([response.status, await response.text()]).toEqual([404, 'channel_not_found']);
  });

  it('skips the first `after` matching requests: fails exactly the 4th tweet of a thread', async () => {
    const auth = await xToken();
    await sandbox.control.fault({ target: 'x', path: '/x/2/tweets', method: 'POST', after: 3, type: 'server_error' });
    const statuses = [];
    for (let i = 1; i <= 5; i++) statuses.push((await tweet(auth, `part ${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 503, 201]);
  });

  it('faults `times` requests, then lets them through', async () => {
    await sandbox.control.fault({ target: 'http', type: 'server_error', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${sandbox.url}/http/x`)).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it("keeps an 'always' fault until faults are cleared", async () => {
    await sandbox.control.fault({ target: 'http', type: 'server_error', status: 502, times: 'always' });
    expect((await fetch(`${sandbox.url}/http/x`)).status).toBe(502);
    expect((await fetch(`${sandbox.url}/http/x`)).status).toBe(502);
    await sandbox.control.clearFaults();
    expect((await fetch(`${sandbox.url}/http/x`)).status).toBe(200);
  });

  it('matches only its target, path prefix and method', async () => {
    await sandbox.control.fault({ target: 'wordpress', path: '/wp/wp-json/wp/v2/posts', method: 'POST', type: 'server_error' });
    expect((await fetch(`${sandbox.url}/http/wp/wp-json/wp/v2/posts`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${sandbox.url}/wp/wp-json/wp/v2/posts`)).status).toBe(200);
    expect((await postJson(`${sandbox.url}/wp/wp-json/wp/v2/categories`, { name: 'a' }, admin)).status).toBe(201);
    const faulted = await postJson(`${sandbox.url}/wp/wp-json/wp/v2/posts`, { title: 't' }, admin);
    expect(faulted.status).toBe(500);
    expect(await faulted.json()).toMatchObject({ code: 'internal_server_error', data: { status: 500 } });
  });

  it('delays the answer with hang + ms', async () => {
    await sandbox.control.fault({ target: 'http', type: 'hang', ms: 300 });
    const started = Date.now();
    const response = await fetch(`${sandbox.url}/http/slow`);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('never answers with hang, and the request shows as dropped once the client gives up', async () => {
    await sandbox.control.fault({ target: 'http', type: 'hang' });
    await expect(fetch(`${sandbox.url}/http/void`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [recorded] = await sandbox.control.requests({ target: 'http' });
    expect(recorded).toMatchObject({ fault: 'hang', status: null, outcome: 'dropped' });
  });

  it('stores the tweet and destroys the socket with hang_after_create (response lost)', async () => {
    const auth = await xToken();
    await sandbox.control.fault({ target: 'x', path: '/x/2/tweets', type: 'hang_after_create' });
    await expect(tweet(auth, 'lost response')).rejects.toThrow();
    const { x } = await sandbox.control.state();
    expect(x.tweets.map((t) => t.text)).toEqual(['lost response']);
    // The retry then meets X's duplicate check, as it would for real.
    expect((await tweet(auth, 'lost response')).status).toBe(403);
  });

  it('stores the WordPress post and never answers with hang_after_create mode hang', async () => {
    await sandbox.control.fault({ target: 'wordpress', method: 'POST', type: 'hang_after_create', mode: 'hang' });
    const request = fetch(`${sandbox.url}/wp/wp-json/wp/v2/posts`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'kept', slug: 'outpost-kept' }),
      signal: AbortSignal.timeout(300),
    });
    await expect(request).rejects.toThrow();
    const { wordpress } = await sandbox.control.state();
    expect(wordpress.posts.map((p) => p.slug)).toEqual(['outpost-kept']);
  });

  it('answers auth_revoked in each provider shape', async () => {
    for (const target of ['x', 'wordpress', 'http'] as const) await sandbox.control.fault({ target, type: 'auth_revoked' });
    expect((await tweet(await xToken(), 'x')).status).toBe(401);
    const wp = await postJson(`${sandbox.url}/wp/wp-json/wp/v2/posts`, { title: 't' }, admin);
    expect(await wp.json()).toMatchObject({ code: 'incorrect_password', data: { status: 401 } });
    expect((await fetch(`${sandbox.url}/http/x`)).status).toBe(401);
  });

  it('answers duplicate in each provider shape', async () => {
    for (const target of ['x', 'wordpress', 'http'] as const) await sandbox.control.fault({ target, type: 'duplicate' });
    const x = await tweet(await xToken(), 'never posted before');
    expect([x.status, ((await x.json()) as { detail: string }).detail]).toEqual([403, 'You are not allowed to create a Tweet with duplicate content.']);
    const wp = await postJson(`${sandbox.url}/wp/wp-json/wp/v2/posts`, { title: 't' }, admin);
    expect(wp.status).toBe(400);
    expect((await fetch(`${sandbox.url}/http/x`, { method: 'POST' })).status).toBe(409);
  });

  it('refuses a duplicate fault for Slack, which has no such error', async () => {
    await expect(sandbox.control.fault({ target: 'slack', type: 'duplicate' })).rejects.toBeInstanceOf(SandboxControlError);
  });

  it('refuses a malformed fault spec', async () => {
    await expect(sandbox.control.fault({ target: 'nowhere', type: 'hang' } as never)).rejects.toMatchObject({ status: 400 });
  });

  it('lists pending faults and forgets them on reset', async () => {
    await sandbox.control.fault({ target: 'x', type: 'hang' });
    expect(await sandbox.control.faults()).toHaveLength(1);
    await sandbox.control.reset();
    expect(await sandbox.control.faults()).toEqual([]);
  });

  it('closes promptly while a request hangs', async () => {
    const other = await startSandbox({ port: 0 });
    await fetch(`${other.url}/_control/faults`, { method: 'POST', headers: { 'x-sandbox-token': other.token }, body: JSON.stringify({ target: 'http', type: 'hang' }) });
    const hung = fetch(`${other.url}/http/x`).catch(() => 'gone');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await hung).toBe('gone');
  });
});
