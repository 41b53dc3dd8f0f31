import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '@/lib/integrations/types';
import { classifyDiscordResponse } from './classify';
import { deliverDiscord, discordRequestBody } from './deliver';
import { renderDiscord } from './render';
import { discordConfigSchema } from './schema';
import { validateDiscordPayload } from './validate';
import { executeUrl, parseDiscordWebhookUrl } from './webhook-url';

const plain = discordConfigSchema.parse({});
const paths = (issues: { path: string }[]) => issues.map((i) => i.path);
const render = (body: string, config: unknown = {}) => renderDiscord(body, discordConfigSchema.parse(config));

describe('discord-webhook render', () => {
  it('sends the text as content and parses no mentions', () => {
    expect(renderDiscord('hello @everyone\n', plain)).toEqual({ content: 'hello @everyone', allowed_mentions: { parse: [] } });
  });

  it('puts the text in the embed description when config.embed is set', () => {
    const payload = render('Report body', { username: 'Agent', avatarUrl: 'https://example.com/a.png', embed: { title: 'Report', color: 0x3366ff } });
    expect(payload).toEqual({
      username: 'Agent',
      avatar_url: 'https://example.com/a.png',
      embeds: [{ title: 'Report', color: 0x3366ff, description: 'Report body' }],
      allowed_mentions: { parse: [] },
    });
  });

  it('takes a JSON object {content, embeds} as the message, filling embeds from config.embed', () => {
    const body = JSON.stringify({ content: 'two reports', embeds: [{ description: 'a' }, { title: 'B', description: 'b' }] });
    expect(render(body, { embed: { title: 'Default' } })).toEqual({
      content: 'two reports',
      embeds: [{ title: 'Default', description: 'a' }, { title: 'B', description: 'b' }],
      allowed_mentions: { parse: [] },
    });
  });

  it('keeps allowed_mentions empty even when the JSON message asks otherwise', () => {
    const payload = render(JSON.stringify({ content: 'x', allowed_mentions: { parse: ['everyone'] } }));
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(validateDiscordPayload(payload)).toEqual([{ path: 'template', message: expect.stringContaining('found allowed_mentions') }]);
  });

  it('treats other JSON as plain text', () => {
    expect(render('{"status": "ok"}').content).toBe('{"status": "ok"}');
    expect(render('{not json}').content).toBe('{not json}');
  });

  it('never sends its own problems field', () => {
    const payload = render(JSON.stringify({ content: 1 }));
    expect(JSON.parse(discordRequestBody(payload))).not.toHaveProperty('problems');
  });
});

describe('discord-webhook validate', () => {
  const message = (extra: Record<string, unknown>) => ({ allowed_mentions: { parse: [] }, ...extra });

  it('accepts a plain message', () => expect(validateDiscordPayload(message({ content: 'hi' }))).toEqual([]));

  it('allows 2000 characters of content, not 2001', () => {
    expect(validateDiscordPayload(message({ content: 'x'.repeat(2000) }))).toEqual([]);
    expect(paths(validateDiscordPayload(message({ content: 'x'.repeat(2001) })))).toEqual(['payload.content']);
  });

  it('refuses an empty message', () => expect(paths(validateDiscordPayload(message({ content: ' ' })))).toEqual(['template']));

  it('allows at most 10 embeds', () => {
    const embeds = Array.from({ length: 11 }, () => ({ description: 'x' }));
    expect(paths(validateDiscordPayload(message({ embeds })))).toEqual(['payload.embeds']);
  });

  it('allows titles of 256 characters and descriptions of 4096', () => {
    const issues = validateDiscordPayload(message({ embeds: [{ title: 't'.repeat(257), description: 'd'.repeat(4097) }] }));
    expect(paths(issues)).toEqual(['payload.embeds[0].title', 'payload.embeds[0].description']);
  });

  it('allows at most 25 fields', () => {
    const fields = Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' }));
    expect(paths(validateDiscordPayload(message({ embeds: [{ fields }] })))).toEqual(['payload.embeds[0].fields']);
  });

  it('allows at most 6000 characters across embeds', () => {
    const embeds = [{ description: 'a'.repeat(4000) }, { description: 'b'.repeat(2001) }];
    const issues = validateDiscordPayload(message({ embeds }));
    expect(issues).toEqual([{ path: 'payload.embeds', message: expect.stringContaining('at most 6000 characters in all') }]);
  });

  it('names the description and the total for 6 embeds with a 5,000-character description', () => {
    const embeds = [{ description: 'x'.repeat(5000) }, ...Array.from({ length: 5 }, (_, i) => ({ description: `embed ${i}` }))];
    const payload = render(JSON.stringify({ embeds }));
    expect(paths(validateDiscordPayload(payload))).toEqual(['payload.embeds[0].description']);
  });

  it('refuses a username containing "discord"', () => {
    expect(paths(validateDiscordPayload(message({ content: 'x', username: 'My Discord Bot' })))).toEqual(['payload.username']);
  });

  it('checks embed color and URL', () => {
    expect(paths(validateDiscordPayload(message({ embeds: [{ description: 'x', color: 0x1000000, url: 'ftp://x' }] })))).toEqual([
      'payload.embeds[0].url',
      'payload.embeds[0].color',
    ]);
  });
});

