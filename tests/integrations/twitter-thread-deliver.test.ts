import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedTargets } from '@/lib/allowed-targets';
import { oauthProvider } from '@/lib/credentials/providers';
import { refreshAtProvider } from '@/lib/credentials/token-endpoint';
import { DeliveryError, type DeliveryContext, type RequestRecord } from '@/lib/integrations/types';
import { sandboxClient } from '@/lib/sandbox/client';
import { deliverThread } from '@/lib/integrations/twitter-thread/deliver';
import { twitterThreadConfigSchema, type ThreadProgress, type XSecret } from '@/lib/integrations/twitter-thread/schema';

// Runs against the sandbox the global setup started (OUTPOST_X_API_BASE points at it).
const sandbox = () => sandboxClient(process.env.OUTPOST_TEST_SANDBOX_URL!);
const config = twitterThreadConfigSchema.parse({ timeoutMs: 2000 });

afterEach(async () => {
  await sandbox().clearFaults();
});

type Store = { secret: XSecret; writes: number };

/**
 * The delivery context, with the connection row in memory: refreshSecret spends the stored refresh
 * token at the sandbox's token endpoint, as lib/credentials does for the engine.
 */
function fakeCtx(progress: ThreadProgress | null = null, store?: Store) {
  const records: RequestRecord[] = [];
  const saved: ThreadProgress[] = [];
  const refreshes: XSecret[] = [];
  const ctx: DeliveryContext<ThreadProgress> = {
    taskId: randomUUID(),
    attempt: 1,
    progress,
    saveProgress: async (p) => {
      saved.push(structuredClone(p));
    },
    refreshSecret: async <S,>(rejected: S) => {
      refreshes.push(rejected as XSecret);
      if (!store?.secret.refreshToken) throw new DeliveryError({ type: 'auth_expired', reason: 'no refresh token' });
      const fresh = await refreshAtProvider(oauthProvider('x'), store.secret.refreshToken, { allowedTargets: allowedTargets(), record: (r) => records.push(r) });
      store.secret = { ...store.secret, ...fresh };
      store.writes++;
      return store.secret as S;
    },
    record: (r) => records.push(r),
    allowedTargets: allowedTargets(),
    signal: new AbortController().signal,
  };
  return { ctx, records, saved, refreshes };
}

async function account(opts: { expired?: boolean; expiresIn?: number } = {}) {
  const username = `u${randomUUID().slice(0, 8)}`;
  const issued = await sandbox().issueXTokens({ username, ...opts });
  const secret: XSecret = { accessToken: issued.accessToken, refreshToken: issued.refreshToken!, expiresAt: issued.expiresAt };
  const store: Store = { secret, writes: 0 };
  const auth = { secret, connection: { id: randomUUID(), label: 'x', metadata: { username } } };
  return { issued, store, auth, username };
}

const posts = (n: number) => Array.from({ length: n }, (_, i) => `post ${i + 1} ${randomUUID().slice(0, 6)} ${i + 1}/${n}`);
const tweetsOf = async (userId: string) => (await sandbox().state()).x.tweets.filter((t) => t.authorId === userId);

