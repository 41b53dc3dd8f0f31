import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, createUserWithKey } from '../support/app';
import { waitFor } from '../support/processes';
import { startReceiver, type Received } from './receiver';

// DESIGN §8: secrets belong in connections. A task's config is stored and returned in plain text,
// so credential headers there are refused; headers that came from a connection never follow a
// redirect to another origin.

let apiKey: string;
beforeAll(async () => {
  ({ apiKey } = await createUserWithKey());
});

const hook = 'https://example.com/hook';
const withHeaders = (headers: Record<string, string>) => ({ kind: 'http-post', draft: true, input: {}, config: { url: hook, headers } });

function expectPointsToConnections(body: any, path: string) {
  expect(body.error.code).toBe('validation_failed');
  const detail = body.error.details.find((d: { path: string }) => d.path === path);
  expect(detail, JSON.stringify(body)).toBeDefined();
  expect(detail.message).toMatch(/connection/);
}

describe('credential headers in config.headers', () => {
  it.each(['Authorization', 'cookie', 'Proxy-Authorization', 'X-API-KEY', 'X-Auth-Token'])('refuses %s at create with a 400 pointing to connections', async (name) => {
    const res = await api(apiKey).post('/tasks', withHeaders({ [name]: 'Bearer abc123' }));
    expect(res.status).toBe(400);
    expectPointsToConnections(res.body, `config.headers.${name}`);
  });

  it('still accepts ordinary headers', async () => {
    const res = await api(apiKey).post('/tasks', withHeaders({ 'X-Trace': 't1', 'Idempotency-Key': 'abc' }));
    expect(res.status).toBe(201);
    expect(res.body.config.headers).toEqual({ 'X-Trace': 't1', 'Idempotency-Key': 'abc' });
  });

  it('refuses them at PATCH, batch and preview too', async () => {
    const created = await api(apiKey).post('/tasks', withHeaders({}));
    expect(created.status).toBe(201);
    const patched = await api(apiKey).patch(`/tasks/${created.body.id}`, { config: { url: hook, headers: { Authorization: 'Bearer x' } } });
    expect(patched.status).toBe(400);
    expectPointsToConnections(patched.body, 'config.headers.Authorization');

    const batch = await api(apiKey).post('/tasks/batch', { tasks: [withHeaders({}), withHeaders({ Cookie: 'sid=1' })] });
    expect(batch.status).toBe(400);
    expectPointsToConnections(batch.body, 'tasks[1].config.headers.Cookie');

    const preview = await api(apiKey).post('/preview', { kind: 'http-post', input: {}, config: { url: hook, headers: { 'X-Api-Key': 'k' } } });
    expect(preview.status).toBe(400);
    expectPointsToConnections(preview.body, 'config.headers.X-Api-Key');
  });
});

describe('a redirect and the headers that came from a connection', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function deliverThroughRedirect(sameOrigin: boolean): Promise<{ first: Received; last: Received }> {
    const target = await startReceiver(1, () => ({ status: 200, body: '{"id":"landed"}' }));
    closers.push(target.close);
    const origin = await startReceiver(0, (req) =>
      req.url === '/start' ? { status: 307, headers: { location: sameOrigin ? '/final' : `${target.url}/final` } } : { status: 200, body: '{"id":"same"}' },
    );
    closers.push(origin.close);
    const connection = await api(apiKey).post('/connections', {
      kind: 'http-post',
      label: 'tenant secret',
      secret: { headers: { 'X-Tenant': 'tenant-secret-value', Authorization: 'Bearer connection-token' }, allowedOrigins: [origin.url] },
    });
    expect(connection.status).toBe(201);
    const task = await api(apiKey).post('/tasks', {
      kind: 'http-post',
      connectionId: connection.body.id,
      input: { n: 1 },
      config: { url: `${origin.url}/start`, headers: { 'X-Trace': 'trace-1' } },
    });
    expect(task.status).toBe(201);
    await waitFor(async () => (await api(apiKey).get(`/tasks/${task.body.id}`)).body.status === 'succeeded', {
      timeoutMs: 30_000,
      what: 'the redirected delivery to succeed',
    });
    return { first: origin.received[0]!, last: sameOrigin ? origin.received.at(-1)! : target.received[0]! };
  }

  it('drops every connection header on a redirect to another origin, keeps config headers', async () => {
    const { first, last } = await deliverThroughRedirect(false);
    expect(first.headers['x-tenant']).toBe('tenant-secret-value');
    expect(first.headers.authorization).toBe('Bearer connection-token');
    expect(last.url).toBe('/final');
    expect(last.headers['x-trace']).toBe('trace-1');
    expect(last.headers['x-tenant']).toBeUndefined();
    expect(last.headers.authorization).toBeUndefined();
  });

  it('keeps them on a redirect within the same origin', async () => {
    const { last } = await deliverThroughRedirect(true);
    expect(last.url).toBe('/final');
    expect(last.headers['x-tenant']).toBe('tenant-secret-value');
  });
});
