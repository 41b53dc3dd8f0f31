import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextBin } from '../../scripts/lib/build-state.mjs';
import { createUserWithKey } from '../support/app';
import { freePort, startProcess, waitFor, type ManagedProcess } from '../support/processes';

// A web server of its own with a small limit (1 request a second, bursts of 3), on the test database.
let web: ManagedProcess;
let origin: string;
beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  web = startProcess(
    'web-rate-limited',
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    { ...process.env, NODE_ENV: 'production', PORT: String(port), OUTPOST_API_RATE_LIMIT: '1', OUTPOST_API_RATE_BURST: '3' },
    process.env.OUTPOST_TEST_LOG_DIR ?? path.join('/tmp', 'outpost-test-logs'),
  );
  await waitFor(async () => (await fetch(`${origin}/api/v1/openapi.json`).catch(() => null))?.ok, { timeoutMs: 30_000, what: 'the rate-limited web server' });
}, 40_000);
afterAll(() => web?.stop());

const get = (apiKey: string) => fetch(`${origin}/api/v1/integrations`, { headers: { authorization: `Bearer ${apiKey}` } });

describe('API rate limit per account', () => {
  it('answers 429 with Retry-After and the error envelope past the burst', async () => {
    const { apiKey } = await createUserWithKey();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(apiKey)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await get(apiKey);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('1/s per account (bursts of 3)') } });
  });

  it('limits each account on its own', async () => {
    const first = await createUserWithKey();
    for (let i = 0; i < 4; i++) await get(first.apiKey);
    const second = await createUserWithKey();
    expect((await get(second.apiKey)).status).toBe(200);
  });

  it('lets requests through again once Retry-After has passed', async () => {
    const { apiKey } = await createUserWithKey();
    let limited: Response | undefined;
    for (let i = 0; i < 4; i++) limited = await get(apiKey);
    expect(limited!.status).toBe(429);
    await new Promise((r) => setTimeout(r, Number(limited!.headers.get('retry-after')) * 1000));
    expect((await get(apiKey)).status).toBe(200);
  });
});
