import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { DeliveryError } from '@/lib/integrations/types';
import { classifySlackResponse } from './classify';
import { deliverSlack } from './deliver';
import { renderSlack } from './render';
import { slackConfigSchema } from './schema';
import { validateSlackPayload } from './validate';
import { parseSlackWebhookUrl, requireSlackWebhookUrl } from './webhook-url';

const text = slackConfigSchema.parse({});
const blocks = slackConfigSchema.parse({ format: 'blocks' });
const section = (t: string) => ({ type: 'section', text: { type: 'mrkdwn', text: t } });
const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

describe('slack-webhook render', () => {
  it('converts Markdown to mrkdwn in text format', () => {
    expect(renderSlack('**Done** see [docs](https://example.com)', text)).toEqual({ text: '*Done* see <https://example.com|docs>' });
  });

  it('takes a JSON array of blocks and derives the fallback text from them', () => {
    expect(renderSlack(JSON.stringify([section('Deploy finished')]), blocks)).toEqual({ text: 'Deploy finished', blocks: [section('Deploy finished')] });
  });

  it('takes an object {text, blocks} and keeps its text', () => {
    const payload = renderSlack(JSON.stringify({ text: 'fallback', blocks: [{ type: 'divider' }] }), blocks);
    expect(payload).toEqual({ text: 'fallback', blocks: [{ type: 'divider' }] });
  });

  it('reports a template that is not JSON in blocks format, naming the template', () => {
    const issues = validateSlackPayload(renderSlack('[{"type": "section",', blocks));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'template', message: expect.stringContaining('JSON array of Block Kit blocks') });
  });

  it('reports JSON that is neither an array nor {blocks}', () => {
    expect(paths(validateSlackPayload(renderSlack('{"text": "hi"}', blocks)))).toEqual(['template']);
  });
});

describe('slack-webhook validate', () => {
  it('accepts a plain message', () => expect(validateSlackPayload({ text: 'hello' })).toEqual([]));

  it('requires text', () => expect(paths(validateSlackPayload({ text: '  ' }))).toEqual(['payload.text']));

  it('requires text even with blocks that carry none', () => {
    expect(paths(validateSlackPayload(renderSlack('[{"type": "divider"}]', blocks)))).toEqual(['payload.text']);
  });

  it('allows at most 50 blocks', () => {
    const many = Array.from({ length: 51 }, () => section('x'));
    expect(paths(validateSlackPayload({ text: 'x', blocks: many }))).toEqual(['payload.blocks']);
  });

  it('allows at most 3000 characters of section text', () => {
    const issues = validateSlackPayload({ text: 'x', blocks: [section('ok'), section('y'.repeat(3001))] });
    expect(issues).toEqual([{ path: 'payload.blocks[1].text.text', message: 'must be at most 3000 characters (has 3001)' }]);
  });

  it('accepts exactly 3000 characters of section text', () => {
    expect(validateSlackPayload({ text: 'x', blocks: [section('y'.repeat(3000))] })).toEqual([]);
  });

  it('names a block without a type', () => expect(paths(validateSlackPayload({ text: 'x', blocks: [{ text: 'hi' }] }))).toEqual(['payload.blocks[0]']));

  it('allows header text only as plain_text of at most 150 characters', () => {
    const header = (type: string, t: string) => ({ type: 'header', text: { type, text: t } });
    expect(paths(validateSlackPayload({ text: 'x', blocks: [header('mrkdwn', 'hi')] }))).toEqual(['payload.blocks[0].text.type']);
    expect(paths(validateSlackPayload({ text: 'x', blocks: [header('plain_text', 'h'.repeat(151))] }))).toEqual(['payload.blocks[0].text.text']);
  });

  it('allows at most 10 section fields', () => {
    const fields = Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' }));
    expect(paths(validateSlackPayload({ text: 'x', blocks: [{ type: 'section', fields }] }))).toEqual(['payload.blocks[0].fields']);
  });
});

