import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tweetWeight } from '@/lib/text/thread-split';
import { create, newClient, sandbox, waitForStatus, type Client } from '../engine/helpers';
import { sandboxUrl } from '../support/app';

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});
afterEach(async () => {
  await sandbox().clearFaults();
});

/** About 1,500 characters with two URLs and an emoji, unique per call (X refuses duplicates). */
function article(): string {
  const tag = randomUUID().slice(0, 8);
  const paragraph = (n: number) =>
    `Section ${n} (${tag}): agents produce results and Outpost delivers them where people read them. ` +
    `Each post keeps whole sentences when they fit, and numbering is counted in the limit.`;
  return [
    `Release notes 🚀 ${tag}. The design is at https://example.com/outpost/design-notes and worth a read.`,
    ...[1, 2, 3, 4, 5, 6, 7, 8].map(paragraph),
    `Changelog: https://example.org/changelog?release=1.0 — thanks for reading!`,
  ].join('\n\n');
}

async function xConnection(tokens: { accessToken: string; refreshToken?: string; expiresAt?: string }) {
  const res = await client.post('/connections', { kind: 'twitter-thread', label: 'X', secret: tokens });
  if (res.status !== 201) throw new Error(`POST /connections → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function account(opts: { expired?: boolean; expiresIn?: number } = {}) {
  const issued = await sandbox().issueXTokens({ username: `thread_${randomUUID().slice(0, 8)}`, ...opts });
  const connection = await xConnection({ accessToken: issued.accessToken, refreshToken: issued.refreshToken!, expiresAt: issued.expiresAt });
  return { issued, connection };
}

const threadTask = (connectionId: string, text: string, config: Record<string, unknown> = {}) => ({
  kind: 'twitter-thread',
  connectionId,
  input: { text },
  template: '{{ input.text }}',
  config,
});

const tweetsOf = async (userId: string) => (await sandbox().state()).x.tweets.filter((t) => t.authorId === userId);

function expectChain(tweets: Array<{ id: string; inReplyToTweetId?: string }>) {
  tweets.forEach((tweet, i) => expect(tweet.inReplyToTweetId).toBe(i === 0 ? undefined : tweets[i - 1]!.id));
}

async function tokenEndpointAccepts(refreshToken: string): Promise<boolean> {
  const res = await fetch(`${sandboxUrl()}/x/2/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'outpost-local' }),
  });
  return res.status === 200;
}

describe('twitter-thread connections', () => {
  it('verifies the tokens with GET /2/users/me and keeps the handle, never the tokens', async () => {
    const { issued, connection } = await account();
    expect(connection).toMatchObject({ kind: 'twitter-thread', status: 'active', hint: `@${issued.user.username}`, metadata: { username: issued.user.username, userId: issued.user.id } });
    expect(JSON.stringify(connection)).not.toContain(issued.accessToken);
  });

  it('refuses an access token X rejects, naming secret.accessToken', async () => {
    const res = await client.post('/connections', { kind: 'twitter-thread', label: 'X', secret: { accessToken: 'not-a-valid-token' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'secret.accessToken', message: expect.stringContaining('rejected') }]);
  });

  it('refreshes an already expired access token on save and stores the rotated pair', async () => {
    const { issued } = await account({ expired: true });
    expect(await tokenEndpointAccepts(issued.refreshToken!)).toBe(false);
  });
});

