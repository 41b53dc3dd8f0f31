import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthProvider } from './providers';
import { refreshAtProvider, revokeAtProvider, TokenRefreshError } from './token-endpoint';

// A token endpoint on loopback whose answers each test scripts.
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
let script: Answer[] = [];
const seen: { path: string; form: URLSearchParams; authorization?: string }[] = [];
let host = '';

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    seen.push({ path: req.url ?? '', form: new URLSearchParams(body), ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const answer = script.shift() ?? { status: 500, body: { error: 'unscripted' } };
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const provider = (extra: Partial<OAuthProvider> = {}): OAuthProvider => ({
  id: 'x',
  name: 'X',
  tokenUrl: `http://${host}/token`,
  revokeUrl: `http://${host}/revoke`,
  revokeStyle: 'rfc7009',
  clientId: 'client-1',
  clientSecret: undefined,
  ...extra,
});
const io = () => ({ allowedTargets: new Set([host]) });
const fast = { attempts: 3, budgetMs: 5_000, requestTimeoutMs: 1_000, backoffMs: 10 };

function run(answers: Answer[]) {
  script = answers;
  seen.length = 0;
}

describe('refreshAtProvider', () => {
  it('keeps the old refresh token when the answer brings none', async () => {
    run([{ status: 200, body: { access_token: 'new-access', expires_in: 3600, token_type: 'bearer' } }]);
    const tokens = await refreshAtProvider(provider(), 'old-refresh', io(), fast);
    expect(tokens).toMatchObject({ accessToken: 'new-access', refreshToken: 'old-refresh' });
    expect(Date.parse(tokens.expiresAt!)).toBeGreaterThan(Date.now() + 3500_000);
    expect(Object.fromEntries(seen[0]!.form)).toEqual({ grant_type: 'refresh_token', refresh_token: 'old-refresh', client_id: 'client-1' });
  });

  it('takes the rotated refresh token when one comes back', async () => {
    run([{ status: 200, body: { access_token: 'a2', refresh_token: 'r2', expires_in: 7200 } }]);
    expect(await refreshAtProvider(provider(), 'r1', io(), fast)).toMatchObject({ accessToken: 'a2', refreshToken: 'r2' });
  });

  it('invalid_grant is final at once: grant_refused, one request', async () => {
    run([{ status: 400, body: { error: 'invalid_grant' } }, { status: 200, body: { access_token: 'never' } }]);
    const error = await refreshAtProvider(provider(), 'dead', io(), fast).catch((e) => e);
    expect(error).toBeInstanceOf(TokenRefreshError);
    expect(error).toMatchObject({ reason: 'grant_refused', httpStatus: 400 });
    expect(error.message).toContain('invalid_grant');
    expect(error.message).not.toContain('dead');
    expect(seen).toHaveLength(1);
  });

  it('5xx and 429 are tried again with backoff, then succeed', async () => {
    run([
      { status: 502, body: {} },
      { status: 429, body: {}, headers: { 'retry-after': '0' } },
      { status: 200, body: { access_token: 'ok', refresh_token: 'r3', expires_in: 60 } },
    ]);
    expect((await refreshAtProvider(provider(), 'r', io(), fast)).accessToken).toBe('ok');
    expect(seen).toHaveLength(3);
  });

  it('a provider that stays down is unavailable after the policy attempts', async () => {
    run([{ status: 503, body: {} }, { status: 503, body: {} }, { status: 503, body: {} }, { status: 200, body: { access_token: 'late' } }]);
    const error = await refreshAtProvider(provider(), 'r', io(), fast).catch((e) => e);
    expect(error).toMatchObject({ reason: 'unavailable', httpStatus: 503 });
    expect(seen).toHaveLength(3);
  });

  it("Slack's 200 {ok: false} is a refusal, its ratelimited a retry", async () => {
    run([{ status: 200, body: { ok: false, error: 'ratelimited' } }, { status: 200, body: { ok: false, error: 'invalid_refresh_token' } }]);
    const error = await refreshAtProvider(provider({ id: 'slack', name: 'Slack', clientSecret: 's' }), 'r', io(), fast).catch((e) => e);
    expect(error).toMatchObject({ reason: 'grant_refused' });
    expect(seen).toHaveLength(2);
    // Slack takes the client in the form.
    expect(seen[0]!.form.get('client_secret')).toBe('s');
  });

  it('authenticates a confidential X client with Basic, never in the form', async () => {
    run([{ status: 200, body: { access_token: 'a' } }]);
    await refreshAtProvider(provider({ clientSecret: 'shh' }), 'r', io(), fast);
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('client-1:shh').toString('base64')}`);
    expect(seen[0]!.form.has('client_secret')).toBe(false);
  });

  it('a token endpoint our SSRF guard refuses is unavailable, not a refused grant', async () => {
    const error = await refreshAtProvider(provider(), 'r', { allowedTargets: new Set() }, fast).catch((e) => e);
    expect(error).toMatchObject({ reason: 'unavailable' });
  });
});

describe('revokeAtProvider', () => {
  it('posts RFC 7009 token + hint with the client id', async () => {
    run([{ status: 200, body: { revoked: true } }]);
    expect(await revokeAtProvider(provider(), { value: 'rt', hint: 'refresh_token' }, io())).toMatchObject({ ok: true });
    expect(seen[0]!.path).toBe('/revoke');
    expect(Object.fromEntries(seen[0]!.form)).toEqual({ token: 'rt', token_type_hint: 'refresh_token', client_id: 'client-1' });
  });

  it("calls Slack's auth.revoke with the token as bearer", async () => {
    run([{ status: 200, body: { ok: true, revoked: true } }]);
    expect(await revokeAtProvider(provider({ id: 'slack', revokeStyle: 'slack' }), { value: 'xoxb-1', hint: 'access_token' }, io())).toMatchObject({ ok: true });
    expect(seen[0]!.authorization).toBe('Bearer xoxb-1');
  });

  it('reports a failure instead of throwing', async () => {
    run([{ status: 500, body: {} }]);
    expect(await revokeAtProvider(provider(), { value: 't', hint: 'access_token' }, io())).toMatchObject({ ok: false, detail: expect.stringContaining('500') });
  });
});
