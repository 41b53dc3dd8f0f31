import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { approveTask } from '@/lib/tasks';
import { newClient, sandbox, waitForStatus, type Client } from '../engine/helpers';
import { startReceiver } from '../hostile/receiver';
import { waitFor } from '../support/processes';

// Approval (DESIGN §3.4) through the API and the engine; the person's side in Chromium is
// e2e/approval.spec.ts (approve needs a signed-in session).

let client: Client;
let userId: string;
let xUserId: string;
let connectionId: string;
beforeAll(async () => {
  ({ client, userId } = await newClient());
  const issued = await sandbox().issueXTokens({ username: `ok_${randomUUID().slice(0, 8)}` });
  xUserId = issued.user.id;
  const res = await client.post('/connections', { kind: 'twitter-thread', label: 'X', secret: { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt } });
  connectionId = res.body.id;
});

const paragraph = (n: number, tag: string) =>
  `Paragraph ${n} (${tag}) is long enough to be a post of its own: two of them together are longer than the 280 weighted characters X allows in one post, so each stays alone.`;
const thread = (extra: Record<string, unknown> = {}) => {
  const tag = randomUUID().slice(0, 8);
  return { kind: 'twitter-thread', connectionId, template: '{{ input.text }}', input: { text: [1, 2, 3].map((n) => paragraph(n, tag)).join('\n\n') }, ...extra };
};
const tweets = async () => (await sandbox().state()).x.tweets.filter((t) => t.authorId === xUserId);

async function awaiting(body: unknown): Promise<any> {
  const res = await client.post('/tasks', body);
  expect(res.status).toBe(201);
  return waitForStatus(client, res.body.id, ['awaiting_approval']);
}

