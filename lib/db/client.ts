import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres, { type Sql, type TransactionSql } from 'postgres';
import { env } from '@/lib/env';
import * as schema from './schema';
import { resolveDatabaseUrl } from './url';

export type Db = PostgresJsDatabase<typeof schema>;

type Clients = { sql: Sql; db: Db };

// Next dev reloads modules; keep one pool per process.
const globalForDb = globalThis as unknown as { outpostDb?: Clients };

function connect(): Clients {
  const sql = postgres(resolveDatabaseUrl(), {
    max: env().OUTPOST_DB_POOL_SIZE,
    onnotice: () => {},
    connection: { application_name: process.env.OUTPOST_PROCESS_NAME ?? 'outpost' },
  });
  if (env().OUTPOST_DB_PREPARE) preparePlainStatements(sql);
  return { sql, db: drizzle(sql, { schema }) };
}

// drizzle sends every query unprepared, so Postgres parses and plans each one again. Statements
// with few parameters have a handful of shapes (the hot paths: auth, create, claim, settle), so
// those are prepared once per connection; long parameter lists (bulk inserts, IN lists of any
// length) stay unprepared so the per-connection statement cache stays small.
const MAX_PREPARED_PARAMS = 32;

function preparePlainStatements(sql: Sql): void {
  const unsafe = sql.unsafe.bind(sql);
  const prepared: typeof sql.unsafe = (query, params, options) =>
    unsafe(query, params, { ...options, prepare: (params?.length ?? 0) <= MAX_PREPARED_PARAMS });
  Object.assign(sql, { unsafe: prepared });
}

function clients(): Clients {
  globalForDb.outpostDb ??= connect();
  return globalForDb.outpostDb;
}

/** The shared drizzle database (lazy: nothing connects until first use). */
export const db: Db = new Proxy({} as Db, {
  get: (_t, prop) => Reflect.get(clients().db, prop),
});

/** The concrete drizzle instance, for libraries that inspect its class (Auth.js adapter). */
export function getDb(): Db {
  return clients().db;
}

export function rawSql(): Sql {
  return clients().sql;
}

export type Tx = { db: Db; sql: TransactionSql };

/**
 * Runs `fn` in one transaction, giving both drizzle and the raw postgres.js handle so that pg-boss
 * can enqueue inside the same transaction (see lib/queue/tx-adapter.ts).
 */
export async function withTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return clients().db.transaction(async (txDb) => {
    // drizzle's postgres-js transaction keeps the postgres.js TransactionSql on its session.
    const sql = (txDb as unknown as { session: { client: TransactionSql } }).session.client;
    return fn({ db: txDb as unknown as Db, sql });
  });
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.outpostDb;
  globalForDb.outpostDb = undefined;
  await current?.sql.end({ timeout: 5 });
}