describe('slack-webhook classify', () => {
  const c = (status: number, body: string, headers: Record<string, string> = {}) => classifySlackResponse({ status, body, headers });

  it('200 ok succeeds', () => expect(c(200, 'ok')).toBeNull());

  it.each(['invalid_payload', 'invalid_blocks', 'no_text'])('400 %s is permanent and keeps the connection', (code) => {
    expect(c(400, code)).toEqual({ type: 'permanent', reason: `Slack rejected the message: HTTP 400 ${code}` });
  });

  it.each([
    [403, 'action_prohibited'],
    [404, 'no_service'],
    [404, 'channel_not_found'],
    [410, 'channel_is_archived'],
  ])('%i %s is permanent and breaks the connection', (status, code) => {
    expect(c(status, code)).toMatchObject({ type: 'permanent', connectionBroken: true, reason: expect.stringContaining(code) });
  });

  it('429 waits for Retry-After', () => expect(c(429, 'rate_limited', { 'retry-after': '3' })).toMatchObject({ type: 'rate_limited', retryAfterMs: 3000 }));

  it('5xx retries', () => expect(c(503, 'service_unavailable')?.type).toBe('retryable'));
});

describe('slack-webhook URL', () => {
  const base = 'https://hooks.slack.com';

  it('accepts a webhook URL under the configured base and masks its secret in the hint', () => {
    const parsed = parseSlackWebhookUrl(`${base}/services/T0A/B0X/abcdefgh9f`, base);
    expect(parsed).toEqual({ ok: true, webhook: { url: `${base}/services/T0A/B0X/abcdefgh9f`, team: 'T0A', bot: 'B0X', hint: '…/B0X/…9f' } });
  });

  it('refuses another host with a 400 naming secret.webhookUrl, without echoing the URL', () => {
    const error = (() => {
      try {
        requireSlackWebhookUrl('https://evil.example/services/T0A/B0X/supersecretvalue', base);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error?.status).toBe(400);
    expect(error?.details).toEqual([{ path: 'secret.webhookUrl', message: `must be a Slack incoming webhook URL starting with ${base}/services/` }]);
    expect(JSON.stringify(error?.toJSON())).not.toContain('supersecretvalue');
  });

  it('refuses a URL without team, bot and secret segments', () => {
    expect(parseSlackWebhookUrl(`${base}/services/T0A`, base).ok).toBe(false);
  });
});

describe('slack-webhook deliver', () => {
  let server: http.Server;
  let base: string;
  let allowed: Set<string>;
  let answer: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: 'ok' };
  const seen: unknown[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(JSON.parse(body));
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    allowed = new Set([`127.0.0.1:${port}`]);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const ctx = () => ({ record: () => {}, allowedTargets: allowed, signal: new AbortController().signal });
  const secret = () => ({ webhookUrl: `${base}/services/T1/B2/secret123456` });

  it('posts {text, blocks} and reports a generated id, since Slack returns none', async () => {
    answer = { status: 200, body: 'ok' };
    const result = await deliverSlack({ text: 'hi', blocks: [section('hi')] }, secret(), ctx(), base);
    expect(seen.at(-1)).toEqual({ text: 'hi', blocks: [section('hi')] });
    expect(result.externalId).toMatch(/^slack-/);
    expect(result.externalIdSource).toContain('return no message id');
  });

  it('throws a classified DeliveryError on 410 channel_is_archived', async () => {
    answer = { status: 410, body: 'channel_is_archived' };
    const error = await deliverSlack({ text: 'hi' }, secret(), ctx(), base).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.classification).toMatchObject({ type: 'permanent', connectionBroken: true });
    expect(error.detail).toMatchObject({ httpStatus: 410, responseExcerpt: 'channel_is_archived' });
  });

  it('never sends to a stored URL outside the configured base', async () => {
    const error = await deliverSlack({ text: 'hi' }, { webhookUrl: 'https://elsewhere.example/services/a/b/c' }, ctx(), base).catch((e) => e);
    expect(error.classification).toMatchObject({ type: 'permanent' });
  });
});
