import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxExamplesFor, sandboxSlackWebhookUrl } from '@/lib/sandbox/urls';
import { create, newClient, sandbox, waitForStatus, type Client } from '../engine/helpers';
import { loadSandbox, parseTarget, userNamespace } from '@/app/(app)/sandbox/load-sandbox';
import { createUserWithPassword } from '@/lib/auth/users';
import { appUrl, sandboxUrl } from '../support/app';

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});

/** A webhook of its own per test (its bot id keys sandbox faults, requests and messages). */
function webhook(team = 'T0TEST') {
  const bot = `B${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const url = sandboxSlackWebhookUrl(sandboxUrl(), { team, bot, secret: `s${randomUUID().replace(/-/g, '')}` });
  return { url, bot, path: `/slack/services/${team}/${bot}` };
}

async function connect(url: string): Promise<string> {
  const res = await client.post('/connections', { kind: 'slack-webhook', label: 'Slack test', secret: { webhookUrl: url } });
  if (res.status !== 201) throw new Error(`POST /connections → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const slackTask = (connectionId: string, extra: Record<string, unknown> = {}) => ({
  kind: 'slack-webhook',
  connectionId,
  input: { title: 'Deploy', status: 'done' },
  template: '**{{ input.title }}** is {{ input.status }}',
  ...extra,
});

describe('slack-webhook connections', () => {
  it('stores a sandbox webhook URL with a masked hint', async () => {
    const hook = webhook();
    const res = await client.post('/connections', { kind: 'slack-webhook', label: 'Slack', secret: { webhookUrl: hook.url } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'slack-webhook', status: 'active', hint: expect.stringMatching(new RegExp(`^…/${hook.bot}/…..$`)) });
    expect(JSON.stringify(res.body)).not.toContain(hook.url.split('/').at(-1));
  });

  it('refuses a URL outside the configured Slack base with a 400 naming secret.webhookUrl', async () => {
    const res = await client.post('/connections', { kind: 'slack-webhook', label: 'Bad', secret: { webhookUrl: 'https://example.com/services/T/B/secretvalue123' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'secret.webhookUrl', message: expect.stringContaining('/slack/services/') }]);
    expect(JSON.stringify(res.body)).not.toContain('secretvalue123');
  });
});

describe('slack-webhook delivery through the worker', () => {
  it('posts mrkdwn and succeeds on "ok"', async () => {
    const hook = webhook();
    const task = await create(client, slackTask(await connect(hook.url)));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(done.result.externalId).toMatch(/^slack-/);
    const [request] = await sandbox().requests({ target: 'slack', path: hook.path });
    expect(request).toMatchObject({ status: 200, body: { text: '*Deploy* is done' } });
  });

  it('sends Block Kit blocks with config.format "blocks"', async () => {
    const hook = webhook();
    const template = '[{"type": "section", "text": {"type": "mrkdwn", "text": {{ input.title | json }}}}]';
    const task = await create(client, slackTask(await connect(hook.url), { config: { format: 'blocks' }, template }));
    expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded' });
    const [request] = await sandbox().requests({ target: 'slack', path: hook.path });
    expect(request?.body).toEqual({ text: 'Deploy', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Deploy' } }] });
  });

  it('refuses blocks that are not JSON at POST /tasks, naming the template', async () => {
    const res = await client.post('/tasks', slackTask(await connect(webhook().url), { config: { format: 'blocks' }, template: '[{"type": ' }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'template', message: expect.stringContaining('JSON array of Block Kit blocks') }]);
  });

  it('refuses section text over 3000 characters at POST /tasks, naming the block', async () => {
    const template = '[{"type": "section", "text": {"type": "mrkdwn", "text": "{{ "x" | append: input.long }}"}}]';
    const res = await client.post('/tasks', slackTask(await connect(webhook().url), { config: { format: 'blocks' }, template, input: { long: 'y'.repeat(3000) } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'payload.blocks[0].text.text', message: 'must be at most 3000 characters (has 3001)' }]);
  });

  it('waits for Retry-After on 429 and delivers later without spending an attempt', async () => {
    const hook = webhook();
    const connectionId = await connect(hook.url);
    await sandbox().fault({ target: 'slack', path: hook.path, type: 'rate_limit', retryAfterSeconds: 1, times: 1 });
    const task = await create(client, slackTask(connectionId));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    const requests = await sandbox().requests({ target: 'slack', path: hook.path });
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Date.parse(requests[1]!.at) - Date.parse(requests[0]!.at)).toBeGreaterThanOrEqual(950);
    const attempts = (await client.get(`/tasks/${task.id}/attempts`)).body.data;
    expect(attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['rate_limited', 'succeeded']);
    expect(attempts[0]).toMatchObject({ httpStatus: 429, retryAfterMs: 1000 });
  });

  it('fails on 410 channel_is_archived and marks the connection broken', async () => {
    const hook = webhook();
    const connectionId = await connect(hook.url);
    await sandbox().revoke({ target: 'slack', url: hook.url, archived: true });
    const task = await create(client, slackTask(connectionId));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, lastError: { code: 'permanent', message: expect.stringContaining('channel_is_archived') } });
    const connection = await client.get(`/connections/${connectionId}`);
    expect(connection.body).toMatchObject({ status: 'broken' });
  });

  it('fails on 400 invalid_payload without breaking the connection', async () => {
    const hook = webhook();
    const connectionId = await connect(hook.url);
    await sandbox().fault({ target: 'slack', path: hook.path, type: 'status', status: 400, body: 'invalid_payload', times: 1 });
    const done = await waitForStatus(client, (await create(client, slackTask(connectionId))).id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await client.get(`/connections/${connectionId}`)).body).toMatchObject({ status: 'active' });
  });
});