describe('deliverThread', () => {
  it('posts the first tweet, then each as a reply to the previous, saving ids one by one', async () => {
    const { issued, auth, username } = await account();
    const { ctx, saved } = fakeCtx();
    const thread = posts(3);
    const result = await deliverThread({ text: '', posts: thread }, auth, ctx, config);
    const tweets = await tweetsOf(issued.user.id);
    expect(tweets.map((t) => t.text)).toEqual(thread);
    expect(tweets[1]!.inReplyToTweetId).toBe(tweets[0]!.id);
    expect(tweets[2]!.inReplyToTweetId).toBe(tweets[1]!.id);
    // Each post is marked in doubt before it is sent, and settled with its id after.
    expect(saved.map((p) => [p.tweetIds.length, p.inDoubt?.index ?? null])).toEqual([[0, 0], [1, null], [1, 1], [2, null], [2, 2], [3, null]]);
    expect(result).toMatchObject({ externalId: tweets[0]!.id, url: `https://x.com/${username}/status/${tweets[0]!.id}`, tweetIds: tweets.map((t) => t.id) });
  });

  it('a 5xx at post 3 is retryable and leaves the ids of posts 1–2 saved', async () => {
    const { issued, auth } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', method: 'POST', after: 2, type: 'server_error' });
    const { ctx, saved } = fakeCtx();
    const error = await deliverThread({ text: '', posts: posts(4) }, auth, ctx, config).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.classification).toMatchObject({ type: 'retryable', reason: expect.stringContaining('post 3 of 4') });
    expect(saved.at(-1)!.tweetIds).toHaveLength(2);
    expect(await tweetsOf(issued.user.id)).toHaveLength(2);
  });

  it('resumes from saved progress with the saved posts, posting only the rest', async () => {
    const { issued, auth } = await account();
    const thread = posts(4);
    const first = fakeCtx();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', method: 'POST', after: 2, type: 'server_error' });
    await deliverThread({ text: '', posts: thread }, auth, first.ctx, config).catch(() => {});
    const retry = fakeCtx(first.saved.at(-1)!);
    // A different re-render must not change what is left to post.
    const result = await deliverThread({ text: '', posts: ['changed'] }, auth, retry.ctx, config);
    const tweets = await tweetsOf(issued.user.id);
    expect(tweets.map((t) => t.text)).toEqual(thread);
    expect(tweets[2]!.inReplyToTweetId).toBe(tweets[1]!.id);
    expect(result.tweetIds).toEqual(tweets.map((t) => t.id));
    expect(retry.records.filter((r) => r.url.endsWith('/2/tweets'))).toHaveLength(2);
  });

  it('429 is rate limited until x-rate-limit-reset', async () => {
    const { auth } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', type: 'rate_limit', retryAfterSeconds: 90 });
    const error = await deliverThread({ text: '', posts: posts(2) }, auth, fakeCtx().ctx, config).catch((e) => e);
    expect(error.classification.type).toBe('rate_limited');
    expect(error.classification.retryAfterMs).toBeGreaterThan(80_000);
  });

  it('403 duplicate content is permanent', async () => {
    const { auth } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', type: 'duplicate' });
    const error = await deliverThread({ text: '', posts: posts(1) }, auth, fakeCtx().ctx, config).catch((e) => e);
    expect(error.classification).toMatchObject({ type: 'permanent', reason: expect.stringContaining('duplicate') });
  });

  it('after a 401, asks the context once for fresh credentials and posts with them', async () => {
    const { issued, auth, store } = await account();
    await sandbox().revoke({ target: 'x', token: issued.accessToken });
    const { ctx, records, refreshes } = fakeCtx(null, store);
    await deliverThread({ text: '', posts: posts(2) }, auth, ctx, config);
    expect(refreshes.map((r) => r.accessToken)).toEqual([issued.accessToken]);
    expect(store.secret.refreshToken).not.toBe(issued.refreshToken);
    expect(records.filter((r) => r.url.includes('/oauth2/token'))).toHaveLength(1);
    expect(JSON.stringify(records)).not.toContain(store.secret.accessToken);
    expect(await tweetsOf(issued.user.id)).toHaveLength(2);
  });

  it('a second 401 after the refresh is auth_expired, without another refresh', async () => {
    const { issued, auth, store } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', type: 'auth_revoked', times: 2 });
    const { ctx, refreshes } = fakeCtx(null, store);
    const error = await deliverThread({ text: '', posts: posts(1) }, auth, ctx, config).catch((e) => e);
    expect(error.classification.type).toBe('auth_expired');
    expect(refreshes).toHaveLength(1);
    expect(await tweetsOf(issued.user.id)).toHaveLength(0);
  });

  it('a refresh the context refuses ends the delivery with its classification', async () => {
    const { issued, auth } = await account();
    await sandbox().revoke({ target: 'x', token: issued.accessToken });
    const noRefresh: Store = { secret: { accessToken: issued.accessToken }, writes: 0 };
    const error = await deliverThread({ text: '', posts: posts(1) }, { ...auth, secret: noRefresh.secret }, fakeCtx(null, noRefresh).ctx, config).catch((e) => e);
    expect(error.classification.type).toBe('auth_expired');
  });
});
