import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { api, appUrl, createUserWithKey } from '../support/app';
import { discoverRoutes } from '../support/routes';

// DESIGN §3/§8, as properties: whatever a client sends to any /api/v1 route — arbitrary bodies
// (control characters, lone surrogates, deep nesting, wrong types, huge numbers, long strings),
// query strings and path segments, with or without a valid key — the answer is never a 5xx, and
// a refused request writes no row. The routes are read from app/api/v1/**/route.ts, so a new
// route is fuzzed without anyone listing it.
//
// Bounded: in CI a fixed seed and OUTPOST_FUZZ_RUNS (default 20) runs per route and method;
// locally set OUTPOST_FUZZ_RUNS=500 (and OUTPOST_FUZZ_SEED) for a longer search.

const RUNS = Number(process.env.OUTPOST_FUZZ_RUNS ?? 20);
const SEED = process.env.OUTPOST_FUZZ_SEED ? Number(process.env.OUTPOST_FUZZ_SEED) : process.env.CI ? 0x5eed : Date.now() % 2 ** 31;
// ── arbitraries ──────────────────────────────────────────────────────────────────────────────
const hostileChar = fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\ud800', '\udfff', '\u2028', '\ufeff', '"', '\\', '%', '{', '[', '\n', '🚀');
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.array(fc.oneof(hostileChar, fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', 'null', 'http-post', 'slack-webhook', '00000000-0000-4000-8000-000000000000', 'x'.repeat(70_000)),
);
const hugeNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.1, 1e-320, 4294967296, -1),
  fc.integer(),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((n) => Number(n)),
);
const scalar = fc.oneof(hostileString, hugeNumber, fc.boolean(), fc.constant(null));
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
})).value;
/** Objects shaped like real bodies (known field names) with wrong or hostile values. */
const knownFields = ['kind', 'input', 'config', 'template', 'templateId', 'connectionId', 'name', 'label', 'secret', 'tasks', 'dependsOn', 'runAt', 'schedule', 'mapping', 'condition', 'batchKey', 'maxAttempts', 'batchWindowSeconds', 'draft', 'idempotencyKey', 'body', 'description', 'sampleInput', 'returnTo', 'visibility', 'url', 'headers'];
const bodyLike = fc.dictionary(fc.constantFrom(...knownFields), jsonish, { maxKeys: 8 });
const validishTask = fc.record({
  kind: fc.constantFrom('http-post', 'slack-webhook', 'nope'),
  input: jsonish,
  draft: fc.constant(true),
  config: fc.oneof(fc.record({ url: fc.oneof(fc.constant('https://example.com/hook'), hostileString), headers: fc.dictionary(hostileString, hostileString, { maxKeys: 2 }) }), jsonish),
  name: fc.option(hostileString, { nil: undefined }),
});
/** Raw text: nesting beyond any sane depth, broken JSON, huge literals. */
const rawBody = fc.oneof(
  fc.integer({ min: 1, max: 200_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 60, max: 5000 }).map((n) => `{"input":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  fc.constantFrom('', '{', '{"a":1,}', 'nul', '1e99999', '-', '"\\ud800"', '{"input":"\\u0000"}', '{"tasks":[' + '{},'.repeat(600) + '{}]}', '\u0000'),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const body = fc.oneof(
  jsonish.map((v) => JSON.stringify(v) ?? 'null'),
  bodyLike.map((v) => JSON.stringify(v)),
  validishTask.map((v) => JSON.stringify(v)),
  fc.array(validishTask, { maxLength: 3 }).map((tasks) => JSON.stringify({ tasks })),
  rawBody,
);

function encodeLoosely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be URI-encoded; send the bytes a client could still put on the wire.
    return Buffer.from(value).toString('hex').replace(/(..)/g, '%$1');
  }
}
const queryString = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom('status', 'kind', 'limit', 'cursor', 'q', 'version', 'visibility'), hostileString), fc.oneof(hostileString, hugeNumber.map(String))), { maxLength: 4 })
    .map((pairs) => '?' + pairs.map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(v)}`).join('&')),
  fc.constantFrom('?kind=%00', '?limit=1e309', '?limit=-1', '?cursor=%ff%fe', '?status=%ED%A0%80', '?%00=1', '?limit=1&limit=2', '?a=%', '?cursor=' + 'A'.repeat(5000)),
);

