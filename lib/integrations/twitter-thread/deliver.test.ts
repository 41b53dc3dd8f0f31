import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedTargets } from '@/lib/allowed-targets';
import { DeliveryError, type DeliveryContext, type RequestRecord } from '@/lib/integrations/types';
import { sandboxClient } from '@/lib/sandbox/client';
import { deliverThread } from './deliver';
import type { RefreshLock } from './refresh-lock';
import { twitterThreadConfigSchema, type ThreadProgress, type XSecret } from './schema';

// Runs against the sandbox the global setup started (OUTPOST_X_API_BASE points at it).
const sandbox = () => sandboxClient(process.env.OUTPOST_TEST_SANDBOX_URL!);
const config = twitterThreadConfigSchema.parse({ timeoutMs: 2000 });

afterEach(async () => {
  await sandbox().clearFaults();
});

/** The connection row, in memory: one refresh at a time, like the Postgres row lock. */
function memoryLock(store: { secret: XSecret; writes: number }): RefreshLock {
  let chain: Promise<unknown> = Promise.resolve();
  return (_id, decide) => {
    const run = chain.then(async () => {
      const decision = await decide(store.secret);
      if (decision.changed) {
        store.secret = decision.secret;
        store.writes++;
      }
      return decision.secret;
    });
    chain = run.catch(() => {});
    return run;
  };
}

function fakeCtx(progress: ThreadProgress | null = null) {
  const records: RequestRecord[] = [];
  const saved: ThreadProgress[] = [];
  const ctx: DeliveryContext<ThreadProgress> = {
    taskId: randomUUID(),
    attempt: 1,
    progress,
    saveProgress: async (p) => {
      saved.push(structuredClone(p));
    },
    updateSecret: async () => {},
    record: (r) => records.push(r),
    allowedTargets: allowedTargets(),
    signal: new AbortController().signal,
  };
  return { ctx, records, saved };
}

async function account(opts: { expired?: boolean; expiresIn?: number } = {}) {
  const username = `u${randomUUID().slice(0, 8)}`;
  const issued = await sandbox().issueXTokens({ username, ...opts });
  const secret: XSecret = { accessToken: issued.accessToken, refreshToken: issued.refreshToken!, expiresAt: issued.expiresAt };
  const store = { secret, writes: 0 };
  const auth = { secret, connection: { id: randomUUID(), label: 'x', metadata: { username } } };
  return { issued, store, auth, lock: memoryLock(store), username };
}

const posts = (n: number) => Array.from({ length: n }, (_, i) => `post ${i + 1} ${randomUUID().slice(0, 6)} ${i + 1}/${n}`);
const tweetsOf = async (userId: string) => (await sandbox().state()).x.tweets.filter((t) => t.authorId === userId);