describe('discord-webhook classify', () => {
  const c = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    classifyDiscordResponse({ status, body: typeof body === 'string' ? body : JSON.stringify(body), headers });

  it('200 succeeds', () => expect(c(200, { id: '1', channel_id: '2' })).toBeNull());

  it('429 waits for the float retry_after of the body', () => {
    expect(c(429, { message: 'You are being rate limited.', retry_after: 0.5, global: false }, { 'retry-after': '1' })).toMatchObject({
      type: 'rate_limited',
      retryAfterMs: 500,
    });
  });

  it('429 without a body falls back to X-RateLimit-Reset-After, then Retry-After', () => {
    expect(c(429, '', { 'x-ratelimit-reset-after': '1.25', 'retry-after': '2' })).toMatchObject({ retryAfterMs: 1250 });
    expect(c(429, '', { 'retry-after': '2' })).toMatchObject({ retryAfterMs: 2000 });
  });

  it('404 10015 Unknown Webhook is permanent and breaks the connection', () => {
    expect(c(404, { message: 'Unknown Webhook', code: 10015 })).toMatchObject({
      type: 'permanent',
      connectionBroken: true,
      reason: expect.stringContaining('Unknown Webhook (10015)'),
    });
  });

  it.each([401, 403])('%i is permanent and breaks the connection', (status) => {
    expect(c(status, { message: 'Invalid Webhook Token', code: 50027 })).toMatchObject({ type: 'permanent', connectionBroken: true });
  });

  it('400 Invalid Form Body is permanent, names the field, and keeps the connection', () => {
    const body = { message: 'Invalid Form Body', code: 50035, errors: { embeds: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] } } } } };
    const result = c(400, body);
    expect(result).toEqual({ type: 'permanent', reason: expect.stringContaining('at embeds.0.description: Must be 4096 or fewer in length.') });
  });

  it('5xx retries', () => expect(c(502, { message: '502: Bad Gateway', code: 0 })?.type).toBe('retryable'));
});

describe('discord-webhook URL', () => {
  const base = 'https://discord.com/api';

  it('accepts a webhook URL under the configured base and masks its token in the hint', () => {
    expect(parseDiscordWebhookUrl(`${base}/webhooks/123456/tok-en_9f`, base)).toMatchObject({ ok: true, webhook: { id: '123456', hint: '…/123456/…9f' } });
  });

  it('refuses other hosts and non-numeric ids', () => {
    expect(parseDiscordWebhookUrl('https://evil.example/api/webhooks/1/t', base)).toMatchObject({ ok: false, message: expect.stringContaining(`${base}/webhooks/`) });
    expect(parseDiscordWebhookUrl(`${base}/webhooks/abc/t`, base).ok).toBe(false);
  });

  it('asks Discord to wait for the message', () => {
    expect(executeUrl(`${base}/webhooks/1/t?thread_id=9`)).toBe(`${base}/webhooks/1/t?thread_id=9&wait=true`);
  });
});

describe('discord-webhook deliver', () => {
  let server: http.Server;
  let base: string;
  let allowed: Set<string>;
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const seen: { url: string; body: unknown }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', body: JSON.parse(body) });
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}/api`;
    allowed = new Set([`127.0.0.1:${port}`]);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const ctx = () => ({ record: () => {}, allowedTargets: allowed, signal: new AbortController().signal });
  const secret = () => ({ webhookUrl: `${base}/webhooks/42/token-abc` });

  it('posts with ?wait=true and returns the message id and channel id', async () => {
    answer = { status: 200, body: { id: '900', channel_id: '800', content: 'hi' } };
    const result = await deliverDiscord(renderDiscord('hi', plain), secret(), ctx(), base);
    expect(result).toMatchObject({ externalId: '900', channelId: '800', webhookId: '42' });
    expect(seen.at(-1)).toEqual({ url: '/api/webhooks/42/token-abc?wait=true', body: { content: 'hi', allowed_mentions: { parse: [] } } });
  });

  it('throws a classified DeliveryError on 404 Unknown Webhook', async () => {
    answer = { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    const error = await deliverDiscord(renderDiscord('hi', plain), secret(), ctx(), base).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.classification).toMatchObject({ type: 'permanent', connectionBroken: true });
    expect(error.detail.httpStatus).toBe(404);
  });
});
