import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, createUserWithKey } from '../support/app';
import { waitFor } from '../support/processes';
import { startReceiver } from './receiver';

// DESIGN §8: a provider answer Postgres cannot store as is is stored escaped — never lost, never a
// "write fails → job retried → POST sent again" loop.

let apiKey: string;
beforeAll(async () => {
  ({ apiKey } = await createUserWithKey());
});

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function deliverTo(body: string, contentType = 'application/json') {
  const receiver = await startReceiver(0, () => ({ status: 200, headers: { 'content-type': contentType }, body }));
  close = receiver.close;
  const created = await api(apiKey).post('/tasks', { kind: 'http-post', input: { hello: 'world' }, config: { url: `${receiver.url}/hook` } });
  expect(created.status).toBe(201);
  const task = await waitFor(
    async () => {
      const res = await api(apiKey).get(`/tasks/${created.body.id}`);
      return ['succeeded', 'failed', 'retrying'].includes(res.body.status) ? res.body : null;
    },
    { timeoutMs: 30_000, what: 'the delivery to settle' },
  );
  // Long enough for a crash-and-redeliver loop (retry base 300 ms in tests) to show a second POST.
  await new Promise((r) => setTimeout(r, 2000));
  return { task, receiver, attempts: (await api(apiKey).get(`/tasks/${created.body.id}/attempts`)).body.data };
}

describe('provider answers Postgres cannot store as is', () => {
  it('stores {"id":"\\u0000"} escaped after exactly one request, and the task succeeds', async () => {
    const { task, receiver, attempts } = await deliverTo('{"id":"\\u0000"}');
    expect(receiver.received).toHaveLength(1);
    expect(task.status).toBe('succeeded');
    expect(task.result.externalId).toBe('\\u0000');
    expect(attempts).toHaveLength(1);
    expect(attempts[0].outcome).toBe('succeeded');
  });

  it('stores a lone surrogate in a JSON answer escaped', async () => {
    const { task, receiver } = await deliverTo('{"id":"a\\ud800b","note":{"\\udc00":"x"}}');
    expect(receiver.received).toHaveLength(1);
    expect(task.status).toBe('succeeded');
    expect(task.result.externalId).toBe('a\\ud800b');
    expect(task.result.response.note).toEqual({ '\\udc00': 'x' });
  });

  it('stores a raw NUL byte in a text answer escaped in the attempt log', async () => {
    const { task, receiver, attempts } = await deliverTo('ok\u0000done', 'text/plain');
    expect(receiver.received).toHaveLength(1);
    expect(task.status).toBe('succeeded');
    expect(attempts[0].responseExcerpt).toBe('ok\\u0000done');
  });
});
