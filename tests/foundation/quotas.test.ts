import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createApiKey } from '@/lib/auth/api-keys';
import { db } from '@/lib/db/client';
import { outputTasks, userStorage } from '@/lib/db/schema';
import { purgeFinishedTasks } from '@/lib/tasks/retention';
import { resetEnvCache } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { nextBin } from '../../scripts/lib/build-state.mjs';
import { createUserWithKey, sandboxUrl } from '../support/app';
import { freePort, startProcess, waitFor, type ManagedProcess } from '../support/processes';

// A second web app on the test database with small quotas, so each limit is reached in a few requests.
const QUOTAS = {
  OUTPOST_QUOTA_PENDING_TASKS: '5',
  OUTPOST_QUOTA_SCHEDULES: '2',
  OUTPOST_QUOTA_MIN_SCHEDULE_SECONDS: '60',
  OUTPOST_QUOTA_CONNECTIONS: '2',
  OUTPOST_QUOTA_STORED_BYTES: '300000',
};

let web: ManagedProcess;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  web = startProcess(
    'web-quotas',
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    { ...process.env, ...QUOTAS, NODE_ENV: 'production', OUTPOST_DIST_DIR: '.next', PORT: String(port), AUTH_URL: base },
    process.env.OUTPOST_TEST_LOG_DIR ?? '/tmp',
  );
  await waitFor(async () => (await fetch(`${base}/api/v1/openapi.json`)).ok, { timeoutMs: 90_000, what: `the quota web app (log: ${web.logFile})` });
}, 120_000);
afterAll(async () => {
  await web?.stop();
});

async function client() {
  const { apiKey, userId } = await createUserWithKey();
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any };
  };
  return { userId, post: (path: string, body: unknown) => call('POST', path, body), get: (path: string) => call('GET', path), del: (path: string) => call('DELETE', path) };
}

const draft = (n: number) => ({ kind: 'http-post', config: { url: `${sandboxUrl()}/http/quota` }, input: { n }, template: '{"n": {{ input.n }}}', draft: true });
const cron = (schedule: string) => ({ ...draft(0), draft: undefined, schedule });

