import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { openRowSecret } from '@/lib/credentials';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { api } from '../support/app';
import { AppBrowser } from '../support/browser';
import { callback, consent, start } from '../support/connect-steps';
import { waitForStatus } from '../engine/helpers';

// After every connect flow and a delivery through each connection, no secret the providers handed
// out — tokens, webhook URLs' secret parts, the application password, the codes — is anywhere but
// sealed in its connection: not in any text or JSON column of any table (pg-boss's included), not
// in an API answer or the Connections page, not in the web or worker logs.

/** The secret strings inside one opened connection secret. */
function secretStrings(secret: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const [key, value] of Object.entries(secret)) {
    if (typeof value !== 'string') continue;
    if (/token|password/i.test(key)) found.push(value, value.replace(/\s/g, ''));
    if (key === 'webhookUrl') found.push(value, value.split('/').at(-1)!);
  }
  return found.filter((s) => s.length >= 12);
}

async function textColumns(): Promise<{ schema: string; table: string; column: string }[]> {
  const rows = await db.execute<{ table_schema: string; table_name: string; column_name: string }>(sql`
    select c.table_schema, c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema not in ('pg_catalog', 'information_schema')
      and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`);
  return [...rows].map((r) => ({ schema: r.table_schema, table: r.table_name, column: r.column_name }));
}

describe('secrets from the OAuth flows at rest', () => {
  it('appear in no table, API answer, page or log: only sealed in their connections', async () => {
    const browser = await AppBrowser.signIn();
    const key = (await createApiKey(browser.userId, 'scan')).key;
    const client = api(key);
    const codes: string[] = [];
    const run = async (kind: string, extra: Record<string, string> = {}) => {
      const back = await consent(await start(browser, kind), 'allow', extra);
      codes.push(back.searchParams.get('code')!, back.searchParams.get('state')!);
      await callback(browser, back);
    };
    await run('x');
    await run('slack');
    await run('discord');
    await run('wordpress-com');
    const site = `${process.env.OUTPOST_TEST_SANDBOX_URL}/wp`;
    const page = await start(browser, 'wordpress', `?site=${encodeURIComponent(site)}`);
    const form = new URLSearchParams(page.searchParams);
    form.set('approve', '1');
    const approved = new URL((await fetch(`${page.origin}${page.pathname}`, { method: 'POST', body: form, redirect: 'manual' })).headers.get('location')!);
    await callback(browser, approved);

    const rows = await db.select().from(connections).where(eq(connections.userId, browser.userId));
    expect(rows.map((r) => r.kind).sort()).toEqual(['discord-webhook', 'slack-webhook', 'twitter-thread', 'wordpress-post', 'wordpress-post']);
    const secrets = new Set<string>([...codes, approved.searchParams.get('password')!]);
    for (const row of rows) for (const s of secretStrings(openRowSecret<Record<string, unknown>>(row))) secrets.add(s);
    expect(secrets.size).toBeGreaterThan(10);

    // A delivery through each connection (the X one may refresh and rotate its tokens on the way).
    for (const row of rows) {
      const task =
        row.kind === 'wordpress-post'
          ? { kind: row.kind, connectionId: row.id, input: { body: 'scan' }, config: { title: `scan ${row.id}` } }
          : { kind: row.kind, connectionId: row.id, input: { text: `scan ${row.id}` }, template: '{{ input.text }}' };
      const created = await client.post('/tasks', task);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await waitForStatus(client, created.body.id)).status).toBe('succeeded');
    }
    for (const row of await db.select().from(connections).where(eq(connections.userId, browser.userId))) {
      for (const s of secretStrings(openRowSecret<Record<string, unknown>>(row))) secrets.add(s);
    }

    const leaks: string[] = [];
    for (const { schema, table, column } of await textColumns()) {
      const values = await db.execute<{ v: string | null }>(sql`select ${sql.identifier(column)}::text as v from ${sql.identifier(schema)}.${sql.identifier(table)}`);
      for (const { v } of values) {
        if (v && [...secrets].some((s) => v.includes(s))) leaks.push(`${schema}.${table}.${column}`);
      }
    }
    expect([...new Set(leaks)]).toEqual([]);

    const answers = [
      JSON.stringify((await client.get('/connections')).body),
      ...(await Promise.all(rows.map(async (r) => JSON.stringify((await client.get(`/connections/${r.id}`)).body)))),
      await (await browser.get('/connections')).text(),
    ];
    for (const answer of answers) for (const s of secrets) expect(answer.includes(s), 'a secret in an API answer or the page').toBe(false);

    const logDir = process.env.OUTPOST_TEST_LOG_DIR!;
    for (const file of readdirSync(logDir).filter((f) => f.endsWith('.log'))) {
      const log = readFileSync(path.join(logDir, file), 'utf8');
      for (const s of secrets) expect(log.includes(s), `a secret in ${file}`).toBe(false);
    }
  });
});
