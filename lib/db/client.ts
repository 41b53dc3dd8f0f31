import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres, { type Sql, type TransactionSql } from 'postgres';
import { env } from '@/lib/env';
import * as schema from './schema';
import { resolveDatabaseUrl } from './url';

export type Db = PostgresJsDatabase<typeof schema>;

type Clients = { sql: Sql; db: Db };

// Next dev reloads modules; keep one pool per process.
const globalForDb = globalThis as unknown as { outpostDb?: Clients; outpostBookkeeping?: Clients };

// After a restart or failover every pool slot reconnects on its next statement. postgres.js waits
// 3^n/100 s (up to 20 s) after the n-th failed connect in a row, so a 30 s outage left slots waiting
// up to 20 s after Postgres was back; here the wait grows from 50 ms to 1 s. A connect that hangs
// (a server starting up, a proxy with no backend) gives up after 10 s instead of 30.
export const RECONNECT = {
  backoff: (failures: number) => Math.min(0.05 * 2 ** failures, 1),
  connect_timeout: 10,
} as const;

function connect(max: number, settings: Record<string, string> = {}): Clients {
  const sql = postgres(resolveDatabaseUrl(), {
    max,
    ...RECONNECT,
    onnotice: () => {},
    connection: { application_name: process.env.OUTPOST_PROCESS_NAME ?? 'outpost', ...settings },
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
  globalForDb.outpostDb ??= connect(env().OUTPOST_DB_POOL_SIZE);
  return globalForDb.outpostDb;
}

/**
 * The worker's pool for bookkeeping that recovery redoes anyway: pg-boss fetches, completions and
 * heartbeats of delivery jobs, and the claim of a task. These commit without waiting for the WAL
 * flush (`synchronous_commit = off`; each flush costs Postgres more CPU than the statement itself).
 * Only a Postgres crash can lose them, and only the last few hundred milliseconds' worth — never
 * one older than a durable commit that followed it, since the WAL is written in order. A lost fetch
 * or claim is then a delivery interrupted mid-flight, which the engine already recovers (pg-boss
 * re-delivers, the guarded claim decides); a lost completion re-delivers a job whose task is
 * already settled, a no-op. What a person relies on stays durable on the main pool: the task
 * created, its outcome, its progress (X threads) and every job sent.
 */
function bookkeeping(): Clients {
  globalForDb.outpostBookkeeping ??= connect(Math.max(2, Math.ceil(env().OUTPOST_DB_POOL_SIZE / 2)), { synchronous_commit: 'off' });
  return globalForDb.outpostBookkeeping;
}

export function bookkeepingSql(): Sql {
  return bookkeeping().sql;
}

/** bookkeepingSql() through drizzle. */
export function bookkeepingDb(): Db {
  return bookkeeping().db;
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

export type Statement = { text: string; values: unknown[] };

const dialect = new PgDialect();

/** A drizzle `sql` fragment as a statement for the pipelined helpers below. */
export function toStatement(query: SQL): Statement {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, values: params };
}

/**
 * Autocommit statements sent together on one connection: one round trip, run in order, each
 * seeing what the previous ones committed.
 */
export async function pipelined(statements: Statement[]): Promise<Record<string, unknown>[][]> {
  const conn = await clients().sql.reserve();
  try {
    const results = await Promise.all(
      statements.map((s) => conn.unsafe(s.text, s.values as never[], { prepare: s.values.length <= MAX_PREPARED_PARAMS })),
    );
    return results.map((rows) => [...rows] as Record<string, unknown>[]);
  } finally {
    conn.release();
  }
}

/**
 * BEGIN, the statements and COMMIT sent together on one connection: one round trip for a
 * transaction whose statements do not depend on each other's results. If one fails, the rest fail
 * with it and COMMIT ends in a rollback; the first error is thrown.
 */
export async function pipelinedTransaction(statements: Statement[]): Promise<Record<string, unknown>[][]> {
  const conn = await clients().sql.reserve();
  try {
    const settled = await Promise.allSettled([
      conn.unsafe('begin'),
      ...statements.map((s) => conn.unsafe(s.text, s.values as never[], { prepare: s.values.length <= MAX_PREPARED_PARAMS })),
      conn.unsafe('commit'),
    ]);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await conn.unsafe('rollback').catch(() => {});
      throw failed.reason;
    }
    const commit = settled.at(-1) as PromiseFulfilledResult<{ command: string }>;
    if (commit.value.command !== 'COMMIT') throw new Error(`transaction ended with ${commit.value.command}`);
    return settled.slice(1, -1).map((r) => [...(r as PromiseFulfilledResult<Record<string, unknown>[]>).value]);
  } finally {
    conn.release();
  }
}

export async function closeDb(): Promise<void> {
  const pools = [globalForDb.outpostDb, globalForDb.outpostBookkeeping];
  globalForDb.outpostDb = undefined;
  globalForDb.outpostBookkeeping = undefined;
  await Promise.all(pools.map((pool) => pool?.sql.end({ timeout: 5 })));
}