// ── bookkeeping ──────────────────────────────────────────────────────────────────────────────
let apiKey: string;
let userId: string;
let ownedTaskId: string;
let ownedConnectionId: string;
let ownedTables: { table: string; column: string }[];

/** Rows the user owns in every table with a user column (new tables are picked up on their own). */
async function ownedRowCount(): Promise<number> {
  let total = 0;
  for (const { table, column } of ownedTables) {
    const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)}::text = ${userId}`);
    total += Number(rows[0]!.n);
  }
  return total;
}

function pathFor(template: string, segment: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const params = template.match(/\[[^\]]+\]/g) ?? [];
  if (params.length === 0) return fc.constant(template);
  return fc.tuple(...params.map(() => segment)).map((values) => {
    let i = 0;
    return template.replace(/\[[^\]]+\]/g, () => values[i++]!);
  });
}

beforeAll(async () => {
  ({ apiKey, userId } = await createUserWithKey());
  const task = await api(apiKey).post('/tasks', { kind: 'http-post', draft: true, input: { a: 1 }, config: { url: 'https://example.com/hook' } });
  expect(task.status).toBe(201);
  ownedTaskId = task.body.id;
  const connection = await api(apiKey).post('/connections', { kind: 'http-post', label: 'fuzz', secret: { headers: { 'X-Token': 'fuzz-secret' }, allowedOrigins: ['https://example.com'] } });
  expect(connection.status).toBe(201);
  ownedConnectionId = connection.body.id;
  const columns = await db.execute<{ table_name: string; column_name: string }>(sql`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and column_name in ('user_id', 'userId', 'owner_id')`);
  ownedTables = columns.map((c) => ({ table: c.table_name, column: c.column_name }));
  expect(ownedTables.map((t) => t.table)).toEqual(expect.arrayContaining(['output_tasks', 'connections', 'api_keys']));
});

const routes = discoverRoutes();

describe('every /api/v1 route under arbitrary input', () => {
  it('finds the routes on disk, each with at least one method', () => {
    expect(routes.map((r) => r.template)).toEqual(expect.arrayContaining(['/tasks', '/tasks/[id]', '/tasks/batch', '/preview', '/connections']));
    for (const route of routes) expect(route.methods.length, `${route.template} exports no HTTP method`).toBeGreaterThan(0);
  });

  for (const route of routes) {
    for (const method of route.methods) {
      it(`${method} /api/v1${route.template}: never a 5xx, and a refused request writes no row`, { timeout: 120_000 }, async () => {
        const segment = fc.oneof(
          fc.constantFrom(ownedTaskId, ownedConnectionId, randomUUID(), '00000000-0000-0000-0000-000000000000'),
          hostileString.map(encodeLoosely),
          fc.constantFrom('%00', '%ED%A0%80', '..', '%2e%2e', 'a'.repeat(3000)),
        );
        const request = fc.record({
          path: pathFor(route.template, segment),
          query: queryString,
          body: method === 'GET' || method === 'DELETE' ? fc.constant(undefined) : body,
          authorized: fc.boolean(),
          idempotencyKey: fc.option(fc.string({ maxLength: 300 }).filter((s) => /^[\x20-\x7e]*$/.test(s)), { nil: undefined }),
        });
        await fc.assert(
          fc.asyncProperty(request, async (req) => {
            const before = await ownedRowCount();
            const res = await fetch(`${appUrl()}/api/v1${req.path}${req.query}`, {
              method,
              headers: {
                ...(req.authorized ? { authorization: `Bearer ${apiKey}` } : {}),
                ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
                ...(req.idempotencyKey !== undefined ? { 'idempotency-key': req.idempotencyKey } : {}),
              },
              body: req.body,
            });
            const text = await res.text();
            expect(res.status, `${method} ${req.path}${req.query} answered ${res.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
            if (res.status >= 400) {
              // 431/414 come from Node's HTTP parser (a URL longer than it reads), before the app;
              // 405 from Next.js itself when an empty segment (`/tasks//run` → `/tasks/run`) lands
              // on a route file without that method.
              if (![405, 414, 431].includes(res.status)) {
                expect(JSON.parse(text), 'the error envelope').toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
              }
              expect(await ownedRowCount(), `${method} ${req.path} answered ${res.status} but wrote a row`).toBe(before);
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      });
    }
  }
});
