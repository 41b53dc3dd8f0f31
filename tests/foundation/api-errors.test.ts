import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, appUrl, createUserWithKey } from '../support/app';

let apiKey: string;
beforeAll(async () => {
  ({ apiKey } = await createUserWithKey());
});

function expectEnvelope(body: any, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+:\d+:\d+/); // no stack frames
}

describe('the /api/v1 error envelope', () => {
  it('answers a malformed JSON body with 400 invalid_json', async () => {
    const res = await api(apiKey).post('/connections', '{"kind": "slack-webhook",');
    expect(res.status).toBe(400);
    expectEnvelope(res.body, 'invalid_json');
  });

  it('names every invalid field in a 400', async () => {
    const res = await api(apiKey).post('/connections', { kind: 42, label: '' });
    expect(res.status).toBe(400);
    expectEnvelope(res.body, 'validation_failed');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['kind', 'label', 'secret']));
  });

  it('answers a wrong API key with 401', async () => {
    const res = await api('op_this-key-does-not-exist').get('/integrations');
    expect(res.status).toBe(401);
    expectEnvelope(res.body, 'unauthorized');
  });

  it('answers a request without credentials with 401', async () => {
    const res = await api(null).get('/integrations');
    expect(res.status).toBe(401);
    expectEnvelope(res.body, 'unauthorized');
  });

  it('answers a 2 MiB body with 413', async () => {
    const big = JSON.stringify({ kind: 'http-post', label: 'x', secret: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    const res = await api(apiKey).post('/connections', big);
    expect(res.status).toBe(413);
    expectEnvelope(res.body, 'payload_too_large');
  });

  it('answers a chunked 2 MiB body without Content-Length with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 32) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${appUrl()}/api/v1/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expectEnvelope(await res.json(), 'payload_too_large');
  });

  it('answers a declared 9 MiB body with 413 at once, without reading it, and closes the connection', async () => {
    const url = new URL('/api/v1/connections', appUrl());
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = http.request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': String(9 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      });
      // The request is never completed: the answer must not wait for the body.
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expectEnvelope(JSON.parse(answer.body), 'payload_too_large');
  });

  it("answers someone else's resource with 404", async () => {
    const other = await createUserWithKey();
    const res = await api(other.apiKey).get('/connections/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expectEnvelope(res.body, 'not_found');
  });
});
