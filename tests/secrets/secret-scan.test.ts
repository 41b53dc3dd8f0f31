import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadConnectionForDelivery } from '@/lib/credentials';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { api, createUserWithKey } from '../support/app';
import { secretFlows, type FlowContext } from './flows';

// After the flows (tests/secrets/flows.ts) every known secret value — what was pasted, what the
// providers issued, what refreshes and connect flows stored — is looked for in every text, varchar,
// json and jsonb column of every table (pg-boss's schema too), in the web and worker logs and spans, and in
// every API answer the flows got. None may appear.

const known = new Map<string, string>();
// Fields of a stored secret that are not secret (shown as metadata anyway).
const isPlainMetadata = (at: string) => ['siteUrl', 'username', 'blogUrl', 'blogId', 'expiresAt'].includes(at.split('.').at(-1)!);
const answers: { label: string; body: string }[] = [];

function remember(label: string, value: unknown) {
  if (typeof value === 'string' && value.length >= 8) known.set(value, label);
}

/** Every string in a decrypted secret, and the secret path segment of webhook URLs. */
function rememberSecretValues(label: string, secret: unknown, at = '') {
  if (isPlainMetadata(at)) return;
  if (typeof secret === 'string') {
    remember(`${label}${at}`, secret);
    if (/^https?:\/\//.test(secret) && /webhook|services/.test(secret)) remember(`${label}${at} (last path segment)`, new URL(secret).pathname.split('/').at(-1));
    return;
  }
  if (secret && typeof secret === 'object') for (const [k, v] of Object.entries(secret)) rememberSecretValues(label, v, `${at}.${k}`);
}


const context: FlowContext = {
  remember,
  async client() {
    const user = await createUserWithKey();
    const raw = api(user.apiKey);
    const record =
      <A extends unknown[]>(method: string, fn: (path: string, ...rest: A) => Promise<{ status: number; body: unknown }>) =>
      async (p: string, ...rest: A) => {
        const res = await fn(p, ...rest);
        answers.push({ label: `${method} ${p}`, body: typeof res.body === 'string' ? res.body : JSON.stringify(res.body) });
        return res;
      };
    return { ...raw, get: record('GET', raw.get), post: record('POST', raw.post), patch: record('PATCH', raw.patch), del: record('DELETE', raw.del), userId: user.userId } as never;
  },
  answer(label, body) {
    answers.push({ label, body });
  },
  async rememberConnection(id) {
    const loaded = await loadConnectionForDelivery(id);
    if (loaded?.secret) rememberSecretValues(`connection ${id} secret`, loaded.secret);
  },
};

/** The (table, column) pairs that hold text, and the label of each known secret found there. */
async function databaseHits(secrets: string[]): Promise<string[]> {
  const columns = await db.execute<{ schema: string; table: string; column: string }>(sql`
    select c.table_schema as schema, c.table_name as table, c.column_name as column
    from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
      and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar')))`);
  expect(columns.length).toBeGreaterThan(20);
  expect(columns.some((c) => c.schema !== 'public')).toBe(true);
  const hits: string[] = [];
  for (const { schema, table, column } of columns) {
    const ident = sql.raw(`"${schema}"."${table}"`);
    const col = sql.raw(`"${column}"`);
    const found = await db.execute<{ secret: string }>(sql`
      select distinct s as secret from ${ident}, jsonb_array_elements_text(${JSON.stringify(secrets)}::jsonb) s where strpos(${col}::text, s) > 0`);
    for (const row of found) hits.push(`${schema}.${table}.${column}: ${known.get(row.secret)}`);
  }
  return hits;
}

function logFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? logFiles(full) : [full];
  });
}

describe('no known secret is stored, logged or answered in the clear', () => {
  it('runs the flows, then scans every text and JSON column, the logs and the API answers', async () => {
    for (const flow of secretFlows) {
      try {
        await flow.run(context);
      } catch (error) {
        throw new Error(`flow "${flow.name}" failed: ${(error as Error).message}`, { cause: error });
      }
    }
    // Whatever is sealed in any connection now (refreshed pairs, connect-flow tokens) is known too.
    for (const { id } of await db.select({ id: connections.id }).from(connections)) {
      const loaded = await loadConnectionForDelivery(id);
      if (!loaded?.secret) continue;
      rememberSecretValues(`connection ${loaded.row.kind} secret`, loaded.secret);
    }
    const secrets = [...known.keys()];
    expect(secrets.length).toBeGreaterThan(25);

    const hits = await databaseHits(secrets);

    const logDir = process.env.OUTPOST_TEST_LOG_DIR!;
    const logs = logFiles(logDir);
    expect(logs.some((f) => /worker/.test(f))).toBe(true);
    expect(logs.some((f) => /web/.test(f))).toBe(true);
    for (const file of logs) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) if (text.includes(secret)) hits.push(`log ${path.basename(file)}: ${known.get(secret)}`);
    }

    expect(answers.length).toBeGreaterThan(40);
    for (const { label, body } of answers) {
      for (const secret of secrets) if (body.includes(secret)) hits.push(`answer to ${label}: ${known.get(secret)}`);
    }
    // The spans web and worker exported to the test's collector (tracing is on in the test run).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const spans = JSON.stringify(await (await fetch(`${process.env.OUTPOST_TEST_OTLP_URL}/spans`)).json());
    expect(spans.length).toBeGreaterThan(1000);
    for (const secret of secrets) if (spans.includes(secret)) hits.push(`span: ${known.get(secret)}`);
    expect(hits).toEqual([]);
  }, 240_000);
});
