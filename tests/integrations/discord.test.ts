import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxDiscordWebhookUrl } from '@/lib/sandbox/urls';
import { create, newClient, sandbox, waitForStatus, type Client } from '../engine/helpers';
import { sandboxUrl } from '../support/app';

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});

/** A webhook of its own per test (its id keys sandbox faults, requests and messages). */
function webhook() {
  const id = `${Date.now()}${randomInt(100_000, 1_000_000)}`;
  const url = sandboxDiscordWebhookUrl(sandboxUrl(), { id, token: `tok-${randomInt(1e9, 2 ** 47)}` });
  return { url, id, path: `/discord/api/webhooks/${id}` };
}

async function connect(url: string): Promise<string> {
  const res = await client.post('/connections', { kind: 'discord-webhook', label: 'Discord test', secret: { webhookUrl: url } });
  if (res.status !== 201) throw new Error(`POST /connections → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const discordTask = (connectionId: string, extra: Record<string, unknown> = {}) => ({
  kind: 'discord-webhook',
  connectionId,
  input: { summary: 'Nightly run finished @everyone' },
  template: '{{ input.summary }}',
  ...extra,
});

/** Six embeds, the first with a 5,000-character description (limit 4096), rendered as a JSON message. */
const oversizedEmbeds = {
  input: { long: 'x'.repeat(5000) },
  template: '{"embeds": [{"description": {{ input.long | json }}}, {"description": "2"}, {"description": "3"}, {"description": "4"}, {"description": "5"}, {"description": "6"}]}',
};

describe('discord-webhook connections', () => {
  it('verifies the webhook with Discord on save and keeps its channel, never its token', async () => {
    const hook = webhook();
    const res = await client.post('/connections', { kind: 'discord-webhook', label: 'Discord', secret: { webhookUrl: hook.url } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'active', hint: expect.stringMatching(new RegExp(`^…/${hook.id}/…..$`)), metadata: { webhookId: hook.id, channelId: expect.any(String), verified: 'api' } });
    expect(JSON.stringify(res.body)).not.toContain(hook.url.split('/').at(-1));
  });

  it('refuses a URL outside the configured Discord base with a 400 naming secret.webhookUrl', async () => {
    const res = await client.post('/connections', { kind: 'discord-webhook', label: 'Bad', secret: { webhookUrl: 'https://example.com/api/webhooks/1/secrettoken99' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'secret.webhookUrl', message: expect.stringContaining('/discord/api/webhooks/') }]);
    expect(JSON.stringify(res.body)).not.toContain('secrettoken99');
  });

  it('refuses a deleted webhook on save', async () => {
    const hook = webhook();
    await sandbox().revoke({ target: 'discord', url: hook.url });
    const res = await client.post('/connections', { kind: 'discord-webhook', label: 'Gone', secret: { webhookUrl: hook.url } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'secret.webhookUrl', message: expect.stringContaining('Unknown Webhook') }]);
  });
});

describe('discord-webhook validation at create and preview', () => {
  it('refuses 6 embeds with a 5,000-character description at POST /tasks, naming the field', async () => {
    const res = await client.post('/tasks', discordTask(await connect(webhook().url), oversizedEmbeds));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'payload.embeds[0].description', message: 'must be at most 4096 characters (has 5000)' }]);
  });

  it('reports the same field from POST /preview without delivering', async () => {
    const res = await client.post('/preview', { kind: 'discord-webhook', connectionId: await connect(webhook().url), ...oversizedEmbeds });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.validation).toEqual({ ok: false, errors: [{ path: 'payload.embeds[0].description', message: 'must be at most 4096 characters (has 5000)' }] });
    expect(res.body.payload.embeds).toHaveLength(6);
    expect(res.body.wouldRun).toBe(false);
  });

  it('refuses embeds over 6000 characters in all, naming payload.embeds', async () => {
    const template = '{"embeds": [{"description": {{ input.a | json }}}, {"description": {{ input.a | json }}}]}';
    const res = await client.post('/tasks', discordTask(await connect(webhook().url), { template, input: { a: 'a'.repeat(3001) } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'payload.embeds', message: expect.stringContaining('6000') }]);
  });
});

describe('discord-webhook delivery through the worker', () => {
  it('delivers with allowed_mentions.parse empty and returns the message and channel ids', async () => {
    const hook = webhook();
    const task = await create(client, discordTask(await connect(hook.url), { config: { username: 'Outpost Agent' } }));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    const message = (await sandbox().state()).discord.messages.find((m) => m.webhookId === hook.id);
    expect(message).toMatchObject({ content: 'Nightly run finished @everyone', username: 'Outpost Agent', allowedMentions: { parse: [] } });
    expect(done.result).toMatchObject({ externalId: message!.id, channelId: message!.channelId });
  });

  it('sends the template as the embed description when config.embed is set', async () => {
    const hook = webhook();
    const task = await create(client, discordTask(await connect(hook.url), { config: { embed: { title: 'Report', color: 3355647 } } }));
    expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded' });
    const message = (await sandbox().state()).discord.messages.find((m) => m.webhookId === hook.id);
    expect(message?.embeds).toEqual([{ title: 'Report', color: 3355647, description: 'Nightly run finished @everyone' }]);
  });

  it('honours retry_after 0.5 on 429 without spending an attempt', async () => {
    const hook = webhook();
    const connectionId = await connect(hook.url);
    await sandbox().fault({ target: 'discord', method: 'POST', path: hook.path, type: 'rate_limit', retryAfterSeconds: 0.5, times: 1 });
    const task = await create(client, discordTask(connectionId));
    const done = await waitForStatus(client, task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    const requests = await sandbox().requests({ target: 'discord', method: 'POST', path: hook.path });
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Date.parse(requests[1]!.at) - Date.parse(requests[0]!.at)).toBeGreaterThanOrEqual(500);
    const attempts = (await client.get(`/tasks/${task.id}/attempts`)).body.data;
    expect(attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['rate_limited', 'succeeded']);
    // The body's 0.5 s, not the Retry-After header's whole second.
    expect(attempts[0]).toMatchObject({ httpStatus: 429, retryAfterMs: 500 });
  });

  it('fails on 404 Unknown Webhook (10015) and marks the connection broken', async () => {
    const hook = webhook();
    const connectionId = await connect(hook.url);
    await sandbox().revoke({ target: 'discord', url: hook.url });
    const done = await waitForStatus(client, (await create(client, discordTask(connectionId))).id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, lastError: { code: 'permanent', message: expect.stringContaining('Unknown Webhook (10015)') } });
    expect((await client.get(`/connections/${connectionId}`)).body).toMatchObject({ status: 'broken' });
  });

  it('fails on 401 Invalid Webhook Token and marks the connection broken', async () => {
    const hook = webhook();
    const connectionId = await connect(hook.url);
    await sandbox().fault({ target: 'discord', method: 'POST', path: hook.path, type: 'auth_revoked', times: 1 });
    const done = await waitForStatus(client, (await create(client, discordTask(connectionId))).id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await client.get(`/connections/${connectionId}`)).body).toMatchObject({ status: 'broken' });
  });
});
