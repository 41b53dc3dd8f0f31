import { describe, expect, it } from 'vitest';
import { postJson, useSandbox } from './use-sandbox';

const sandbox = useSandbox();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function post(token: string, text: string, replyTo?: string): Promise<string> {
  const response = await postJson(`${sandbox.url}/x/2/tweets`, { text, ...(replyTo ? { reply: { in_reply_to_tweet_id: replyTo } } : {}) }, bearer(token));
  expect(response.status).toBe(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

async function timeline(token: string, userId: string, query: Record<string, string> = {}) {
  const response = await fetch(`${sandbox.url}/x/2/users/${userId}/tweets?${new URLSearchParams(query)}`, { headers: bearer(token) });
  return { status: response.status, body: (await response.json()) as any };
}

describe('sandbox X: GET /2/users/:id/tweets', () => {
  it('lists the user’s posts newest first with referenced_tweets and meta, after since_id', async () => {
    const { accessToken, user } = await sandbox.control.issueXTokens({ username: 'timeline_a' });
    const first = await post(accessToken, 'one');
    const second = await post(accessToken, 'two', first);
    const third = await post(accessToken, 'three', second);
    const { status, body } = await timeline(accessToken, user.id, { since_id: first, 'tweet.fields': 'referenced_tweets' });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: [
        { id: third, text: 'three', edit_history_tweet_ids: [third], referenced_tweets: [{ type: 'replied_to', id: second }] },
        { id: second, text: 'two', edit_history_tweet_ids: [second], referenced_tweets: [{ type: 'replied_to', id: first }] },
      ],
      meta: { result_count: 2, newest_id: third, oldest_id: second },
    });
  });

  it('answers result_count 0 without data when nothing is newer, and leaves out other users’ posts', async () => {
    const a = await sandbox.control.issueXTokens({ username: 'timeline_b' });
    const b = await sandbox.control.issueXTokens({ username: 'timeline_c' });
    const mine = await post(a.accessToken, 'mine');
    await post(b.accessToken, 'theirs');
    expect((await timeline(a.accessToken, a.user.id, { since_id: mine })).body).toEqual({ meta: { result_count: 0 } });
  });

  it('pages with max_results and next_token, and filters by start_time', async () => {
    const { accessToken, user } = await sandbox.control.issueXTokens({ username: 'timeline_d' });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await post(accessToken, `post ${i}`));
    const page1 = await timeline(accessToken, user.id, { max_results: '5' });
    expect(page1.body.data.map((t: any) => t.id)).toEqual(ids.slice(2).reverse());
    const page2 = await timeline(accessToken, user.id, { max_results: '5', pagination_token: page1.body.meta.next_token });
    expect(page2.body.data.map((t: any) => t.id)).toEqual(ids.slice(0, 2).reverse());
    expect(page2.body.meta.next_token).toBeUndefined();
    const future = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    expect((await timeline(accessToken, user.id, { start_time: future })).body.meta.result_count).toBe(0);
  });

  it('needs a valid token and refuses bad parameters with a 400 problem naming them', async () => {
    const { accessToken, user } = await sandbox.control.issueXTokens({ username: 'timeline_e' });
    expect((await timeline('nope', user.id)).status).toBe(401);
    const bad = await timeline(accessToken, user.id, { max_results: '500' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].parameters).toEqual({ max_results: ['500'] });
  });

  it('keeps a post made under the "create, then never answer" fault: it shows in the timeline', async () => {
    const { accessToken, user } = await sandbox.control.issueXTokens({ username: 'timeline_f' });
    await sandbox.control.fault({ target: 'x', path: '/x/2/tweets', type: 'hang_after_create' });
    await expect(postJson(`${sandbox.url}/x/2/tweets`, { text: 'lost answer' }, bearer(accessToken))).rejects.toThrow();
    const { body } = await timeline(accessToken, user.id);
    expect(body.data).toEqual([expect.objectContaining({ text: 'lost answer' })]);
  });
});
