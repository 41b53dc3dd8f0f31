import { describe, expect, it } from 'vitest';
import { maskSecretPath, redactBody, redactHeaders, redactUrl, summarizeRequest } from './redact';

describe('redactHeaders', () => {
  it('keeps every name and replaces the values of credential headers', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer abc',
        Cookie: 'sid=1',
        'Set-Cookie': 'sid=2',
        'X-Api-Key': 'k1',
        'Proxy-Authorization': 'Basic xyz',
        'X-Auth-Token': 't',
        'X-Client-Secret': 's',
        'Webhook-Signature': 'v1,abc',
        'X-Db-Password': 'p',
        'Content-Type': 'application/json',
        'Webhook-Id': 'msg_1',
        'User-Agent': 'Outpost',
      }),
    ).toEqual({
      Authorization: '[redacted]',
      Cookie: '[redacted]',
      'Set-Cookie': '[redacted]',
      'X-Api-Key': '[redacted]',
      'Proxy-Authorization': '[redacted]',
      'X-Auth-Token': '[redacted]',
      'X-Client-Secret': '[redacted]',
      'Webhook-Signature': '[redacted]',
      'X-Db-Password': '[redacted]',
      'Content-Type': 'application/json',
      'Webhook-Id': 'msg_1',
      'User-Agent': 'Outpost',
    });
  });
});

describe('maskSecretPath', () => {
  it('keeps the host and leading segments of a Slack webhook and masks the secret', () => {
    expect(maskSecretPath('https://hooks.slack.com/services/T0A/B0X/abcdefghijklmnopqrstuv9f')).toBe(
      'https://hooks.slack.com/services/T0A/B0X/…9f',
    );
  });

  it('masks a Discord webhook token but keeps wait=true', () => {
    expect(maskSecretPath('https://discord.com/api/webhooks/123456/tok_abcdefghXYZ?wait=true')).toBe(
      'https://discord.com/api/webhooks/123456/…YZ?wait=true',
    );
  });

  it('drops user info and fragments', () => {
    expect(maskSecretPath('https://user:pw@example.com/a/secretvalue#frag')).toBe('https://example.com/a/…ue');
  });

  it('does not echo an unparseable value', () => {
    expect(maskSecretPath('not a url with s3cret')).toBe('[invalid URL]');
  });
});

describe('redactUrl', () => {
  it('masks the token of webhook-shaped paths on any host (sandbox bases included)', () => {
    expect(redactUrl('http://127.0.0.1:4400/services/T0A/B0X/short')).toBe('http://127.0.0.1:4400/services/T0A/B0X/…');
    expect(redactUrl('http://127.0.0.1:4401/api/webhooks/99/abcdefgh12?wait=true')).toBe(
      'http://127.0.0.1:4401/api/webhooks/99/…12?wait=true',
    );
  });

  it('masks token-like path segments and secret query values, keeping ordinary ones', () => {
    expect(redactUrl('https://api.example.com/v1/hooks/a1b2c3d4e5f6g7h8i9/run?page=2&access_token=zzz123456&sig=abcdef12')).toBe(
      'https://api.example.com/v1/hooks/…i9/run?page=2&access_token=…56&sig=…12',
    );
  });

  it('leaves plain URLs alone', () => {
    expect(redactUrl('https://example.com/wp-json/wp/v2/posts')).toBe('https://example.com/wp-json/wp/v2/posts');
  });
});

describe('redactBody', () => {
  it('redacts credential fields of JSON bodies at any depth', () => {
    const body = JSON.stringify({ text: 'hi', auth: { client_secret: 'cs', refresh_token: 'rt' }, apiKey: 'k' });
    expect(JSON.parse(redactBody(body))).toEqual({
      text: 'hi',
      auth: { client_secret: '[redacted]', refresh_token: '[redacted]' },
      apiKey: '[redacted]',
    });
  });

  it('redacts credential fields of form-encoded bodies', () => {
    expect(redactBody('grant_type=refresh_token&refresh_token=abc&client_id=x')).toBe(
      'grant_type=refresh_token&refresh_token=%5Bredacted%5D&client_id=x',
    );
  });

  it('returns other text unchanged', () => {
    expect(redactBody('{"text":"hello"}')).toBe('{"text":"hello"}');
    expect(redactBody('plain words here')).toBe('plain words here');
  });
});

describe('summarizeRequest', () => {
  it('summarises a Slack delivery without its secret', () => {
    const summary = summarizeRequest({
      method: 'post',
      url: 'https://hooks.slack.com/services/T0A/B0X/abcdefghijklmnopqrstuv9f',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-1' },
      body: '{"text":"deployed"}',
    });
    expect(summary).toEqual({
      method: 'POST',
      url: 'https://hooks.slack.com/services/T0A/B0X/…9f',
      headers: { 'content-type': 'application/json', authorization: '[redacted]' },
      bodyBytes: 19,
      bodyExcerpt: '{"text":"deployed"}',
    });
    expect(JSON.stringify(summary)).not.toContain('abcdefghijklmnopqrstuv9f');
    expect(JSON.stringify(summary)).not.toContain('xoxb-1');
  });

  it('keeps the byte count of a large body but an excerpt of at most 2 KiB', () => {
    const body = 'é'.repeat(5000);
    const summary = summarizeRequest({ url: 'https://example.com/', body });
    expect(summary.bodyBytes).toBe(10_000);
    expect(Buffer.byteLength(summary.bodyExcerpt)).toBeLessThanOrEqual(2048);
    expect(summary.bodyExcerpt).toBe('é'.repeat(1024));
  });

  it('accepts Buffer bodies and missing parts', () => {
    expect(summarizeRequest({ url: 'https://example.com/', body: Buffer.from('abc') })).toEqual({
      method: 'GET',
      url: 'https://example.com/',
      headers: {},
      bodyBytes: 3,
      bodyExcerpt: 'abc',
    });
  });
});