describe('approval', () => {
  it('holds the rendered payload in awaiting_approval; nothing is posted; the attempt is given back', async () => {
    const task = await awaiting(thread({ approval: 'required' }));
    expect(task).toMatchObject({ approval: 'required', attempts: 0, approvalPayload: { posts: expect.any(Array) } });
    expect(task.approvalPayload.posts).toHaveLength(3);
    expect(Date.parse(task.approvalExpiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(await tweets()).toEqual([]);
    expect((await client.get(`/tasks?status=awaiting_approval`)).body.data.map((t: any) => t.id)).toContain(task.id);
  });

  it('an API key cannot approve or reject: 403 saying a person must', async () => {
    const task = await awaiting(thread({ approval: 'required' }));
    for (const action of ['approve', 'reject']) {
      const res = await client.post(`/tasks/${task.id}/${action}`, { reason: 'x' });
      expect(res.status, action).toBe(403);
      expect(res.body.error).toEqual({ code: 'forbidden', message: expect.stringMatching(/^A person must approve or reject this task/) });
    }
    expect((await client.get(`/tasks/${task.id}`)).body.status).toBe('awaiting_approval');
  });

  it('an edit is re-validated against the provider limits and must keep the payload shape, naming the field', async () => {
    const task = await awaiting(thread({ approval: 'required' }));
    const posts = [...task.approvalPayload.posts];
    const tooLong = { ...task.approvalPayload, posts: [posts[0], 'x'.repeat(300), posts[2]] };
    const error = await approveTask(userId, task.id, { payload: tooLong }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.details).toEqual([{ path: 'payload.posts[1]', message: expect.stringContaining('exceeds 280') }]);
    const misshapen = await approveTask(userId, task.id, { payload: { ...task.approvalPayload, posts: 'one post' } }).catch((e) => e);
    expect(misshapen.details).toEqual([{ path: 'payload.posts', message: expect.stringContaining('must be an array') }]);
    // A valid edit goes out exactly as approved.
    const edited = { ...task.approvalPayload, posts: [posts[0], 'Edited by a person 2/3', posts[2]] };
    expect((await approveTask(userId, task.id, { payload: edited })).status).toBe('queued');
    expect((await waitForStatus(client, task.id)).status).toBe('succeeded');
    expect((await tweets()).slice(-3).map((t) => t.text)).toEqual(edited.posts);
  });

  it("another user's task is not found, and one not awaiting approval is a 409", async () => {
    const task = await awaiting(thread({ approval: 'required' }));
    const { userId: other } = await newClient();
    expect(await approveTask(other, task.id, {}).catch((e) => e.code)).toBe('not_found');
    const plain = await client.post('/tasks', thread({ runAt: new Date(Date.now() + 3600_000).toISOString() }));
    expect(await approveTask(userId, plain.body.id, {}).catch((e) => e.code)).toBe('conflict');
  });

  it('a connection with requireApproval holds its tasks unless a task says approval "none"', async () => {
    const issued = await sandbox().issueXTokens({ username: `rq_${randomUUID().slice(0, 8)}` });
    const res = await client.post('/connections', { kind: 'twitter-thread', label: 'Held', requireApproval: true, secret: { accessToken: issued.accessToken } });
    expect(res.status).toBe(201);
    const held = await awaiting({ ...thread(), connectionId: res.body.id });
    expect(held.approval).toBe('required');
    const free = await client.post('/tasks', { ...thread({ approval: 'none' }), connectionId: res.body.id });
    expect((await waitForStatus(client, free.body.id)).status).toBe('succeeded');
  });

  it('a template with requireApproval holds the tasks made from it; PATCH turns it off for the next version', async () => {
    const template = await client.post('/templates', { name: 'Held thread', kind: 'twitter-thread', body: '{{ input.text }}', sampleInput: { text: 'hello' }, requireApproval: true });
    expect(template.status).toBe(201);
    expect(template.body.requireApproval).toBe(true);
    const { template: _inline, ...viaTemplate } = thread();
    const held = await awaiting({ ...viaTemplate, templateId: template.body.id });
    expect(held.approval).toBe('required');
    const patched = await client.patch(`/templates/${template.body.id}`, { requireApproval: false });
    expect(patched.body).toMatchObject({ version: 2, requireApproval: false });
    const free = await client.post('/tasks', { ...viaTemplate, templateId: template.body.id });
    expect((await waitForStatus(client, free.body.id)).status).toBe('succeeded');
  });

  it('unanswered by approvalExpiresAt it ends skipped (approval_expired); cancelling one works like any task', async () => {
    const res = await client.post('/tasks', thread({ approval: 'required', approvalExpiresAt: new Date(Date.now() + 3000).toISOString() }));
    const done = await waitForStatus(client, res.body.id, ['skipped', 'succeeded', 'failed', 'cancelled'], 30_000);
    expect(done).toMatchObject({ status: 'skipped', lastError: { code: 'approval_expired' } });
    const other = await awaiting(thread({ approval: 'required' }));
    expect((await client.post(`/tasks/${other.id}/cancel`)).body.status).toBe('cancelled');
  });
});

describe('approval events', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver(1, () => ({ status: 200 }));
  });
  afterAll(() => receiver?.close());

  it('task.awaiting_approval reaches an endpoint with a single-use link to the review page', async () => {
    const path = `/approvals/${randomUUID()}`;
    const ep = await client.post('/event-endpoints', { url: `${receiver.url}${path}`, events: ['task.awaiting_approval'] });
    expect(ep.status).toBe(201);
    const task = await awaiting(thread({ approval: 'required' }));
    const req = await waitFor(async () => receiver.received.find((r) => r.url === path), { timeoutMs: 15_000, what: 'the awaiting_approval event' });
    const event = new Webhook(ep.body.secret).verify(req.body, req.headers as Record<string, string>) as any;
    expect(event).toMatchObject({ type: 'task.awaiting_approval', data: { task: { id: task.id, status: 'awaiting_approval', approvalPayload: task.approvalPayload } } });
    expect(event.data.approvalUrl).toMatch(new RegExp(`^${process.env.AUTH_URL}/approvals/open\\?token=[\\w-]{43}$`));
  });
});