/** A web session for a new user, through the Auth.js credentials sign-in (JWT cookie). */
async function signedInCookie(): Promise<{ cookie: string; userId: string }> {
  const email = `page-${randomUUID()}@example.test`;
  const password = `pw-${randomUUID()}`;
  const user = await createUserWithPassword({ email, password });
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${appUrl()}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(`${appUrl()}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: '/dashboard' }),
  });
  keep(signIn);
  if (![...jar.keys()].some((name) => name.includes('session-token'))) throw new Error(`sign-in failed: HTTP ${signIn.status}`);
  return { cookie: header(), userId: user.id };
}

describe('the Sandbox page', () => {
  it("lists a Slack delivery to the user's namespace with its redacted path, and the example values", async () => {
    const { cookie, userId } = await signedInCookie();
    const namespace = userNamespace(userId);
    const hook = webhook(namespace);
    const elsewhere = webhook();
    const secret = hook.url.split('/').at(-1)!;
    for (const url of [hook.url, elsewhere.url]) {
      const done = await waitForStatus(client, (await create(client, slackTask(await connect(url)))).id);
      expect(done.status).toBe('succeeded');
    }
    const page = await fetch(`${appUrl()}/sandbox?target=slack`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`/slack/services/${namespace}/${hook.bot}/[REDACTED]`);
    expect(html).not.toContain(elsewhere.bot);
    expect(html).toContain('*Deploy* is done');
    expect(html).toContain('data-testid="sandbox-examples"');
    expect(html).toContain(sandboxExamplesFor(sandboxUrl(), namespace).slackWebhookUrl);
    expect(html).not.toContain(secret);
  });

  it('says the sandbox is off when OUTPOST_SANDBOX_URL is unset, and unreachable when it does not answer', async () => {
    const userId = randomUUID();
    expect(await loadSandbox(undefined, userId, '')).toEqual({ status: 'off' });
    expect(await loadSandbox(undefined, userId, 'http://127.0.0.1:9')).toMatchObject({ status: 'unreachable', url: 'http://127.0.0.1:9' });
  });

  it('reads newest first and filters by a known target only', async () => {
    const view = await loadSandbox(parseTarget('slack'), randomUUID(), sandboxUrl());
    if (view.status !== 'ok') throw new Error(view.status);
    expect(view.requests.every((r) => r.target === 'slack')).toBe(true);
    const times = view.requests.map((r) => Date.parse(r.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(parseTarget('nonsense')).toBeUndefined();
  });

  it('sends a visitor without a session to sign in', async () => {
    const page = await fetch(`${appUrl()}/sandbox`, { redirect: 'manual' });
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(page.status).toBeLessThan(400);
    expect(page.headers.get('location')).toContain('/sign-in');
  });
});
