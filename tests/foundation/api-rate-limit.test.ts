import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextBin } from '../../scripts/lib/build-state.mjs';
import { takeToken } from '@/lib/rate-limit/token-bucket';
import { createUserWithKey } from '../support/app';
import { freePort, startProcess, waitFor, type ManagedProcess } from '../support/processes';

// Two web servers of their own on the test database, as two instances behind one load balancer:
// 50 requests a second per account, bursts of 5, so a second's worth is ~50 however they are spread.
const BURST = 5;
const RATE = 50;
let webs: ManagedProcess[] = [];
let origins: string[] = [];
beforeAll(async () => {
  const ports = [await freePort(), await freePort()];
  origins = ports.map((port) => `http://127.0.0.1:${port}`);
  webs = ports.map((port, i) =>
    startProcess(
      `web-rate-limited-${i}`,
      process.execPath,
      [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
      { ...process.env, NODE_ENV: 'production', PORT: String(port), OUTPOST_API_RATE_LIMIT: String(RATE), OUTPOST_API_RATE_BURST: String(BURST) },
      process.env.OUTPOST_TEST_LOG_DIR ?? path.join('/tmp', 'outpost-test-logs'),
    ),
  );
  for (const origin of origins) {
    await waitFor(async () => (await fetch(`${origin}/api/v1/openapi.json`).catch(() => null))?.ok, { timeoutMs: 60_000, what: `the rate-limited web server ${origin}` });
  }
}, 90_000);
afterAll(() => Promise.all(webs.map((web) => web.stop())));

const get = (apiKey: string, origin = origins[0]!) => fetch(`${origin}/api/v1/integrations`, { headers: { authorization: `Bearer ${apiKey}` } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `count` requests spread evenly over `ms`, alternating between the two instances. */
async function spread(apiKey: string, count: number, ms: number) {
  const started = performance.now();
  const pending: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * ms) / count;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(get(apiKey, origins[i % 2]).then(async (res) => (await res.arrayBuffer(), res.status)));
  }
  const statuses = await Promise.all(pending);
  return { statuses, seconds: (performance.now() - started) / 1000 };
}

describe('API rate limit per account, across web instances', () => {
  it('lets ~50 of 200 requests in a second through two instances together, the rest 429', async () => {
    const { apiKey } = await createUserWithKey();
    const { statuses, seconds } = await spread(apiKey, 200, 1000);
    const passed = statuses.filter((s) => s === 200).length;
    const limited = statuses.filter((s) => s === 429).length;
    console.log(`[api-rate-limit] ${passed} passed, ${limited} limited, in ${seconds.toFixed(2)} s (first send to last answer)`);
    expect(passed + limited).toBe(200);
    // Tokens come at 50/s into a bucket of 5: at most 5 + 50 per second the requests were being
    // answered. Two per-process buckets would let about twice that through.
    expect(passed).toBeLessThanOrEqual(BURST + Math.ceil(RATE * seconds) + 2);
    expect(passed).toBeGreaterThanOrEqual(RATE * 0.7);
  });

  it('answers 429 with Retry-After and the error envelope on either instance', async () => {
    const { apiKey } = await createUserWithKey();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => get(apiKey, origins[i % 2])));
    const limited = answers.filter((res) => res.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited[0]!.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining(`${RATE}/s per account (bursts of ${BURST})`) } });
  });

  it('limits each account on its own', async () => {
    const first = await createUserWithKey();
    await Promise.all(Array.from({ length: 10 }, () => get(first.apiKey)));
    const second = await createUserWithKey();
    expect((await get(second.apiKey, origins[1])).status).toBe(200);
  });

  it('lets requests through again once Retry-After has passed', async () => {
    const { apiKey } = await createUserWithKey();
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(apiKey)));
    const limited = answers.find((res) => res.status === 429);
    expect(limited).toBeDefined();
    await sleep(Number(limited!.headers.get('retry-after')) * 1000);
    expect((await get(apiKey, origins[1])).status).toBe(200);
  });

  it('costs one statement per request: the p50 of 1,000 takes is printed for the README', async () => {
    const policy = { capacity: 1_000_000, refillPerSecond: 1_000_000 };
    for (let i = 0; i < 50; i++) await takeToken('api:acct:cost-warmup', policy);
    const times: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const started = performance.now();
      await takeToken('api:acct:cost', policy);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const [p50, p99] = [times[500]!, times[990]!];
    console.log(`[api-rate-limit] takeToken p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms over 1,000 calls`);
    expect(p50).toBeLessThan(20);
  });
});
