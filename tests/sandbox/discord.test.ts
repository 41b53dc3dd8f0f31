import { describe, expect, it } from 'vitest';
import { postJson, useSandbox } from './use-sandbox';

const sandbox = useSandbox();
const hook = (query = '?wait=true') => `${sandbox.url}/discord/api/webhooks/112233445566778899/tok-en_Secret123${query}`;

async function expectFormError(body: unknown, path: string[], code: string) {
  const response = await postJson(hook(), body);
  expect(response.status).toBe(400);
  const json = (await response.json()) as Record<string, unknown>;
  expect(json).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
  let node = json.errors as Record<string, unknown>;
  for (const segment of path) node = node[segment] as Record<string, unknown>;
  expect(node._errors).toEqual([expect.objectContaining({ code })]);
}

describe('sandbox Discord webhook', () => {
  it('answers ?wait=true with the message object, snowflake id and all', async () => {
    const response = await postJson(hook(), { content: 'hello', allowed_mentions: { parse: [] } });
    expect(response.status).toBe(200);
    const message = (await response.json()) as Record<string, unknown>;
    expect(message).toMatchObject({ content: 'hello', webhook_id: '112233445566778899', embeds: [], type: 0 });
    expect(message.id).toMatch(/^\d{17,20}$/);
    expect(message.channel_id).toMatch(/^\d+$/);
  });

  it('answers 204 without wait and records allowed_mentions', async () => {
    const response = await postJson(hook(''), { content: 'quiet', allowed_mentions: { parse: [] } });
    expect(response.status).toBe(204);
    const { discord } = await sandbox.control.state();
    expect(discord.messages).toMatchObject([{ content: 'quiet', allowedMentions: { parse: [] }, webhookId: '112233445566778899' }]);
  });

  it('sends rate-limit headers on every answer', async () => {
    const response = await postJson(hook(), { content: 'x' });
    expect(response.headers.get('x-ratelimit-limit')).toBe('5');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(Number(response.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
    expect(response.headers.get('x-ratelimit-bucket')).toBeTruthy();
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses content over 2000 characters', () => expectFormError({ content: 'a'.repeat(2001) }, ['content'], 'BASE_TYPE_MAX_LENGTH'));

  it('refuses more than 10 embeds', () =>
    expectFormError({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, ['embeds'], 'BASE_TYPE_MAX_LENGTH'));

  it('refuses an embed title over 256 characters', () =>
    expectFormError({ embeds: [{ title: 't'.repeat(257) }] }, ['embeds', '0', 'title'], 'BASE_TYPE_MAX_LENGTH'));

  it('refuses an embed description over 4096 characters', () =>
    expectFormError({ embeds: [{ description: 'd'.repeat(4097) }] }, ['embeds', '0', 'description'], 'BASE_TYPE_MAX_LENGTH'));

  it('refuses more than 25 fields', () => {
    const fields = Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: 'v' }));
    return expectFormError({ embeds: [{ fields }] }, ['embeds', '0', 'fields'], 'BASE_TYPE_MAX_LENGTH');
  });

  it('refuses embeds totalling more than 6000 characters', () => {
    const embeds = [{ description: 'a'.repeat(4000) }, { description: 'b'.repeat(2001) }];
    return expectFormError({ embeds }, ['embeds'], 'MAX_EMBED_SIZE_EXCEEDED');
  });

  it('refuses an empty message with code 50006', async () => {
    const response = await postJson(hook(), { content: '' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Cannot send an empty message', code: 50006 });
  });

  it('answers 404 Unknown Webhook (10015) once the webhook is deleted', async () => {
    await sandbox.control.revoke({ target: 'discord', url: hook() });
    const response = await postJson(hook(), { content: 'x' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Unknown Webhook', code: 10015 });
  });

  it('answers a rate_limit fault with the 429 JSON and headers', async () => {
    await sandbox.control.fault({ target: 'discord', type: 'rate_limit', retryAfterSeconds: 1.5 });
    const response = await postJson(hook(), { content: 'x' });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ message: 'You are being rate limited.', retry_after: 1.5, global: false });
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(response.headers.get('x-ratelimit-reset-after'))).toBeCloseTo(1.5, 1);
  });

  it('enforces 5 requests per 2 seconds per webhook only when limits are on', async () => {
    await sandbox.control.setLimits({ enforce: true });
    for (let i = 0; i < 5; i++) expect((await postJson(hook(), { content: `${i}` })).status).toBe(200);
    const limited = await postJson(hook(), { content: 'six' });
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { retry_after: number }).retry_after).toBeGreaterThan(0);
  });

  it('answers auth_revoked with 401 Invalid Webhook Token and server_error with a 500', async () => {
    await sandbox.control.fault({ target: 'discord', type: 'auth_revoked' });
    const revoked = await postJson(hook(), { content: 'x' });
    expect([revoked.status, await revoked.json()]).toEqual([401, { message: 'Invalid Webhook Token', code: 50027 }]);
    await sandbox.control.fault({ target: 'discord', type: 'server_error' });
    expect((await postJson(hook(), { content: 'x' })).status).toBe(500);
  });
});
