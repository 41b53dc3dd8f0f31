import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { api, appUrl, createUserWithKey } from '../support/app';

// DESIGN §8: strings with NUL or unpaired surrogates, JSON nested deeper than 64 levels and query
// parameters of the wrong type are a 400 naming the field — each of these was a 500 before.

let apiKey: string;
let userId: string;
beforeAll(async () => {
  ({ apiKey, userId } = await createUserWithKey());
});

const task = (extra: Record<string, unknown>) => ({ kind: 'http-post', config: { url: 'https://example.com/hook' }, draft: true, input: {}, ...extra });

async function taskCount(): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from output_tasks where user_id = ${userId}`);
  return Number(rows[0]!.n);
}

function paths(body: any): string[] {
  return (body?.error?.details ?? []).map((d: { path: string }) => d.path);
}

describe('hostile strings and nesting in request bodies', () => {
  it('answers a NUL inside input with 400 naming input.a[3]', async () => {
    const before = await taskCount();
    const res = await api(apiKey).post('/tasks', task({ input: { a: ['x', 'y', 'z', 'bad\u0000value'] } }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(paths(res.body)).toEqual(['input.a[3]']);
    expect(await taskCount()).toBe(before);
  });

  it('answers a NUL in the task name with 400 naming name', async () => {
    const res = await api(apiKey).post('/tasks', task({ name: 'report\u0000' }));
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(['name']);
  });

  it('answers a NUL inside an object key with 400 naming the key', async () => {
    const res = await api(apiKey).post('/tasks', task({ input: { 'k\u0000': 1 } }));
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(['input.k\\u0000']);
  });

  it('answers a lone surrogate in input with 400 naming the field', async () => {
    // JSON.stringify writes a lone surrogate as the escape \ud800, exactly what a client sends.
    const res = await api(apiKey).post('/tasks', JSON.stringify(task({ input: { text: 'a\ud800b' } })));
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(['input.text']);
    expect(res.body.error.details[0].message).toMatch(/surrogate/);
  });

  it('accepts a well-formed surrogate pair (an emoji)', async () => {
    const res = await api(apiKey).post('/tasks', task({ input: { text: 'ship it \ud83d\ude80' } }));
    expect(res.status).toBe(201);
    expect(res.body.input.text).toBe('ship it 🚀');
  });

  it('answers input nested 100,000 arrays deep with 400, quickly', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const before = await taskCount();
    const res = await api(apiKey).post('/tasks', `{"kind":"http-post","draft":true,"config":{"url":"https://example.com/hook"},"input":${deep}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toMatch(/^input(\[0\])+$/);
    expect(res.body.error.details[0].message).toMatch(/64 levels/);
    expect(await taskCount()).toBe(before);
  });

  it('accepts input nested 60 levels deep, and refuses 70', async () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const ok = await api(apiKey).post('/tasks', `{"kind":"http-post","draft":true,"config":{"url":"https://example.com/hook"},"input":${nest(60)}}`);
    expect(ok.status).toBe(201);
    const refused = await api(apiKey).post('/tasks', `{"kind":"http-post","draft":true,"config":{"url":"https://example.com/hook"},"input":${nest(70)}}`);
    expect(refused.status).toBe(400);
  });

  it('refuses deep nesting in a batch with a tasks[i] path and writes nothing', async () => {
    const before = await taskCount();
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const body = `{"tasks":[${JSON.stringify(task({}))},{"kind":"http-post","draft":true,"input":${deep}}]}`;
    const res = await api(apiKey).post('/tasks/batch', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toMatch(/^tasks\[1\]\.input(\.a)+$/);
    expect(await taskCount()).toBe(before);
  });

  it('answers a NUL in PATCH and in preview with 400', async () => {
    const created = await api(apiKey).post('/tasks', task({}));
    expect(created.status).toBe(201);
    const patched = await api(apiKey).patch(`/tasks/${created.body.id}`, { input: { note: '\u0000' } });
    expect(patched.status).toBe(400);
    expect(paths(patched.body)).toEqual(['input.note']);
    const preview = await api(apiKey).post('/preview', { kind: 'http-post', input: { x: '\u0000' }, config: { url: 'https://example.com/hook' } });
    expect(preview.status).toBe(400);
    expect(paths(preview.body)).toEqual(['input.x']);
  });

  it('answers a NUL in a connection label with 400', async () => {
    const res = await api(apiKey).post('/connections', { kind: 'http-post', label: 'a\u0000b', secret: {} });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(['label']);
  });

  it('gives the same Idempotency-Key answer for a body whose keys are reordered', async () => {
    const headers = { 'idempotency-key': `reorder-${Date.now()}` };
    const first = await api(apiKey).post('/tasks', { kind: 'http-post', draft: true, config: { url: 'https://example.com/hook' }, input: { a: [1, { b: 2, c: 3 }] } }, headers);
    const again = await api(apiKey).post('/tasks', { input: { a: [1, { c: 3, b: 2 }] }, config: { url: 'https://example.com/hook' }, draft: true, kind: 'http-post' }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('hostile query parameters', () => {
  it('answers GET /tasks?kind=%00 with 400 naming kind', async () => {
    const res = await fetch(`${appUrl()}/api/v1/tasks?kind=%00`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(400);
    expect(paths(await res.json())).toEqual(['kind']);
  });

  it.each([
    ['status=bogus', 'status'],
    ['limit=abc', 'limit'],
    ['limit=0', 'limit'],
    ['limit=1e9', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['kind=http%20post', 'kind'],
    ['limit=1&limit=2', 'limit'],
    ['colour=red', 'colour'],
  ])('answers GET /tasks?%s with 400 naming %s', async (query, param) => {
    const res = await api(apiKey).get(`/tasks?${query}`);
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual([param]);
  });

  it('still lists with well-typed parameters', async () => {
    const res = await api(apiKey).get('/tasks?status=draft&kind=http-post&limit=2');
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
  });

  it('answers a NUL in a path id with a 4xx', async () => {
    const res = await api(apiKey).get('/tasks/%00');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

describe('hostile paths', () => {
  it.each(['/tasks/%ED%A0%80', '/connections/%ED%A0%80/test', '/%FF'])('answers %s (not UTF-8 once decoded) with a 400 envelope', async (path) => {
    const res = await api(apiKey).get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('answers an unknown /api/v1 path with the JSON 404 envelope', async () => {
    const res = await api(apiKey).get('/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
