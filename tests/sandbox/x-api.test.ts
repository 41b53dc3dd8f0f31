import { describe, expect, it } from 'vitest';
import { postJson, useSandbox } from './use-sandbox';

const sandbox = useSandbox();
const tweets = () => `${sandbox.url}/x/2/tweets`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function tweet(token: string, body: unknown) {
  const response = await postJson(tweets(), body, bearer(token));
  return { response, body: (await response.json()) as Record<string, unknown> };
}

describe('sandbox X API v2', () => {
  it('creates a tweet: 201 with a numeric string id', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    const { response, body } = await tweet(accessToken, { text: 'hello world' });
    expect(response.status).toBe(201);
    expect(body.data).toMatchObject({ text: 'hello world', id: expect.stringMatching(/^\d+$/) });
  });

  it('hands out increasing ids and stores a reply thread', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    const first = await tweet(accessToken, { text: '1/2 first' });
    const firstId = (first.body.data as { id: string }).id;
    const second = await tweet(accessToken, { text: '2/2 second', reply: { in_reply_to_tweet_id: firstId } });
    const secondId = (second.body.data as { id: string }).id;
    expect(BigInt(secondId)).toBeGreaterThan(BigInt(firstId));
    const { x } = await sandbox.control.state();
    expect(x.tweets).toMatchObject([{ id: firstId }, { id: secondId, inReplyToTweetId: firstId, conversationId: firstId }]);
  });

  it('sends x-rate-limit-limit/remaining/reset on every answer', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    const { response } = await tweet(accessToken, { text: 'headers' });
    expect(response.headers.get('x-rate-limit-limit')).toBe('200');
    expect(response.headers.get('x-rate-limit-remaining')).toBe('199');
    expect(Number(response.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('counts weighted length with twitter-text: 280 CJK-free characters pass, URLs count 23', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    expect((await tweet(accessToken, { text: 'a'.repeat(280) })).response.status).toBe(201);
    const withUrl = `${'b'.repeat(256)} https://example.com/${'x'.repeat(100)}`;
    expect((await tweet(accessToken, { text: withUrl })).response.status).toBe(201);
  });

  it('refuses more than 280 weighted characters with a 400 problem', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    const { response, body } = await tweet(accessToken, { text: '界'.repeat(141) });
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' });
  });

  it('refuses duplicate text from the same user with 403', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    await tweet(accessToken, { text: 'same' });
    const { response, body } = await tweet(accessToken, { text: 'same' });
    expect(response.status).toBe(403);
    expect(body).toEqual({
      detail: 'You are not allowed to create a Tweet with duplicate content.',
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
    });
  });

  it('lets another user post the same text', async () => {
    const a = await sandbox.control.issueXTokens();
    const b = await sandbox.control.issueXTokens({ username: 'other' });
    await tweet(a.accessToken, { text: 'same' });
    expect((await tweet(b.accessToken, { text: 'same' })).response.status).toBe(201);
  });

  it('refuses a reply to a tweet that does not exist', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    const { response, body } = await tweet(accessToken, { text: 'reply', reply: { in_reply_to_tweet_id: '42' } });
    expect(response.status).toBe(403);
    expect(body.detail).toMatch(/deleted or not visible/);
  });

  it('refuses a missing reply id with 400', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    expect((await tweet(accessToken, { text: 'reply', reply: {} })).response.status).toBe(400);
  });

  it.each([
    ['no token', ''],
    ['an unknown token', 'nope'],
  ])('answers 401 to %s', async (_name, token) => {
    const response = await postJson(tweets(), { text: 'x' }, token ? bearer(token) : {});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
  });

  it('answers 401 to an expired token', async () => {
    const { accessToken } = await sandbox.control.issueXTokens({ expired: true });
    expect((await tweet(accessToken, { text: 'x' })).response.status).toBe(401);
  });

  it('answers 401 to a revoked token', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    await sandbox.control.revoke({ target: 'x', token: accessToken });
    expect((await tweet(accessToken, { text: 'x' })).response.status).toBe(401);
  });

  it('answers GET /2/users/me with the token owner', async () => {
    const { accessToken, user } = await sandbox.control.issueXTokens({ username: 'agent_bot', name: 'Agent Bot' });
    const response = await fetch(`${sandbox.url}/x/2/users/me`, { headers: bearer(accessToken) });
    expect(await response.json()).toEqual({ data: { id: user.id, name: 'Agent Bot', username: 'agent_bot' } });
  });

  it('answers a rate_limit fault with the 429 problem and a reset header', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    await sandbox.control.fault({ target: 'x', type: 'rate_limit', retryAfterSeconds: 60 });
    const { response, body } = await tweet(accessToken, { text: 'x' });
    expect(response.status).toBe(429);
    expect(body).toEqual({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 59);
    expect(response.headers.get('x-rate-limit-remaining')).toBe('0');
  });

  it('enforces the per-user window only when limits are on', async () => {
    const { accessToken } = await sandbox.control.issueXTokens();
    await sandbox.control.setLimits({ enforce: true });
    for (let i = 0; i < 200; i++) await tweet(accessToken, { text: `tweet ${i}` });
    expect((await tweet(accessToken, { text: 'one too many' })).response.status).toBe(429);
  });
});
