import { randomUUID } from 'node:crypto';
import { sandboxClient } from '@/lib/sandbox/client';
import { expect, signUp, test } from './fixtures';
import { startReceiver } from '../tests/hostile/receiver';
import { apiClient, createApiKey, sandboxUrl } from './helpers';

type Task = { id: string; status: string; approvalPayload: { posts: string[] } | null; lastError: { code: string; message: string } | null };

test('[APPROVAL]: an agent’s X thread waits for a person, who edits post 2 and approves; the sandbox gets exactly that; reject cancels, expiry skips, an API key gets 403', async ({ page, appUrl }) => {
  test.setTimeout(150_000);
  await signUp(page);
  const api = apiClient(appUrl, await createApiKey(page));
  const sandbox = sandboxClient(sandboxUrl());
  const issued = await sandbox.issueXTokens({ username: `ap_${randomUUID().slice(0, 8)}` });
  const connection = await api<{ id: string }>('POST', '/connections', { kind: 'twitter-thread', label: 'X', secret: { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt } });
  expect(connection.status).toBe(201);
  const tag = randomUUID().slice(0, 8);
  const text = [
    `First paragraph of the agent's thread (${tag}), long enough to be a post of its own once the text is split into posts for X, since two of them together are longer than 280 characters.`,
    `Second paragraph (${tag}): the agent wrote something here that the person wants to say differently before anything at all is posted publicly in their name on their account.`,
    `Third paragraph (${tag}): closing words, a thank-you to everyone who helped, and a pointer for everyone who wants to read more about the release and what comes next.`,
  ].join('\n\n');
  const thread = (input: string, extra: Record<string, unknown> = {}) =>
    api<Task>('POST', '/tasks', { kind: 'twitter-thread', connectionId: connection.body.id, template: '{{ input.text }}', input: { text: input }, approval: 'required', ...extra });
  const awaiting = async (id: string) => {
    await expect.poll(async () => (await api<Task>('GET', `/tasks/${id}`)).body.status, { timeout: 30_000 }).toBe('awaiting_approval');
    return (await api<Task>('GET', `/tasks/${id}`)).body;
  };

  // The agent's own endpoint is told when a task waits, with a single-use link for the person.
  const receiver = await startReceiver(0, () => ({ status: 200 }));
  const hook = await api('POST', '/event-endpoints', { url: `${receiver.url}/approvals`, events: ['task.awaiting_approval'] });
  expect(hook.status).toBe(201);

  const created = await thread(text);
  expect(created.status).toBe(201);
  const held = await awaiting(created.body.id);
  await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
  const approvalUrl: string = JSON.parse(receiver.received[0]!.body).data.approvalUrl;
  await receiver.close();
  await page.goto(approvalUrl);
  await expect(page).toHaveURL(new RegExp(`/tasks/${created.body.id}$`));
  await expect(page.getByRole('heading', { name: 'Waiting for your approval' })).toBeVisible();
  await page.goto(approvalUrl);
  await expect(page.getByTestId('approval-link-problem')).toHaveText(/used already/);
  const posts = held.approvalPayload!.posts;
  expect(posts.length).toBe(3);

  // An API key cannot approve: a person must.
  const byKey = await api<{ error: { message: string } }>('POST', `/tasks/${created.body.id}/approve`);
  expect(byKey.status).toBe(403);
  expect(byKey.body.error.message).toMatch(/A person must approve/);

  await page.goto('/approvals');
  await expect(page.getByRole('link', { name: 'Approvals (1)' }).first()).toBeAttached();
  const review = page.getByTestId('approval');
  await expect(review).toHaveCount(1);
  await expect(review.getByTestId('preview-post')).toHaveCount(3);
  await expect(review.getByTestId('preview-post').nth(1)).toContainText(posts[1]!);
  const edited = `Post two, as the person wants it said (${tag}) 2/3`;
  await review.getByRole('button', { name: 'Edit' }).click();
  await review.getByLabel('Post 2').fill(edited);
  await expect(review.getByTestId('preview-post').nth(1)).toContainText(edited);
  await review.getByRole('button', { name: 'Approve edited' }).click();
  await expect(page.getByTestId('approvals-empty')).toBeVisible({ timeout: 15_000 });

  await expect.poll(async () => (await api<Task>('GET', `/tasks/${created.body.id}`)).body.status, { timeout: 30_000 }).toBe('succeeded');
  const tweets = (await sandbox.state()).x.tweets.filter((t) => t.authorId === issued.user.id);
  expect(tweets.map((t) => t.text)).toEqual([posts[0], edited, posts[2]]);

  // Rejected with a reason, on the task page: cancelled, the reason kept.
  const rejected = await thread(`Something the person will not let out (${tag}).`);
  await awaiting(rejected.body.id);
  await page.goto(`/tasks/${rejected.body.id}`);
  await expect(page.getByTestId('preview-post')).toHaveCount(1);
  await page.getByPlaceholder('Reason for rejecting').fill('Not our tone');
  await page.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByTestId('task-status')).toHaveText('cancelled', { timeout: 15_000 });
  expect((await api<Task>('GET', `/tasks/${rejected.body.id}`)).body.lastError).toEqual({ code: 'rejected', message: 'Not our tone' });

  // Unanswered until it expires: skipped.
  const expiring = await thread(`Nobody will answer this one (${tag}).`, { approvalExpiresAt: new Date(Date.now() + 4000).toISOString() });
  await expect
    .poll(async () => (await api<Task>('GET', `/tasks/${expiring.body.id}`)).body, { timeout: 30_000 })
    .toMatchObject({ status: 'skipped', lastError: { code: 'approval_expired' } });
  expect((await sandbox.state()).x.tweets.filter((t) => t.authorId === issued.user.id)).toHaveLength(3);
});
