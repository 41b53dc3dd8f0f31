import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '@/lib/integrations/types';
import { deliverHttpPost } from './deliver';
import { httpPost } from './index';
import { httpPostConfigSchema } from './schema';

type Seen = { headers: http.IncomingHttpHeaders; body: string };
let server: http.Server;
let base: string;
let allowed: Set<string>;
const seen: Seen[] = [];
let nextStatus = 200;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(nextStatus, { 'content-type': 'application/json', ...(nextStatus === 429 ? { 'retry-after': '7' } : {}) });
      res.end(JSON.stringify({ id: 'ext-1' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  allowed = new Set([`127.0.0.1:${port}`]);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function ctx() {
  return {
    taskId: 'task-1',
    attempt: 1,
    progress: null,
    saveProgress: async () => {},
    refreshSecret: async () => {
      throw new Error('no refresh in this test');
    },
    record: () => {},
    allowedTargets: allowed,
    signal: new AbortController().signal,
  };
}

describe('http-post', () => {
  it('signs the body per Standard Webhooks, verifiable with the standardwebhooks package', async () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const config = httpPostConfigSchema.parse({ url: `${base}/hook`, sign: true });
    nextStatus = 200;
    const result = await deliverHttpPost({ body: '{"a":1}', contentType: 'application/json' }, { secret: { signingSecret: secret } }, ctx(), config);
    expect(result.externalId).toBe('ext-1');
    const last = seen.at(-1)!;
    const headers = Object.fromEntries(Object.entries(last.headers).map(([k, v]) => [k, String(v)]));
    expect(headers['webhook-id']).toBe('task_task-1');
    expect(() => new Webhook(secret).verify(last.body, headers)).not.toThrow();
  });

  it('signs with a plain-text secret (no whsec_ prefix) as its raw bytes', async () => {
    const secret = 'my shared secret ü';
    const config = httpPostConfigSchema.parse({ url: `${base}/hook`, sign: true });
    nextStatus = 200;
    await deliverHttpPost({ body: '{"a":2}', contentType: 'application/json' }, { secret: { signingSecret: secret } }, ctx(), config);
    const last = seen.at(-1)!;
    const headers = Object.fromEntries(Object.entries(last.headers).map(([k, v]) => [k, String(v)]));
    const verifier = new Webhook(new TextEncoder().encode(secret) as unknown as string, { format: 'raw' });
    expect(() => verifier.verify(last.body, headers)).not.toThrow();
  });

  it('classifies 429 with Retry-After as rate limited', async () => {
    nextStatus = 429;
    const config = httpPostConfigSchema.parse({ url: `${base}/hook` });
    const error = await deliverHttpPost({ body: '{}', contentType: 'application/json' }, null, ctx(), config).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.classification).toMatchObject({ type: 'rate_limited', retryAfterMs: 7000 });
  });

  it('refuses literal private targets in checkConfig', () => {
    const config = httpPostConfigSchema.parse({ url: 'http://10.0.0.1/x' });
    expect(httpPost.checkConfig!(config, { allowedTargets: new Set() })[0]?.path).toBe('url');
  });

  it('reports a body that is not JSON', () => {
    expect(httpPost.validate({ body: '{nope', contentType: 'application/json' }, {} as never)[0]?.path).toBe('template');
  });
});