describe('deliverThread', () => {
  it('posts the first tweet, then each as a reply to the previous, saving ids one by one', async () => {
    const { issued, auth, lock, username } = await account();
    const { ctx, saved } = fakeCtx();
    const thread = posts(3);
    const result = await deliverThread({ text: '', posts: thread }, auth, ctx, config, { lock });
    const tweets = await tweetsOf(issued.user.id);
    expect(tweets.map((t) => t.text)).toEqual(thread);
    expect(tweets[1]!.inReplyToTweetId).toBe(tweets[0]!.id);
    expect(tweets[2]!.inReplyToTweetId).toBe(tweets[1]!.id);
    expect(saved.map((p) => p.tweetIds.length)).toEqual([1, 2, 3]);
    expect(result).toMatchObject({ externalId: tweets[0]!.id, url: `https://x.com/${username}/status/${tweets[0]!.id}`, tweetIds: tweets.map((t) => t.id) });
  });

  it('a 5xx at post 3 is retryable and leaves the ids of posts 1–2 saved', async () => {
    const { issued, auth, lock } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', method: 'POST', after: 2, type: 'server_error' });
    const { ctx, saved } = fakeCtx();
    const error = await deliverThread({ text: '', posts: posts(4) }, auth, ctx, config, { lock }).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.classification).toMatchObject({ type: 'retryable', reason: expect.stringContaining('post 3 of 4') });
    expect(saved.at(-1)!.tweetIds).toHaveLength(2);
    expect(await tweetsOf(issued.user.id)).toHaveLength(2);
  });

  it('resumes from saved progress with the saved posts, posting only the rest', async () => {
    const { issued, auth, lock } = await account();
    const thread = posts(4);
    const first = fakeCtx();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', method: 'POST', after: 2, type: 'server_error' });
    await deliverThread({ text: '', posts: thread }, auth, first.ctx, config, { lock }).catch(() => {});
    const retry = fakeCtx(first.saved.at(-1)!);
    // A different re-render must not change what is left to post.
    const result = await deliverThread({ text: '', posts: ['changed'] }, auth, retry.ctx, config, { lock });
    const tweets = await tweetsOf(issued.user.id);
    expect(tweets.map((t) => t.text)).toEqual(thread);
    expect(tweets[2]!.inReplyToTweetId).toBe(tweets[1]!.id);
    expect(result.tweetIds).toEqual(tweets.map((t) => t.id));
    expect(retry.records.filter((r) => r.url.endsWith('/2/tweets'))).toHaveLength(2);
  });

  it('429 is rate limited until x-rate-limit-reset', async () => {
    const { auth, lock } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', type: 'rate_limit', retryAfterSeconds: 90 });
    const error = await deliverThread({ text: '', posts: posts(2) }, auth, fakeCtx().ctx, config, { lock }).catch((e) => e);
    expect(error.classification.type).toBe('rate_limited');
    expect(error.classification.retryAfterMs).toBeGreaterThan(80_000);
  });

  it('403 duplicate content is permanent', async () => {
    const { auth, lock } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', type: 'duplicate' });
    const error = await deliverThread({ text: '', posts: posts(1) }, auth, fakeCtx().ctx, config, { lock }).catch((e) => e);
    expect(error.classification).toMatchObject({ type: 'permanent', reason: expect.stringContaining('duplicate') });
  });

  it('refreshes after a 401, stores the rotated pair, and posts', async () => {
    const { issued, auth, lock, store } = await account();
    await sandbox().revoke({ target: 'x', token: issued.accessToken });
    const { ctx, records } = fakeCtx();
    await deliverThread({ text: '', posts: posts(2) }, auth, ctx, config, { lock });
    expect(store.writes).toBe(1);
    expect(store.secret.accessToken).not.toBe(issued.accessToken);
    expect(store.secret.refreshToken).not.toBe(issued.refreshToken);
    expect(records.filter((r) => r.url.includes('/oauth2/token'))).toHaveLength(1);
    expect(JSON.stringify(records)).not.toContain(store.secret.accessToken);
    expect(await tweetsOf(issued.user.id)).toHaveLength(2);
  });

  it('refreshes proactively when expiresAt is past', async () => {
    const { issued, auth, lock, store } = await account({ expired: true });
    const { ctx, records } = fakeCtx();
    await deliverThread({ text: '', posts: posts(1) }, auth, ctx, config, { lock });
    expect(store.writes).toBe(1);
    expect(records.map((r) => r.status)).toEqual([200, 201]);
    expect(await tweetsOf(issued.user.id)).toHaveLength(1);
  });

  it('uses a pair another worker stored meanwhile instead of spending the rotated refresh token', async () => {
    const { issued, auth, lock, store } = await account({ expired: true });
    const other = await sandbox().issueXTokens({ userId: issued.user.id });
    store.secret = { accessToken: other.accessToken, refreshToken: other.refreshToken!, expiresAt: other.expiresAt };
    const { ctx, records } = fakeCtx();
    await deliverThread({ text: '', posts: posts(1) }, auth, ctx, config, { lock });
    expect(records.some((r) => r.url.includes('/oauth2/token'))).toBe(false);
    expect(store.writes).toBe(0);
  });

  it('a 401 without a refresh token is auth_expired', async () => {
    const { issued, auth, lock } = await account();
    await sandbox().revoke({ target: 'x', token: issued.accessToken });
    const noRefresh = { ...auth, secret: { accessToken: issued.accessToken } };
    const error = await deliverThread({ text: '', posts: posts(1) }, noRefresh, fakeCtx().ctx, config, { lock }).catch((e) => e);
    expect(error.classification.type).toBe('auth_expired');
  });

  it('a refused refresh is auth_expired', async () => {
    const { issued, auth, lock, store } = await account({ expired: true });
    await sandbox().revoke({ target: 'x', token: issued.refreshToken! });
    const error = await deliverThread({ text: '', posts: posts(1) }, auth, fakeCtx().ctx, config, { lock }).catch((e) => e);
    expect(error.classification.type).toBe('auth_expired');
    expect(store.writes).toBe(0);
  });
});