describe('twitter-thread delivery', () => {
  it('posts a 1,500-character article with URLs and an emoji as a numbered thread the sandbox accepts', async () => {
    const { issued, connection } = await account();
    const task = await create(client, threadTask(connection.id, article()));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    const tweets = await tweetsOf(issued.user.id);
    const n = tweets.length;
    expect(n).toBeGreaterThan(5);
    tweets.forEach((tweet, i) => {
      expect(tweetWeight(tweet.text)).toBeLessThanOrEqual(280);
      expect(tweet.text.endsWith(` ${i + 1}/${n}`)).toBe(true);
    });
    expectChain(tweets);
    expect(done.result).toMatchObject({
      externalId: tweets[0]!.id,
      url: `https://x.com/${issued.user.username}/status/${tweets[0]!.id}`,
      tweetIds: tweets.map((t) => t.id),
    });
  });

  it('after a 500 at post 4, the retry posts 4..n only: the sandbox holds exactly n posts in one chain', async () => {
    const { issued, connection } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', after: 3, type: 'server_error', status: 500 });
    const task = await create(client, threadTask(connection.id, article()));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    const tweets = await tweetsOf(issued.user.id);
    const n = tweets.length;
    expect(tweets.map((t) => t.text.split(' ').at(-1))).toEqual(tweets.map((_, i) => `${i + 1}/${n}`));
    expectChain(tweets);
    const attempts = (await client.get(`/tasks/${task.id}/attempts`)).body.data;
    expect(attempts.map((a: any) => a.outcome)).toEqual(['retryable', 'succeeded']);
    const posted = (a: any) => a.request.filter((r: any) => r.url.endsWith('/2/tweets'));
    expect(posted(attempts[0]).map((r: any) => r.status)).toEqual([201, 201, 201, 500]);
    expect(posted(attempts[1])).toHaveLength(n - 3);
    expect(done.result.tweetIds).toEqual(tweets.map((t) => t.id));
  });

  it('refreshes an access token that expires at delivery, rotates the pair, and posts the thread', async () => {
    // Valid when saved, but inside the refresh margin by delivery time.
    const { issued, connection } = await account({ expiresIn: 30 });
    const task = await create(client, threadTask(connection.id, article()));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    const attempts = (await client.get(`/tasks/${task.id}/attempts`)).body.data;
    expect(attempts[0].request[0]).toMatchObject({ method: 'POST', url: expect.stringContaining('/x/2/oauth2/token'), status: 200 });
    expect(JSON.stringify(attempts)).not.toMatch(/"access_token":"(?!\[redacted\])/);
    // Rotated: the old refresh token is dead, and the stored new pair serves the next task as is.
    expect(await tokenEndpointAccepts(issued.refreshToken!)).toBe(false);
    const next = await create(client, threadTask(connection.id, `second ${randomUUID()}`));
    expect(await waitForStatus(client, next.id)).toMatchObject({ status: 'succeeded' });
    const nextAttempts = (await client.get(`/tasks/${next.id}/attempts`)).body.data;
    expect(nextAttempts[0].request.map((r: any) => r.url)).toEqual([expect.stringContaining('/x/2/tweets')]);
  });

  it('refreshes after a 401 (revoked access token) and posts', async () => {
    const { issued, connection } = await account();
    await sandbox().revoke({ target: 'x', token: issued.accessToken });
    const task = await create(client, threadTask(connection.id, `after revoke ${randomUUID()}`));
    expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(await tweetsOf(issued.user.id)).toHaveLength(1);
  });

  it('fails with auth_expired and marks the connection needs_reauth when the refresh is refused', async () => {
    const { issued, connection } = await account();
    await sandbox().revoke({ target: 'x', token: issued.refreshToken! });
    const task = await create(client, threadTask(connection.id, `doomed ${randomUUID()}`));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'failed', lastError: { code: 'auth_expired' } });
    expect((await client.get(`/connections/${connection.id}`)).body.status).toBe('needs_reauth');
  });
});

describe('twitter-thread validation', () => {
  it('refuses a thread longer than config.maxPosts at create time, naming the template', async () => {
    const { connection } = await account();
    const res = await client.post('/tasks', threadTask(connection.id, article(), { maxPosts: 2 }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'template', message: expect.stringContaining('config.maxPosts is 2') }]);
  });

  it('refuses empty text at create time', async () => {
    const { connection } = await account();
    const res = await client.post('/tasks', threadTask(connection.id, '   '));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'template', message: expect.stringContaining('empty') });
  });

  it('previews the split posts with validation', async () => {
    const { connection } = await account();
    const res = await client.post('/preview', { kind: 'twitter-thread', connectionId: connection.id, input: { text: article() }, template: '{{ input.text }}' });
    expect(res.status).toBe(200);
    expect(res.body.validation).toEqual({ ok: true, errors: [] });
    expect(res.body.payload.posts.length).toBeGreaterThan(5);
  });
});
