import { describe, expect, it } from 'vitest';
import { postJson, useSandbox } from './use-sandbox';

const sandbox = useSandbox();

describe('sandbox HTTP receiver', () => {
  it.each(['POST', 'PUT', 'PATCH', 'GET', 'DELETE'])('answers %s with 200 {ok, id}', async (method) => {
    const response = await fetch(`${sandbox.url}/http/hooks/a/b`, { method, body: method === 'GET' || method === 'DELETE' ? undefined : 'x' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('records method, path, query, headers and the parsed body', async () => {
    await postJson(`${sandbox.url}/http/orders?source=agent`, { total: 3 }, { 'x-trace': 'abc' });
    const [recorded] = await sandbox.control.requests({ target: 'http' });
    expect(recorded).toMatchObject({
      target: 'http',
      method: 'POST',
      path: '/http/orders',
      query: { source: 'agent' },
      headers: { 'x-trace': 'abc' },
      body: { total: 3 },
      status: 200,
      outcome: 'answered',
    });
  });

  it('keeps text bodies as text', async () => {
    await fetch(`${sandbox.url}/http/t`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'plain words' });
    expect((await sandbox.control.requests({ target: 'http' }))[0]?.body).toBe('plain words');
  });
});