describe('per-user quotas', () => {
  it('refuses tasks past OUTPOST_QUOTA_PENDING_TASKS with a 429 naming the limit, writing nothing', async () => {
    const c = await client();
    for (let n = 0; n < 4; n++) expect((await c.post('/tasks', draft(n))).status).toBe(201);
    // A batch that does not fit is refused whole.
    const batch = await c.post('/tasks/batch', { tasks: [draft(4), draft(5)] });
    expect(batch.status).toBe(429);
    expect(batch.body.error.code).toBe('quota_exceeded');
    expect(batch.body.error.message).toMatch(/at most 5 tasks queued or scheduled per user \(OUTPOST_QUOTA_PENDING_TASKS\)/);
    expect(batch.headers.get('retry-after')).toBe('30');
    expect((await c.get('/tasks?limit=100')).body.data).toHaveLength(4);
    expect((await c.post('/tasks', draft(4))).status).toBe(201);
    const refused = await c.post('/tasks', draft(5));
    expect(refused.status).toBe(429);
    expect(refused.body.error.details).toEqual([{ path: 'OUTPOST_QUOTA_PENDING_TASKS', message: 'limit 5' }]);
    // Finished tasks free their place.
    const first = (await c.get('/tasks?limit=100')).body.data[0];
    expect((await c.post(`/tasks/${first.id}/cancel`, {})).status).toBe(200);
    expect((await c.post('/tasks', draft(5))).status).toBe(201);
  });

  it('holds exactly at the limit when tasks were added by another process a moment before', async () => {
    const c = await client();
    // Two requests far below the limit: the web app may reuse its count for the second.
    for (let n = 0; n < 2; n++) expect((await c.post('/tasks', draft(n))).status).toBe(201);
    const mine = (await c.get('/tasks?limit=1')).body.data[0];
    // Three more pending tasks written behind the web app's back, as another web process would.
    const { rawSql } = await import('@/lib/db/client');
    await rawSql()`
      insert into output_tasks (id, user_id, kind, config, input, status, transitions)
      select gen_random_uuid(), user_id, kind, config, input, 'draft', '[]'::jsonb from output_tasks, generate_series(1, 3)
      where id = ${mine.id}`;
    const refused = await c.post('/tasks', draft(5));
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/none more fit now/);
  });

  it('refuses a cron schedule firing more often than once a minute with a 400 on schedule', async () => {
    const c = await client();
    const res = await c.post('/tasks', cron('*/30 * * * * *'));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'schedule', message: expect.stringMatching(/fires every 30 s .* at most once every 60 s \(OUTPOST_QUOTA_MIN_SCHEDULE_SECONDS\)/) },
    ]);
    expect((await c.post('/tasks', cron('* * * * *'))).status).toBe(201);
  });

  it('refuses cron schedules past OUTPOST_QUOTA_SCHEDULES', async () => {
    const c = await client();
    expect((await c.post('/tasks', cron('0 * * * *'))).status).toBe(201);
    expect((await c.post('/tasks', cron('30 * * * *'))).status).toBe(201);
    const refused = await c.post('/tasks', cron('15 * * * *'));
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/at most 2 cron schedules per user \(OUTPOST_QUOTA_SCHEDULES\)/);
    // Schedules are not pending tasks: one-off tasks still fit.
    expect((await c.post('/tasks', draft(1))).status).toBe(201);
  });

  it('refuses connections past OUTPOST_QUOTA_CONNECTIONS', async () => {
    const c = await client();
    for (const label of ['one', 'two']) expect((await c.post('/connections', { kind: 'http-post', label, secret: {} })).status).toBe(201);
    const refused = await c.post('/connections', { kind: 'http-post', label: 'three', secret: {} });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/at most 2 connections per user \(OUTPOST_QUOTA_CONNECTIONS\)/);
    expect((await c.get('/connections')).body.data).toHaveLength(2);
  });

  it('refuses API keys past OUTPOST_QUOTA_API_KEYS (revoked ones do not count)', async () => {
    const previous = process.env.OUTPOST_QUOTA_API_KEYS;
    process.env.OUTPOST_QUOTA_API_KEYS = '3';
    resetEnvCache();
    try {
      const { userId } = await createUserWithKey();
      await createApiKey(userId, 'two');
      await createApiKey(userId, 'three');
      const error = await createApiKey(userId, 'four').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'quota_exceeded', status: 429 });
      expect((error as Error).message).toMatch(/at most 3 API keys per user \(OUTPOST_QUOTA_API_KEYS\)/);
    } finally {
      if (previous === undefined) delete process.env.OUTPOST_QUOTA_API_KEYS;
      else process.env.OUTPOST_QUOTA_API_KEYS = previous;
      resetEnvCache();
    }
  });

  it('refuses what does not fit under OUTPOST_QUOTA_STORED_BYTES with a 429 naming it; deleting and retention free it (issue 17, finding 6)', async () => {
    const c = await client();
    const storedBytes = async () => Number((await db.select({ n: sql<string>`coalesce(sum(${userStorage.bytes}), 0)` }).from(userStorage).where(eq(userStorage.userId, c.userId)))[0]!.n);
    const rowBytes = async () =>
      Number((await db.execute<{ n: string }>(sql`select coalesce(sum(octet_length(input::text) + coalesce(octet_length(template), 0)), 0) as n from output_tasks where user_id = ${c.userId}`))[0]!.n);
    const big = (n: number) => ({ ...draft(n), input: { n, text: 'x'.repeat(100_000) } });
    const first = await c.post('/tasks', big(1));
    const second = await c.post('/tasks', big(2));
    expect([first.status, second.status]).toEqual([201, 201]);
    // Counted as the rows were written, not by scanning: the counter equals what the rows hold.
    expect(await storedBytes()).toBe(await rowBytes());
    expect(await storedBytes()).toBeGreaterThan(200_000);

    const refused = await c.post('/tasks', big(3));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('quota_exceeded');
    expect(refused.body.error.message).toMatch(/at most 292\.97 KiB stored per user \(OUTPOST_QUOTA_STORED_BYTES\)/);
    expect(refused.body.error.details).toEqual([{ path: 'OUTPOST_QUOTA_STORED_BYTES', message: 'limit 300000 bytes' }]);
    // Templates count against the same bytes.
    const template = await c.post('/templates', { name: 'Big', kind: 'http-post', description: 'big', body: `{"t": "${'y'.repeat(60_000)}"}`, sampleInput: {} });
    expect(template.status).toBe(429);
    expect((await c.get('/tasks?limit=100')).body.data).toHaveLength(2);

    // Deleting a task gives its bytes back at once.
    expect((await c.del(`/tasks/${first.body.id}`)).status).toBe(204);
    expect(await storedBytes()).toBe(await rowBytes());
    expect((await c.post('/tasks', big(3))).status).toBe(201);

    // So does retention deleting a finished one.
    expect((await c.post(`/tasks/${second.body.id}/cancel`, {})).status).toBe(200);
    await db.update(outputTasks).set({ finishedAt: new Date(Date.now() - 3600_000) }).where(eq(outputTasks.id, second.body.id));
    const before = await storedBytes();
    expect((await purgeFinishedTasks({ before: new Date(), userId: c.userId })).deleted).toBe(1);
    expect(before - (await storedBytes())).toBeGreaterThan(100_000);
    expect(await storedBytes()).toBe(await rowBytes());
  });
});
