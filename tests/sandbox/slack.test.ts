import { describe, expect, it } from 'vitest';
import { postJson, useSandbox } from './use-sandbox';

const sandbox = useSandbox();
const hook = () => `${sandbox.url}/slack/services/T0001/B0001/s3cr3tS3cr3tS3cr3t`;

describe('sandbox Slack incoming webhook', () => {
  it('answers 200 "ok" and stores the message', async () => {
    const response = await postJson(hook(), { text: 'Deploy *done*' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    const { slack } = await sandbox.control.state();
    expect(slack.messages).toMatchObject([{ webhook: 'T0001/B0001', text: 'Deploy *done*' }]);
  });

  it('accepts blocks without text', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }, { type: 'divider' }];
    const response = await postJson(hook(), { blocks });
    expect(await response.text()).toBe('ok');
  });

  it('answers 400 invalid_payload to a body that is not JSON', async () => {
    const response = await fetch(hook(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('invalid_payload');
  });

  it('answers 400 no_text when there is neither text nor blocks', async () => {
    const response = await postJson(hook(), { username: 'bot' });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('no_text');
  });

  it('answers 400 invalid_blocks to more than 50 blocks', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const response = await postJson(hook(), { text: 'x', blocks });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('invalid_blocks');
  });

  it('answers 400 invalid_blocks to section text over 3000 characters', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }];
    expect(await (await postJson(hook(), { text: 'x', blocks })).text()).toBe('invalid_blocks');
  });

  it('answers 400 invalid_blocks to a malformed block', async () => {
    expect(await (await postJson(hook(), { text: 'x', blocks: [{ text: 'no type' }] })).text()).toBe('invalid_blocks');
  });

  it('answers 404 no_service once the webhook is revoked', async () => {
    await sandbox.control.revoke({ target: 'slack', url: hook() });
    const response = await postJson(hook(), { text: 'hello' });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('no_service');
  });

  it('answers 410 channel_is_archived once the channel is archived', async () => {
    await sandbox.control.revoke({ target: 'slack', url: hook(), archived: true });
    const response = await postJson(hook(), { text: 'hello' });
    expect(response.status).toBe(410);
    expect(await response.text()).toBe('channel_is_archived');
  });

  it('enforces about one message per second per webhook only when limits are on', async () => {
    expect((await postJson(hook(), { text: '1' })).status).toBe(200);
    expect((await postJson(hook(), { text: '2' })).status).toBe(200);
    await sandbox.control.setLimits({ enforce: true });
    await postJson(hook(), { text: '3' });
    const limited = await postJson(hook(), { text: '4' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('answers a rate_limit fault with 429 and Retry-After', async () => {
    await sandbox.control.fault({ target: 'slack', type: 'rate_limit', retryAfterSeconds: 7 });
    const response = await postJson(hook(), { text: 'hello' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect((await postJson(hook(), { text: 'hello' })).status).toBe(200);
  });

  it('answers auth_revoked with 403 invalid_token and server_error with 500', async () => {
    await sandbox.control.fault({ target: 'slack', type: 'auth_revoked' });
    await sandbox.control.fault({ target: 'slack', type: 'server_error' });
    const first = await postJson(hook(), { text: 'a' });
    expect([first.status, await first.text()]).toEqual([403, 'invalid_token']);
    const second = await postJson(hook(), { text: 'b' });
    expect([second.status, await second.text()]).toEqual([500, 'internal_error']);
  });
});
