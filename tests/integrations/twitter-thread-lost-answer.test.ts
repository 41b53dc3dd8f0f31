import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { create, newClient, sandbox, waitForStatus, type Client } from '../engine/helpers';

// A post X made but whose answer never arrived must not be posted again: the retry finds it among
// the user's recent posts (GET /2/users/:id/tweets) and continues the chain from it.

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});
afterEach(async () => {
  await sandbox().clearFaults();
});

/** Eight or more posts, unique per call (X refuses duplicate text). */
function article(): string {
  const tag = randomUUID().slice(0, 8);
  return Array.from(
    { length: 8 },
    (_, i) => `Part ${i + 1} (${tag}): a lost answer must neither double a post nor break the chain, and a retry must find what was made without guessing. See https://example.com/notes/${i} & more.`,
  ).join('\n\n');
}

async function account() {
  const issued = await sandbox().issueXTokens({ username: `lost_${randomUUID().slice(0, 8)}` });
  const res = await client.post('/connections', { kind: 'twitter-thread', label: 'X', secret: { accessToken: issued.accessToken, refreshToken: issued.refreshToken!, expiresAt: issued.expiresAt } });
  if (res.status !== 201) throw new Error(`POST /connections → ${res.status}: ${JSON.stringify(res.body)}`);
  return { userId: issued.user.id, connectionId: res.body.id as string };
}

const threadTask = (connectionId: string, text: string) => ({
  kind: 'twitter-thread',
  connectionId,
  input: { text },
  template: '{{ input.text }}',
  // Short, so a hung answer times out quickly.
  config: { timeoutMs: 1500 },
});

const tweetsOf = async (userId: string) => (await sandbox().state()).x.tweets.filter((t) => t.authorId === userId);

/** Exactly one thread: every post numbered i/n in order, each replying to the one before. */
function expectOneChain(tweets: Array<{ id: string; text: string; inReplyToTweetId?: string }>) {
  const n = tweets.length;
  expect(tweets.map((t) => t.text.split(' ').at(-1))).toEqual(tweets.map((_, i) => `${i + 1}/${n}`));
  tweets.forEach((tweet, i) => expect(tweet.inReplyToTweetId).toBe(i === 0 ? undefined : tweets[i - 1]!.id));
}

const attemptsOf = async (taskId: string) => (await client.get(`/tasks/${taskId}/attempts`)).body.data as any[];
const posts = (attempt: any) => attempt.request.filter((r: any) => r.method === 'POST' && /\/2\/tweets$/.test(r.url));
const lookups = (attempt: any) => attempt.request.filter((r: any) => r.method === 'GET' && /\/2\/users\/\d+\/tweets/.test(r.url));

describe('twitter-thread after a lost answer', () => {
  it('adopts the 4th post X made but never answered for: exactly n posts in one reply chain', async () => {
    const { userId, connectionId } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', method: 'POST', after: 3, type: 'hang_after_create', mode: 'destroy' });
    const task = await create(client, threadTask(connectionId, article()));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });

    const tweets = await tweetsOf(userId);
    expect(tweets.length).toBe(done.result.posts);
    expectOneChain(tweets);
    expect(done.result.tweetIds).toEqual(tweets.map((t) => t.id));

    const [first, second] = await attemptsOf(task.id);
    expect(first.outcome).toBe('retryable');
    expect(posts(first)).toHaveLength(4);
    expect(lookups(second)).toHaveLength(1);
    expect(lookups(second)[0].url).toContain(`since_id=${tweets[2]!.id}`);
    // The retry posts 5..n only: post 4 was found, not sent again.
    expect(posts(second)).toHaveLength(tweets.length - 4);
  });

  it('adopts the first post when its answer hangs, matching its text among posts that reply to nothing', async () => {
    const { userId, connectionId } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', method: 'POST', type: 'hang_after_create', mode: 'hang' });
    const task = await create(client, threadTask(connectionId, article()));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });

    const tweets = await tweetsOf(userId);
    expect(tweets.length).toBe(done.result.posts);
    expectOneChain(tweets);
    const [, second] = await attemptsOf(task.id);
    expect(lookups(second)[0].url).toContain('start_time=');
    expect(posts(second)).toHaveLength(tweets.length - 1);
  });

  it('sends the post again when X never made it (the request hung before reaching it)', async () => {
    const { userId, connectionId } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', method: 'POST', after: 2, type: 'hang' });
    const task = await create(client, threadTask(connectionId, article()));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });

    const tweets = await tweetsOf(userId);
    expectOneChain(tweets);
    const [, second] = await attemptsOf(task.id);
    expect(lookups(second)).toHaveLength(1);
    expect(posts(second)).toHaveLength(tweets.length - 2);
  });

  it('does not look anything up when the answer came (a 503 settles that the post was not made)', async () => {
    const { connectionId } = await account();
    await sandbox().fault({ target: 'x', path: '/x/2/tweets', method: 'POST', after: 1, type: 'server_error', status: 503 });
    const task = await create(client, threadTask(connectionId, article()));
    expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [, second] = await attemptsOf(task.id);
    expect(lookups(second)).toHaveLength(0);
  });
});
